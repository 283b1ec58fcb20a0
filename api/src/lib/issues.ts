import type { FieldIssue } from "../errors";

/**
 * The field issue codes a 400 carries in `details.fields[].code`, and the `params` each may
 * carry, so a client (the console's forms) can word the problem in its own language and keep
 * `message` (English) as the fallback. zod's own codes come first; the rest are ours.
 */
export const ISSUE_CODES = {
  invalid_type: "wrong type; params: expected (string, number, boolean, object, array…)",
  too_small: "below the minimum; params: minimum, origin (string: characters, number, array: items, date), inclusive",
  too_big: "above the maximum; params: maximum, origin, inclusive",
  invalid_format: "a string in the wrong format; params: format (email, url, datetime, regex…), pattern",
  invalid_value: "not one of the allowed values; params: values",
  unrecognized_keys: "fields the route does not take; params: keys",
  invalid_union: "matches none of the accepted shapes",
  invalid_key: "a record key of the wrong shape; params: origin",
  invalid_element: "a bad element of a map or set; params: origin",
  not_multiple_of: "params: divisor",
  custom: "a rule of the route's own; message says which",
  required: "missing; required in this case (message says when)",
  invalid_date: "a date or instant that does not exist (2026-02-30, year 0)",
  nul_character: "a string holds U+0000, which no text column stores",
  too_deep: "JSON nested deeper than the api accepts; params: maximum",
  invalid_encoding: "a URL that is not valid percent-encoded UTF-8",
} as const;

/** The params worth passing on, per zod issue field (the rest are zod internals or the input itself). */
const PARAM_KEYS = ["expected", "origin", "minimum", "maximum", "inclusive", "exact", "format", "pattern", "divisor", "keys", "values", "discriminator"] as const;

const jsonSafe = (v: unknown): unknown =>
  typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : String(v)) : Array.isArray(v) ? v.map(jsonSafe) : v instanceof RegExp ? v.source : v;

/**
 * A zod issue's (or a fastify validation item's) params: the known keys of the issue, plus a
 * custom issue's own `params` (its `code` is the field code, so not repeated). Undefined when empty.
 */
export function issueParams(issue: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const k of PARAM_KEYS) {
    const v = issue[k];
    if (v !== undefined && typeof v !== "function" && typeof v !== "symbol") out[k] = jsonSafe(v);
  }
  const own = issue.params;
  if (own && typeof own === "object") {
    for (const [k, v] of Object.entries(own)) if (k !== "code" && k !== "issue" && v !== undefined) out[k] = jsonSafe(v);
  }
  return Object.keys(out).length ? out : undefined;
}

/** A custom issue may name its own code in `params.code` (a domain rule checked in the schema). */
export function issueCode(issue: { code?: unknown; keyword?: unknown; params?: unknown }): string {
  const own = (issue.params as { code?: unknown } | undefined)?.code;
  if (typeof own === "string") return own;
  const code = issue.code ?? issue.keyword;
  return typeof code === "string" ? code : "invalid";
}

/** zod issues as field issues: dotted `path` (with `prefix` when given), code, message, params. */
export function zodFieldIssues(issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[], prefix?: string): FieldIssue[] {
  return issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter((p) => p !== undefined && p !== "").join(".") || "(root)";
    const params = issueParams(i as unknown as Record<string, unknown>);
    return { code: issueCode(i as { code: string; params?: unknown }), path, message: i.message, ...(params ? { params } : {}) };
  });
}

/** What fastify-type-provider-zod reports per issue (the zod issue spread into `params`). */
export interface ValidationItem {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown> & { issue?: { path?: PropertyKey[] }; missingProperty?: string };
}

function itemPath(item: ValidationItem): string {
  const issuePath = item.params?.issue?.path;
  if (issuePath?.length) return issuePath.map(String).join(".");
  const fromPointer = (item.instancePath ?? "").replace(/^\//, "").split("/").filter(Boolean).join(".");
  return [fromPointer, item.params?.missingProperty].filter(Boolean).join(".") || "(root)";
}

/** A failed schema validation's items as field issues (`prefix`: e.g. "query" for the metric routes). */
export function validationFieldIssues(items: readonly ValidationItem[], prefix?: string): FieldIssue[] {
  return items.map((v) => {
    const params = issueParams(v.params ?? {});
    const path = itemPath(v);
    return { code: issueCode({ keyword: v.keyword, params: v.params?.params }), path: prefix ? `${prefix}.${path}` : path, message: v.message ?? "invalid", ...(params ? { params } : {}) };
  });
}

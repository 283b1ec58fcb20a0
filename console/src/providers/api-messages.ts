/**
 * The api speaks English; every 4xx field issue also carries a machine `code` and its `params`
 * (zod's: `minimum`, `maximum`, `origin`, `expected`, `format`, `values`…, or a domain's own). This
 * turns them into the UI language. A code it does not know keeps the api's English message.
 */

/** One field's problem as the api answers it in `details.fields`. */
export interface ApiFieldIssue {
  code?: string;
  path: string | (string | number)[];
  message: string;
  params?: Record<string, unknown>;
}

/** The part of i18next's `t` this needs; `defaultValue` is what a missing key yields. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined);
const list = (v: unknown, t: Translate, prefix?: string): string =>
  (Array.isArray(v) ? v : [v]).map((x) => (prefix ? t(`${prefix}.${String(x)}`, { defaultValue: String(x) }) : String(x))).join(", ");

/** zod 4 puts the issue's own properties next to `code`; a server may also nest them in `params`. */
function paramsOf(issue: ApiFieldIssue): Record<string, unknown> {
  const { code: _code, path: _path, message: _message, params, ...rest } = issue as ApiFieldIssue & Record<string, unknown>;
  return { ...rest, ...(params ?? {}) };
}

function bound(kind: "too_small" | "too_big", p: Record<string, unknown>, t: Translate, fallback: string): string {
  const key = kind === "too_small" ? "minimum" : "maximum";
  const value = num(p[key]);
  if (value === undefined) return fallback;
  const origin = typeof p.origin === "string" ? p.origin : typeof p.type === "string" ? p.type : "other";
  if (kind === "too_small" && origin === "string" && value === 1) return t("errors.fields.required");
  const exclusive = p.inclusive === false;
  const variant = origin === "string" ? "string" : origin === "array" || origin === "set" ? "array" : origin === "number" || origin === "int" || origin === "bigint" ? (exclusive ? "numberExclusive" : "number") : "other";
  return t(`errors.fields.${kind}.${variant}`, { [key]: value });
}

/** One field issue in the UI language. */
export function fieldIssueMessage(issue: ApiFieldIssue, t: Translate): string {
  const p = paramsOf(issue);
  const code = typeof p.code === "string" && issue.code === "custom" ? p.code : (issue.code ?? "custom");
  const english = issue.message;
  switch (code) {
    case "required":
      return t("errors.fields.required");
    case "too_small":
    case "too_big":
      return bound(code, p, t, english);
    case "invalid_type": {
      // zod says "expected string, received undefined" for a missing field
      if (/received undefined/i.test(english) || p.received === "undefined") return t("errors.fields.required");
      const expected = typeof p.expected === "string" ? p.expected : undefined;
      return expected ? t("errors.fields.invalid_type", { expected: t(`errors.fields.types.${expected}`, { defaultValue: expected }) }) : english;
    }
    case "invalid_format":
    case "invalid_string": {
      const format = typeof p.format === "string" ? p.format : typeof p.validation === "string" ? p.validation : "other";
      return t(`errors.fields.invalid_format.${format}`, { defaultValue: t("errors.fields.invalid_format.other") });
    }
    case "invalid_value":
    case "invalid_enum_value":
      return p.values === undefined && p.options === undefined ? english : t("errors.fields.invalid_value", { values: list(p.values ?? p.options, t) });
    case "invalid_union":
      return t("errors.fields.invalid_union");
    case "not_multiple_of":
      return num(p.divisor) === undefined ? english : t("errors.fields.not_multiple_of", { divisor: num(p.divisor) });
    case "unrecognized_keys":
      return t("errors.fields.unrecognized_keys", { keys: list(p.keys ?? [], t) });
    case "unsupported_grain":
      return t("errors.fields.unsupported_grain", { grain: t(`alerts.grains.${String(p.grain)}`, { defaultValue: String(p.grain ?? "") }), grains: list(p.grains ?? [], t, "alerts.grains") });
    case "not_a_series":
      return t("errors.fields.not_a_series", { kind: t(`errors.fields.kinds.${String(p.kind)}`, { defaultValue: String(p.kind ?? "") }) });
    default:
      // a domain's own code: translated when some locale knows it, the api's English otherwise
      return t(`errors.fields.${code}`, { ...p, defaultValue: english });
  }
}

/**
 * Where a field issue goes on a form: `emailTo.0` (one tag of a tags select) lands on `emailTo`;
 * `(root)` goes nowhere (the notification says it).
 */
export function formFieldOf(path: ApiFieldIssue["path"]): string | undefined {
  const parts = (Array.isArray(path) ? path.map(String) : path.split(".")).filter(Boolean);
  while (parts.length > 1 && /^\d+$/.test(parts[parts.length - 1]!)) parts.pop();
  const key = parts.join(".");
  return key && key !== "(root)" ? key : undefined;
}

/** The body of an api refusal, as far as a translation needs it. */
export interface ApiErrorLike {
  code?: string;
  message?: string;
  requestId?: string;
  details?: { fields?: ApiFieldIssue[]; retryAfterSeconds?: number; [key: string]: unknown };
}

/**
 * The whole refusal in the UI language: a field-level refusal lists its fields (form fields also
 * show them each); other codes have a sentence each; an unknown code keeps the api's message.
 */
export function apiErrorMessage(body: ApiErrorLike | undefined, status: number, t: Translate, fallback: string): string {
  const fields = body?.details?.fields ?? [];
  if (fields.length) {
    const issues = fields.map((f) => {
      const field = formFieldOf(f.path);
      const message = fieldIssueMessage(f, t);
      return field ? `${field}: ${message}` : message;
    });
    return `${t("errors.codes.validation_error")} — ${issues.join("; ")}`;
  }
  const code = body?.code ?? (status === 0 ? "network" : undefined);
  if (!code) return body?.message ?? fallback;
  const seconds = Math.max(1, Math.ceil(num(body?.details?.retryAfterSeconds) ?? 60));
  const known = t(`errors.codes.${code}`, { defaultValue: "", seconds, requestId: body?.requestId ?? "—" });
  // bad_request and codes from elsewhere say something specific: keep the api's words for them
  if (!known) return body?.message || fallback;
  // a conflict's reason is specific ("the last enabled admin…"): the sentence, then the api's words
  return code === "conflict" && body?.message ? `${known}: ${body.message}` : known;
}

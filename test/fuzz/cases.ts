import fc from "fast-check";

/**
 * Bad input for a route, generated from its OpenAPI operation: one field of a plausible request
 * replaced by a hostile or boundary value (wrong type, just past a limit, huge, NUL-laden, lone
 * surrogates, int overflow, absurd dates, traversal, deep JSON), or the whole body/query replaced.
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI path, `{id}` style */
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
}

/** A raw path segment or query value: sent as written (already percent-encoded, or deliberately not). */
export class Raw {
  constructor(readonly text: string) {}
}

export interface FuzzCase {
  /** what was made bad, for the report */
  target: string;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** undefined: no body; a string with `rawBody`: sent as is */
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

const LONE = "\ud800";
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  `x${LONE}y`,
  "\udfff",
  "x".repeat(101),
  "x".repeat(300),
  "y".repeat(20_000),
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f",
  "<script>alert(1)</script>",
  "' or 1=1 --",
  "\"; drop table users; --",
  "${7*7}{{7*7}}",
  "1e309",
  "NaN",
  "Infinity",
  "-0",
  "-1",
  "0",
  "1.5",
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "99999999999999999999999",
  "0000-01-01",
  "0001-01-01T00:00:00Z",
  "1900-01-01",
  "9999-12-31",
  "2026-02-30",
  "2026-13-45T25:61:61Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00Z",
  "1970-01-01T00:00:00Z",
  "today",
  "🙂🙂🙂",
  "\u202eevil",
  "null",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "a,b,c,".repeat(400),
];

/** Path segments whose bytes are the point: not valid UTF-8 percent-encoding, traversal, a lone surrogate. */
export const HOSTILE_SEGMENTS = ["%ED%A0%80", "%", "%zz", "%00", "..", ".", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a%2Fb", "%C0%AE", "%FF"].map((s) => new Raw(s));

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

export const HOSTILE_JSON: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0,
  2_147_483_648,
  -2_147_483_649,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  [],
  {},
  [null],
  [[[]]],
  Array.from({ length: 5_000 }, (_, i) => i),
  JSON.parse('{"__proto__":{"polluted":true}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
  deep(40),
  deep(2_000),
  ...HOSTILE_STRINGS,
];

const kinds = (s: JsonSchema): string[] => [s.type ?? []].flat();
const variants = (s: JsonSchema): JsonSchema[] => s.anyOf ?? s.oneOf ?? [];

/** A value the schema accepts, as plausible as cheap: enough for the other fields to pass while one is bad. */
export function validValue(s: JsonSchema | undefined, depth = 0): unknown {
  if (!s) return "fuzz";
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const alt = variants(s);
  if (alt.length) return validValue(alt.find((a) => !kinds(a).includes("null")) ?? alt[0], depth);
  if (s.allOf?.length) return validValue(s.allOf[0], depth);
  const type = kinds(s).find((t) => t !== "null") ?? "string";
  switch (type) {
    case "integer":
    case "number":
      return Math.max(typeof s.minimum === "number" ? s.minimum : 1, 1);
    case "boolean":
      return true;
    case "array":
      return s.minItems ? Array.from({ length: s.minItems }, () => validValue(s.items, depth + 1)) : [];
    case "object": {
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = validValue(s.properties?.[k], depth + 1);
      return out;
    }
    default:
      if (s.format === "email") return "fuzz@ist.io";
      if (s.format === "uri") return "https://example.com/hook";
      if (s.format === "date-time") return "2026-01-01T00:00:00Z";
      return "f".repeat(Math.max(s.minLength ?? 4, 1));
  }
}

/** Values just outside what the schema allows: past each limit, a value outside the enum, the wrong type. */
export function boundaryValues(s: JsonSchema | undefined): unknown[] {
  if (!s) return [];
  const out: unknown[] = [];
  const alt = variants(s);
  for (const a of alt) out.push(...boundaryValues(a));
  for (const a of s.allOf ?? []) out.push(...boundaryValues(a));
  const types = kinds(s);
  if (s.enum?.length) out.push(`${String(s.enum[0])}x`, String(s.enum[0]).toUpperCase(), 0);
  if (typeof s.maximum === "number") out.push(s.maximum + 1, String(s.maximum + 1), s.maximum * 10);
  if (typeof s.minimum === "number") out.push(s.minimum - 1, String(s.minimum - 1));
  if (typeof s.maxLength === "number") out.push("m".repeat(s.maxLength + 1));
  if (typeof s.minLength === "number" && s.minLength > 0) out.push("m".repeat(s.minLength - 1));
  if (typeof s.maxItems === "number") out.push(Array.from({ length: s.maxItems + 1 }, () => validValue(s.items)));
  if (types.includes("integer")) out.push(1.5, 2_147_483_648, "2147483648", Number.MAX_SAFE_INTEGER + 2, -1, 0);
  if (types.includes("number")) out.push("1e309", Number.MAX_VALUE, -Number.MAX_VALUE);
  if (types.includes("string")) out.push(42, true, ["a"], { a: 1 }, "a\u0000b");
  if (types.includes("boolean")) out.push("true", 1, "yes");
  if (types.includes("array")) out.push("not-an-array", [null], [{}], [HOSTILE_STRINGS[8]]);
  if (types.includes("object")) out.push("not-an-object", [], { unknownField: 1 }, null);
  if (s.format) out.push("not-a-" + s.format, "0000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "http://127.0.0.1:6379/", "javascript:alert(1)");
  return out;
}

/** A hostile or boundary value for a field of schema `s`. */
export function badValue(s: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const boundary = boundaryValues(s);
  return fc.oneof(
    { weight: 4, arbitrary: boundary.length ? fc.constantFrom(...boundary) : fc.constant(null) },
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_JSON) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }).map((x) => `${x}\u0000${x}`) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: 2n ** 31n, max: 2n ** 70n }).map((b) => b.toString())) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString())) },
  );
}

/** A bad path segment: a hostile value as text, or raw bytes that do not decode. */
function badSegment(s: JsonSchema | undefined): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: badValue(s).filter((v) => v !== "" && (typeof v !== "object" || v === null)) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) });
}

/** The cases for one operation: `n` of them, reproducible from `seed`. */
export function casesFor(op: Operation, n: number, seed: number): FuzzCase[] {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const bodyProps = Object.entries(op.body?.properties ?? {});
  // path ids that exist nowhere: a valid-looking request is a 404, never a change to a real row
  const basePath = () => Object.fromEntries(pathParams.map((p) => [p.name, kinds(p.schema ?? {}).some((t) => t === "integer" || t === "number") ? 987_654 : "fuzz-none"]));
  const baseQuery = () => Object.fromEntries(queryParams.filter((p) => p.required).map((p) => [p.name, validValue(p.schema)]));
  const baseBody = () => (op.body ? validValue(op.body) : undefined);

  const mutations: fc.Arbitrary<FuzzCase>[] = [];
  for (const p of pathParams) {
    mutations.push(badSegment(p.schema).map((v) => ({ target: `path.${p.name}`, path: { ...basePath(), [p.name]: v }, query: baseQuery(), body: baseBody() })));
  }
  for (const p of queryParams) {
    mutations.push(
      fc
        .oneof(badValue(p.schema), fc.array(badValue(p.schema), { minLength: 2, maxLength: 3 }))
        .map((v) => ({ target: `query.${p.name}`, path: basePath(), query: { ...baseQuery(), [p.name]: v }, body: baseBody() })),
    );
  }
  // a parameter nobody declared
  mutations.push(badValue(undefined).map((v) => ({ target: "query.(unknown)", path: basePath(), query: { ...baseQuery(), fuzz_unknown: v }, body: baseBody() })));
  if (op.body) {
    for (const [name, schema] of bodyProps) {
      mutations.push(
        fc.oneof({ weight: 5, arbitrary: badValue(schema) }, { weight: 1, arbitrary: fc.constant(undefined) }).map((v) => {
          const body = { ...(baseBody() as Record<string, unknown>) };
          if (v === undefined) delete body[name];
          else body[name] = v;
          return { target: `body.${name}`, path: basePath(), query: baseQuery(), body };
        }),
      );
    }
    mutations.push(
      fc.oneof(
        fc.constantFrom(...HOSTILE_JSON).map((body) => ({ target: "body", path: basePath(), query: baseQuery(), body })),
        fc.constantFrom("{", '{"a":', "[1,2", "\u0000", "{\"a\":\"\\ud800\"}", '{"a":1,"a":2}', "nul\u0000", "{}".repeat(3)).map((rawBody) => ({ target: "body(raw)", path: basePath(), query: baseQuery(), rawBody })),
        fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1").map((contentType) => ({
          target: "content-type",
          path: basePath(),
          query: baseQuery(),
          rawBody: "a=1",
          contentType,
        })),
        badValue(undefined).map((v) => ({ target: "body.(unknown)", path: basePath(), query: baseQuery(), body: { ...(baseBody() as Record<string, unknown>), fuzz_unknown: v } })),
      ),
    );
  } else if (op.method !== "GET" && op.method !== "HEAD") {
    // a route without a declared body still gets one
    mutations.push(fc.constantFrom(...HOSTILE_JSON).map((body) => ({ target: "body(undeclared)", path: basePath(), query: baseQuery(), body })));
  }
  if (!mutations.length) mutations.push(fc.constant({ target: "(none)", path: {}, query: {} }));
  return fc.sample(fc.oneof(...mutations), { numRuns: n, seed });
}

/** percent-encodes, keeping lone surrogates (which encodeURIComponent refuses) as the bytes a client would send */
export function encode(v: unknown): string {
  if (v instanceof Raw) return v.text;
  const s = typeof v === "string" ? v : JSON.stringify(v) ?? "undefined";
  return Array.from(s)
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return "%ED%A0%80";
      }
    })
    .join("");
}

/** The URL of a case: path params in, query repeated for arrays. */
export function urlOf(op: Operation, c: FuzzCase): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encode(c.path[name] ?? "x"));
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(c.query)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) pairs.push(`${encode(k)}=${encode(one)}`);
  }
  return pairs.length ? `${path}?${pairs.join("&")}` : path;
}

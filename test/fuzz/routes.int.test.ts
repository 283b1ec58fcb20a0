import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../app";
import { casesFor, urlOf, type JsonSchema, type Operation, type Parameter } from "./cases";
import { stateDigest, writeMark } from "./state";

/**
 * The route fuzzer (#9): every operation in the app's OpenAPI document, as every role, with
 * generated bad input. Never a 5xx; every 4xx in the error format (a validation_error names its
 * fields); no stack in any body; the database unchanged after every refused request. A new
 * route is covered by being in the document. FUZZ_CASES sets the cases per route (CI: 120;
 * `pnpm test:fuzz` runs a deeper pass), FUZZ_SEED the seed.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 120);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_208);
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const STACK = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.ts:\d+:\d+|\.js:\d+:\d+/;

interface Principal {
  name: string;
  headers: Record<string, string>;
}

interface Problem {
  op: string;
  who: string;
  target: string;
  status: number;
  why: string;
  url: string;
  body?: string;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

function operations(doc: { paths: Record<string, Partial<Record<(typeof METHODS)[number], OpenApiOperation>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (path.startsWith("/docs")) continue;
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      // an event stream answers a signed-in client forever, and a sign-out ends the principal's
      // session: these get the anonymous cases only
      const stream = path === "/api/auth/logout" || Object.values(op.responses ?? {}).some((r) => Object.keys(r.content ?? {}).includes("text/event-stream"));
      ops.push({ method: m.toUpperCase(), path: stream ? `${path}#stream` : path, parameters: op.parameters ?? [], body: op.requestBody?.content?.["application/json"]?.schema });
    }
  }
  return ops;
}

// FUZZ_DB=pglite|pg: one database kind only (a deep run on one)
const targets = databaseTargets().filter((k) => !process.env.FUZZ_DB || k === process.env.FUZZ_DB);

/**
 * Refusals that write by design, and only the audit row that records them: a failed sign-in
 * (auth.login_failed) and a password change with the wrong current password
 * (auth.password_change_failed), so guessing is visible in the log.
 */
const MAY_WRITE_WHEN_REFUSED: Record<string, string[]> = { "POST /api/auth/login": ["audit_log"], "POST /api/auth/password": ["audit_log"] };

describe.each(targets)("route fuzzer on %s", (kind) => {
  let t: TestApp;
  let principals: Principal[];
  let ops: Operation[];
  /** the error registry's codes, as the document's ErrorBody lists them */
  let errorCodes: Set<string>;
  const counts = { requests: 0, byStatus: {} as Record<string, number>, fiveHundreds: 0, refused: 0, stateChecks: 0 };
  const slowest: Record<string, number> = {};
  const problems: Problem[] = [];

  beforeAll(async () => {
    t = await testApp(kind, { INGEST_BAD_KEYS_PER_MINUTE: "100000" });
    const admin = await t.login("admin@demo.ist");
    await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: admin }, payload: { email: "viewer@demo.ist", displayName: "Viewer", role: "viewer", password: "demo-ist-2026" } });
    const key = (await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "ingest", name: "fuzz" } })).json().key as string;
    principals = [{ name: "anonymous", headers: {} }, { name: "ingest-key", headers: { authorization: `Bearer ${key}` } }];
    for (const role of ["admin", "operator", "marketer", "support", "finance", "viewer"]) principals.push({ name: role, headers: { cookie: await t.login(`${role}@demo.ist`) } });
    const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json();
    ops = operations(doc);
    errorCodes = new Set(JSON.stringify(doc).match(/"enum":\["validation_error"[^\]]*\]/)?.[0].slice(8).match(/"[a-z_]+"/g)?.map((c) => c.slice(1, -1)) ?? []);
    expect(errorCodes.has("not_found")).toBe(true);
  }, 120_000);

  afterAll(async () => {
    // the figures the closing note quotes
    console.log(`[fuzz ${kind}] ${ops?.length ?? 0} operations × ${principals?.length ?? 0} principals, ${CASES} cases per operation, seed ${SEED}:`, JSON.stringify(counts));
    await t?.close();
  });

  async function relogin(p: Principal): Promise<void> {
    if (p.headers.cookie) p.headers.cookie = await t.login(`${p.name}@demo.ist`);
  }

  function check(res: { statusCode: number; body: string }): string | undefined {
    if (res.statusCode >= 500) return "5xx";
    if (STACK.test(res.body)) return "a stack or source path in the body";
    if (res.statusCode < 400) return undefined;
    let body: { code?: unknown; message?: unknown; requestId?: unknown; details?: { fields?: { code?: unknown; path?: unknown; message?: unknown }[] } };
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      return "a 4xx body that is not JSON";
    }
    if (typeof body.code !== "string" || !errorCodes.has(body.code)) return `code ${String(body.code)} is not in the registry`;
    if (typeof body.message !== "string" || typeof body.requestId !== "string") return "no message or requestId";
    if (body.code === "validation_error") {
      const fields = body.details?.fields;
      if (!Array.isArray(fields) || !fields.length) return "a validation_error naming no field";
      if (!fields.every((f) => typeof f.code === "string" && f.code && typeof f.path === "string" && f.path && typeof f.message === "string")) return "a field issue without code, path or message";
    }
    return undefined;
  }

  it("sends every operation bad input as every principal: no 5xx, one error format, no stack, nothing changed by a refusal", async () => {
    let before = await stateDigest(t.database.handle);
    let mark = await writeMark(t.database.handle);
    for (const [opIndex, op] of ops.entries()) {
      const stream = op.path.endsWith("#stream");
      const path = op.path.replace(/#stream$/, "");
      const cases = casesFor({ ...op, path }, CASES, SEED + opIndex);
      for (const [i, c] of cases.entries()) {
        // half the cases as admin, who passes every permission and so reaches the validation and the handler
        // (the ingest key on the machine routes under /v1)
        const privileged = principals.find((p) => p.name === (path.startsWith("/v1/") ? "ingest-key" : "admin"))!;
        const who = stream ? principals[0]! : i % 2 === 0 ? privileged : principals[(i >> 1) % principals.length]!;
        const url = urlOf({ ...op, path }, c);
        const headers: Record<string, string> = { ...who.headers };
        let payload: string | undefined;
        if (c.rawBody !== undefined) {
          payload = c.rawBody;
          headers["content-type"] = c.contentType ?? "application/json";
        } else if (c.body !== undefined) {
          payload = JSON.stringify(c.body);
          headers["content-type"] = "application/json";
        }
        const started = performance.now();
        const res = await t.app.inject({ method: op.method as "GET", url, headers, ...(payload !== undefined ? { payload } : {}), remoteAddress: "10.77.0.1" });
        counts.requests++;
        slowest[`${op.method} ${path}`] = (slowest[`${op.method} ${path}`] ?? 0) + performance.now() - started;
        counts.byStatus[res.statusCode] = (counts.byStatus[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 500) counts.fiveHundreds++;
        const why = check(res);
        if (why) problems.push({ op: `${op.method} ${path}`, who: who.name, target: c.target, status: res.statusCode, why, url: url.slice(0, 200), body: res.body.slice(0, 300) });
        // the full digest only when some transaction wrote since the last look
        const nextMark = await writeMark(t.database.handle);
        const after = nextMark === mark ? before : await stateDigest(t.database.handle);
        mark = nextMark === mark ? mark : await writeMark(t.database.handle);
        if (res.statusCode >= 400) {
          counts.refused++;
          counts.stateChecks++;
          const changed = after === before ? "" : diff(before, after, MAY_WRITE_WHEN_REFUSED[`${op.method} ${path}`] ?? []);
          if (changed) problems.push({ op: `${op.method} ${path}`, who: who.name, target: c.target, status: res.statusCode, why: `refused, yet the database changed: ${changed}`, url: url.slice(0, 200) });
        }
        before = after;
        // a case that changed a user (a role, disabled) must not starve the rest of their session
        if (res.statusCode < 400 && path.startsWith("/api/users/") && op.method !== "GET") {
          for (const p of principals) await relogin(p);
          before = await stateDigest(t.database.handle);
          mark = await writeMark(t.database.handle);
        }
      }
    }
    const byKind = problems.reduce<Record<string, number>>((acc, p) => ({ ...acc, [`${p.op} [${p.target}] ${p.why}`]: (acc[`${p.op} [${p.target}] ${p.why}`] ?? 0) + 1 }), {});
    if (problems.length) console.log(`[fuzz ${kind}] problems by kind:`, byKind, "\nfirst examples:", problems.slice(0, 15));
    const top = Object.entries(slowest).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, ms]) => `${k} ${Math.round(ms)} ms`);
    console.log(`[fuzz ${kind}] slowest operations (total): ${top.join(", ")}`);
    expect(counts.requests).toBe(ops.length * CASES);
    expect(problems).toEqual([]);
  }, 600_000);
});

/** the tables whose line differs, less those allowed */
function diff(a: string, b: string, allowed: string[]): string {
  const left = new Map(a.split("\n").map((l) => [l.split("\t")[0], l] as const));
  return b
    .split("\n")
    .filter((l) => left.get(l.split("\t")[0]) !== l)
    .map((l) => l.split("\t")[0]!)
    .filter((table) => !allowed.includes(table))
    .join(", ");
}

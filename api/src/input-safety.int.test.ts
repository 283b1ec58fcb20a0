import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../test/app";

interface Field {
  code: string;
  path: string;
  message: string;
  params?: Record<string, unknown>;
}

/**
 * #9 item 3 and 16, #15 item 11: input PostgreSQL cannot hold is a 400 naming the field (never a
 * 500), every error is in the one format, and each field issue has a stable code and params.
 */
describe.each(databaseTargets())("input safety and the error format on %s", (kind) => {
  let t: TestApp;
  let admin: string;
  const consoleDir = mkdtempSync(join(tmpdir(), "ist-console-"));
  beforeAll(async () => {
    // a built console: the static handler is what answered long paths with 403
    writeFileSync(join(consoleDir, "index.html"), "<!doctype html><title>console</title>");
    t = await testApp(kind, { CONSOLE_DIR: consoleDir });
    admin = await t.login("admin@demo.ist");
  });
  afterAll(async () => {
    await t?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  const send = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });

  function expectFieldError(res: { statusCode: number; json(): unknown; body: string }, path: string, code?: string): Field {
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { code: string; message: string; requestId: string; details: { fields: Field[] } };
    expect(body).toMatchObject({ code: "validation_error", requestId: expect.any(String) });
    expect(body.message).not.toMatch(/\n\s+at /);
    const field = body.details.fields.find((f) => f.path === path);
    expect(field, JSON.stringify(body.details.fields)).toBeDefined();
    if (code) expect(field!.code).toBe(code);
    return field!;
  }

  it.each([
    ["GET", "/api/users/2147483648", "id"],
    ["PATCH", "/api/users/2147483648", "id"],
    ["GET", "/api/alerts/2147483648", "id"],
    ["GET", "/api/alerts/2147483648/events", "id"],
    ["DELETE", "/api/keys/2147483648", "id"],
    ["GET", "/api/users?id=2147483648", "id"],
    ["GET", "/api/users?id=1&id=99999999999", "id.1"],
    ["GET", "/api/alerts?id=2147483648", "id"],
    ["GET", "/api/audit?actorId=2147483648", "actorId"],
    ["POST", "/api/notifications/99999999999999999999/read", "id"],
  ] as const)("%s %s: an id over its column's range is a 400 naming %s", async (method, url, path) => {
    const res = await send(method, url, method === "PATCH" ? { displayName: "x" } : undefined);
    const field = expectFieldError(res, path, "too_big");
    expect(field.params).toMatchObject({ maximum: expect.any(Number) });
  });

  it.each([
    ["PATCH", "/api/auth/me", { displayName: "a\u0000b" }, "displayName"],
    ["POST", "/api/users", { email: "nul@ist.io", displayName: "a\u0000b", role: "viewer", password: "long-enough-pw" }, "displayName"],
    ["GET", "/api/users?q=%00", undefined, "q"],
    ["GET", "/api/users?email_like=a%00", undefined, "email_like"],
    ["GET", "/api/audit?action=x%00", undefined, "action"],
    ["GET", "/api/audit?entityId=%00", undefined, "entityId"],
    ["GET", "/api/jobs?queue=%00", undefined, "queue"],
    ["GET", "/api/alerts?q=%00", undefined, "q"],
    ["POST", "/api/keys", { kind: "ingest", name: "k\u0000" }, "name"],
    // a route that parses its body itself (a job's payload) is covered by the request-wide check
    ["POST", "/api/jobs/audit/prune", { note: "\u0000" }, "note"],
    // a NUL in a key, not only in a value
    ["POST", "/api/alerts", { name: "r", metric: "daily_active_users", kind: "threshold", threshold: 1, filters: { "country\u0000": ["US"] } }, "filters.country\\u0000"],
  ] as const)("%s %s %j: a NUL byte is a 400 naming %s", async (method, url, payload, path) => {
    expectFieldError(await send(method, url, payload), path, "nul_character");
  });

  it.each([
    ["0000-01-01T00:00:00Z", "invalid_date"],
    ["2026-02-30T00:00:00Z", "invalid_format"],
  ])("GET /api/audit?at_gte=%s: a date PostgreSQL cannot read (or that would roll over) is a 400 naming it", async (at, code) => {
    expectFieldError(await send("GET", `/api/audit?at_gte=${encodeURIComponent(at)}`), "at_gte", code);
    expectFieldError(await send("GET", `/api/audit?at_lte=${encodeURIComponent(at)}`), "at_lte", code);
  });

  it("refuses absurdly nested JSON with a 400 naming where", async () => {
    let deep: unknown = "x";
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const field = expectFieldError(await send("PATCH", "/api/auth/me", { displayName: "ok", extra: deep }), `extra${".a".repeat(31)}`, "too_deep");
    expect(field.params).toEqual({ maximum: 32 });
  });

  it("changed nothing while refusing", async () => {
    const me = await send("GET", "/api/auth/me");
    expect(me.json().user.displayName).not.toContain("\u0000");
    const users = await send("GET", "/api/users?email_like=nul@");
    expect(users.json()).toEqual([]);
  });

  describe("the one error format (item 16)", () => {
    it("a lone surrogate in a path is a 400 validation_error, not Fastify's FST_ERR_BAD_URL", async () => {
      const res = await send("GET", "/api/users/%ED%A0%80");
      const field = expectFieldError(res, "url", "invalid_encoding");
      expect(res.body).not.toContain("FST_ERR");
      expect(field.message).toMatch(/UTF-8/);
    });

    it("a path parameter over 100 characters reaches its route: 400 naming it, not the static handler's 403", async () => {
      const res = await send("POST", `/api/jobs/${"q".repeat(150)}/prune`);
      expectFieldError(res, "queue", "too_big");
      const long = await send("GET", `/api/users/${"9".repeat(300)}`);
      expectFieldError(long, "id");
      const metric = await send("GET", `/api/metrics/${"m".repeat(101)}`);
      expect(metric.statusCode).toBe(400);
    });

    it("every 4xx is { code, message, details?, requestId } without a stack", async () => {
      for (const res of [
        await send("GET", "/api/nope"),
        await t.app.inject({ method: "GET", url: "/api/users" }),
        await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: admin, "content-type": "application/json" }, payload: "{bad" }),
        await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: admin, "content-type": "text/csv" }, payload: "a,b" }),
      ]) {
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(Object.keys(res.json()).sort()).toEqual(expect.arrayContaining(["code", "message", "requestId"]));
        expect(res.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
      }
    });
  });

  describe("field issues carry a stable code and params (#15 item 11)", () => {
    it.each([
      [{ displayName: "" }, "displayName", "too_small", { minimum: 1, origin: "string" }],
      [{ displayName: "x".repeat(121) }, "displayName", "too_big", { maximum: 120, origin: "string" }],
      [{ displayName: 7 }, "displayName", "invalid_type", { expected: "string" }],
      [{ locale: "fr" }, "locale", "invalid_value", { values: ["en", "zh-CN"] }],
      [{ colour: "red" }, "(root)", "unrecognized_keys", { keys: ["colour"] }],
    ] as const)("PATCH /api/auth/me %j → %s %s %j", async (payload, path, code, params) => {
      const field = expectFieldError(await send("PATCH", "/api/auth/me", payload), path, code);
      expect(field.params).toMatchObject(params);
      expect(field.message.length).toBeGreaterThan(0);
    });

    it("a domain's own code keeps its params out of the way (alerts: required)", async () => {
      const res = await send("POST", "/api/alerts", { name: "r", metric: "daily_active_users", kind: "threshold" });
      const field = expectFieldError(res, "threshold", "required");
      expect(field.params).toBeUndefined();
    });

    it("the OpenAPI document describes the field issue shape", async () => {
      const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json();
      const text = JSON.stringify(doc);
      expect(text).toContain("nul_character");
      expect(text).toMatch(/"params":\{[^}]*"type":"object"/);
    });
  });
});

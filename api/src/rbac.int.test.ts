import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../test/app";

type Who = Role | "anonymous";
const ALL_SIGNED_IN: Role[] = [...ROLES];
const admin: Role[] = ["admin"];
const alertReaders: Role[] = ["admin", "operator", "marketer", "finance", "viewer"];
const alertWriters: Role[] = ["admin", "operator"];
const dashboardReaders: Role[] = ["admin", "operator", "marketer", "support", "finance", "viewer"];

/**
 * The expected matrix, written out by hand (not derived from rbac.ts): route → roles that pass.
 * A request that passes access may still fail validation (400) or find nothing (404); a refused
 * one is 403, an anonymous one 401. A route missing here fails the test.
 */
const MATRIX: Array<{ method: string; url: string; allowed: Role[] | "public"; body?: unknown }> = [
  { method: "GET", url: "/api/auth/me", allowed: ALL_SIGNED_IN },
  { method: "PATCH", url: "/api/auth/me", allowed: ALL_SIGNED_IN, body: { locale: "fr" } },
  { method: "POST", url: "/api/auth/login", allowed: "public", body: { email: "nobody@x.io", password: "x" } },
  { method: "POST", url: "/api/auth/logout", allowed: ALL_SIGNED_IN },
  { method: "GET", url: "/api/users", allowed: admin },
  { method: "GET", url: "/api/users/:id", allowed: admin },
  { method: "POST", url: "/api/users", allowed: admin, body: {} },
  { method: "PATCH", url: "/api/users/:id", allowed: admin, body: { role: "nope" } },
  { method: "DELETE", url: "/api/users/:id", allowed: admin },
  { method: "GET", url: "/api/audit", allowed: ["admin", "finance"] },
  { method: "GET", url: "/api/jobs", allowed: ["admin", "operator"] },
  { method: "GET", url: "/api/jobs/definitions", allowed: ["admin", "operator"] },
  { method: "POST", url: "/api/jobs/:queue/:name", allowed: admin, body: { retentionDays: -1 } },
  { method: "GET", url: "/api/jobs/stream", allowed: ["admin", "operator"] },
  { method: "GET", url: "/api/keys", allowed: admin },
  { method: "POST", url: "/api/keys", allowed: admin, body: {} },
  { method: "DELETE", url: "/api/keys/:id", allowed: admin },
  // machines, not console users: public for sessions, the route itself demands an ingest key (401 here)
  { method: "POST", url: "/v1/ingest/events", allowed: "public", body: { events: [] } },
  { method: "GET", url: "/api/alerts", allowed: alertReaders },
  { method: "GET", url: "/api/alerts/:id", allowed: alertReaders },
  { method: "POST", url: "/api/alerts", allowed: alertWriters, body: {} },
  { method: "PATCH", url: "/api/alerts/:id", allowed: alertWriters, body: { name: "" } },
  { method: "DELETE", url: "/api/alerts/:id", allowed: alertWriters },
  { method: "POST", url: "/api/alerts/:id/mute", allowed: alertWriters, body: { muted: true } },
  { method: "POST", url: "/api/alerts/:id/snooze", allowed: alertWriters, body: { until: null } },
  { method: "GET", url: "/api/alerts/:id/events", allowed: alertReaders },
  { method: "POST", url: "/api/alerts/:id/test", allowed: alertWriters },
  { method: "GET", url: "/api/notifications", allowed: ALL_SIGNED_IN },
  { method: "POST", url: "/api/notifications/:id/read", allowed: ALL_SIGNED_IN },
  { method: "POST", url: "/api/notifications/read-all", allowed: ALL_SIGNED_IN },
  { method: "GET", url: "/api/metrics", allowed: dashboardReaders },
  { method: "GET", url: "/api/metrics/:name", allowed: dashboardReaders },
  { method: "GET", url: "/api/dashboards", allowed: dashboardReaders },
  { method: "GET", url: "/api/dashboards/:slug", allowed: dashboardReaders },
  { method: "GET", url: "/api/dashboards/stream", allowed: dashboardReaders },
];

describe.each(databaseTargets().slice(0, 1))("RBAC matrix on %s", (kind) => {
  let t: TestApp;
  const cookies = new Map<Who, string>();
  beforeAll(async () => {
    t = await testApp(kind);
    const admin = await t.login("admin@demo.ist");
    for (const role of ["viewer", "partner"] as const) {
      await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: admin }, payload: { email: `${role}@x.io`, displayName: role, role, password: "long-enough-pw" } });
    }
    for (const role of ROLES) cookies.set(role, await t.login(["viewer", "partner"].includes(role) ? `${role}@x.io` : `${role}@demo.ist`, ["viewer", "partner"].includes(role) ? "long-enough-pw" : undefined));
  });
  afterAll(() => t?.close());

  it("lists every /api route", () => {
    const routes = t.app.routeAccess.filter((r) => /^\/(api|v1)\//.test(r.url)).map((r) => `${r.method} ${r.url}`).sort();
    expect(routes).toEqual(MATRIX.map((m) => `${m.method} ${m.url}`).sort());
  });

  const concrete = (url: string) => url.replace(":id", "999999").replace(":queue", "audit").replace(":name", "prune");

  it.each(MATRIX.flatMap((m) => (["anonymous", ...ROLES] as Who[]).map((who) => ({ ...m, who }))))("$method $url as $who", async ({ method, url, allowed, body, who }) => {
    // logout ends the session it is given, so it gets a session of its own
    const cookie = who === "anonymous" ? undefined : url === "/api/auth/logout" ? await t.login(...credentials(who)) : cookies.get(who);
    const res = await t.app.inject({
      method: method as "GET",
      url: concrete(url),
      headers: { ...(cookie ? { cookie } : {}), ...(url.endsWith("/stream") ? { accept: "application/json" } : {}) },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    if (allowed === "public") expect([200, 401, 429]).toContain(res.statusCode);
    else if (who === "anonymous") expect(res.statusCode).toBe(401);
    else if (allowed.includes(who)) expect([200, 204, 400, 404, 406]).toContain(res.statusCode);
    else {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: "forbidden", requestId: expect.any(String) });
    }
  });
});

function credentials(role: Role): [string, string?] {
  return ["viewer", "partner"].includes(role) ? [`${role}@x.io`, "long-enough-pw"] : [`${role}@demo.ist`];
}

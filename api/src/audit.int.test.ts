import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertEvents, alertRules, auditLog, count, desc, emailIndex, eq, notifications, users } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../test/app";

/** Every mutating route, called successfully, leaves an audit row naming what it did. */
interface Ids {
  user: number;
  alert: number;
  notification: number;
  key: number;
  plan: number;
  partner: number;
}
const soon = () => new Date(Date.now() + 3_600_000).toISOString();
const MUTATIONS: Array<{ method: "POST" | "PATCH" | "DELETE"; url: string; action: string; capture?: keyof Ids; request: (ids: Ids) => { url?: string; payload?: object } }> = [
  { method: "POST", url: "/api/auth/login", action: "auth.login", request: () => ({ payload: { email: "support@demo.ist", password: "demo-ist-2026" } }) },
  { method: "POST", url: "/api/users", action: "user.create", capture: "user", request: () => ({ payload: { email: "audited@x.io", displayName: "Audited", role: "viewer", password: "long-enough-pw" } }) },
  { method: "PATCH", url: "/api/users/:id", action: "user.update", request: ({ user }) => ({ url: `/api/users/${user}`, payload: { displayName: "Audited Two" } }) },
  { method: "DELETE", url: "/api/users/:id", action: "user.disable", request: ({ user }) => ({ url: `/api/users/${user}` }) },
  { method: "PATCH", url: "/api/auth/me", action: "user.profile", request: () => ({ payload: { locale: "zh-CN" } }) },
  { method: "POST", url: "/api/jobs/:queue/:name", action: "job.enqueue", request: () => ({ url: "/api/jobs/audit/prune", payload: {} }) },
  { method: "POST", url: "/api/keys", action: "key.create", capture: "key", request: () => ({ payload: { kind: "ingest", name: "Audited key" } }) },
  { method: "DELETE", url: "/api/keys/:id", action: "key.revoke", request: ({ key }) => ({ url: `/api/keys/${key}` }) },
  { method: "POST", url: "/api/alerts", action: "alert.create", capture: "alert", request: () => ({ payload: { name: "Audited alert", metric: "trades", kind: "threshold", threshold: 10 } }) },
  { method: "PATCH", url: "/api/alerts/:id", action: "alert.update", request: ({ alert }) => ({ url: `/api/alerts/${alert}`, payload: { threshold: 20 } }) },
  { method: "POST", url: "/api/alerts/:id/mute", action: "alert.mute", request: ({ alert }) => ({ url: `/api/alerts/${alert}/mute`, payload: {} }) },
  { method: "POST", url: "/api/alerts/:id/snooze", action: "alert.snooze", request: ({ alert }) => ({ url: `/api/alerts/${alert}/snooze`, payload: { until: soon() } }) },
  { method: "POST", url: "/api/alerts/:id/test", action: "alert.test", request: ({ alert }) => ({ url: `/api/alerts/${alert}/test` }) },
  { method: "DELETE", url: "/api/alerts/:id", action: "alert.delete", request: ({ alert }) => ({ url: `/api/alerts/${alert}` }) },
  { method: "POST", url: "/api/notifications/:id/read", action: "notification.read", request: ({ notification }) => ({ url: `/api/notifications/${notification}/read` }) },
  { method: "POST", url: "/api/notifications/read-all", action: "notification.read_all", request: () => ({}) },
  { method: "POST", url: "/api/finance/plans", action: "plan.create", capture: "plan", request: () => ({ payload: { key: "audited", name: "Audited plan", components: [{ type: "cpa", amount: "40.00", minFirstDeposit: "100.00" }] } }) },
  { method: "PATCH", url: "/api/finance/plans/:id", action: "plan.update", request: ({ plan }) => ({ url: `/api/finance/plans/${plan}`, payload: { name: "Audited plan 2" } }) },
  { method: "POST", url: "/api/finance/plans/:id/versions", action: "plan.version", request: ({ plan }) => ({ url: `/api/finance/plans/${plan}/versions`, payload: { overrideRate: null, components: [{ type: "cpa", amount: "45.00", minFirstDeposit: "100.00" }] } }) },
  { method: "POST", url: "/api/finance/partners", action: "partner.create", capture: "partner", request: ({ plan }) => ({ payload: { code: "paudit", name: "Audited partner", type: "affiliate", planId: plan, referralCodes: ["AUDIT01"] } }) },
  { method: "PATCH", url: "/api/finance/partners/:id", action: "partner.update", request: ({ partner }) => ({ url: `/api/finance/partners/${partner}`, payload: { name: "Audited partner 2" } }) },
  // the admin's own password, changed last but one: the session stays, the next sign-in uses the new one
  { method: "POST", url: "/api/auth/password", action: "user.password_change", request: () => ({ payload: { currentPassword: "demo-ist-2026", newPassword: "violet-harbour-quietly-41" } }) },
  { method: "POST", url: "/api/auth/logout", action: "auth.logout", request: () => ({}) },
];

describe.each(databaseTargets())("audit trail on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(kind);
  });
  afterAll(() => t?.close());

  it("covers every mutating route", () => {
    const mutating = t.app.routeAccess.filter((r) => r.url.startsWith("/api") && r.method !== "GET").map((r) => `${r.method} ${r.url}`).sort();
    expect(mutating).toEqual(MUTATIONS.map((m) => `${m.method} ${m.url}`).sort());
  });

  it("writes one row per mutation with actor, request id and ip", async () => {
    const cookie = await t.login("admin@demo.ist");
    const { db } = t.database.handle;
    // a bell notification for the admin, as the alerts worker would leave it
    const [me] = await db.select({ id: users.id }).from(users).where(eq(users.emailHash, emailIndex("admin@demo.ist")));
    const [rule] = await db.insert(alertRules).values({ name: "Bell fixture", metric: "trades", kind: "threshold", operator: "gt", threshold: "1", grain: "hour" }).returning();
    const [event] = await db.insert(alertEvents).values({ ruleId: rule!.id, kind: "firing", toState: "firing" }).returning();
    const [note] = await db
      .insert(notifications)
      .values({ userId: me!.id, kind: "alert.firing", entity: "alert_rule", entityId: String(rule!.id), payload: { title: "Bell fixture is firing", eventId: event!.id }, link: `/alerts/show/${rule!.id}`, dedupeKey: `alert_event:${event!.id}` })
      .returning();
    const ids: Ids = { user: 0, alert: 0, notification: note!.id, key: 0, plan: 0, partner: 0 };
    for (const m of MUTATIONS) {
      const [before] = await db.select({ n: count() }).from(auditLog);
      const req = m.request(ids);
      const res = await t.app.inject({ method: m.method, url: req.url ?? m.url, headers: { cookie }, ...(req.payload ? { payload: req.payload } : {}) });
      expect(res.statusCode, `${m.method} ${m.url}: ${res.body}`).toBeLessThan(300);
      if (m.capture) ids[m.capture] = res.json().id;
      const [after] = await db.select({ n: count() }).from(auditLog);
      expect(after!.n - before!.n, m.action).toBe(1);
      const [row] = await db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
      expect(row).toMatchObject({ action: m.action, requestId: res.headers["x-request-id"] ?? expect.any(String), ip: expect.any(String) });
      expect(row!.actorEmail).toMatch(/@demo\.ist$/);
    }
  });

  it("lets admin and finance filter the log, newest first", async () => {
    const cookie = await t.login("finance@demo.ist");
    const res = await t.app.inject({ url: "/api/audit?action=user.create&_start=0&_end=10", headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers["x-total-count"])).toBeGreaterThanOrEqual(1);
    expect(res.json().every((r: { action: string }) => r.action === "user.create")).toBe(true);
    const bad = await t.app.inject({ url: "/api/audit?at_gte=yesterday", headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/at_gte/);
  });

  it("lists the actions the log holds, once each and sorted, for the console's action filter", async () => {
    const cookie = await t.login("finance@demo.ist");
    const res = await t.app.inject({ url: "/api/audit/actions", headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const actions: string[] = res.json();
    const { db } = t.database.handle;
    const distinct = (await db.selectDistinct({ action: auditLog.action }).from(auditLog)).map((r) => r.action).sort();
    expect(actions).toEqual(distinct);
    expect(actions).toEqual([...actions].sort());
    expect(actions).toEqual(expect.arrayContaining(MUTATIONS.map((m) => m.action)));
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertEvents, alertRules, auditLog, desc, eq, FieldCipher, jobRuns } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { consoleSession, testApp, type ConsoleSession, type TestApp } from "../../../../test/app";

/** Alert rules through the console's own data provider, plus the routes it does not cover. */
describe.each(databaseTargets())("alerts api on %s", (kind) => {
  let t: TestApp;
  let provider: ConsoleSession["provider"];
  let inject: ConsoleSession["inject"];
  beforeAll(async () => {
    t = await testApp(kind);
    ({ provider, inject } = await consoleSession(t, "operator@demo.ist"));
  });
  afterAll(() => t?.close());

  it("creates, reads, lists, updates and deletes a rule; never returns the webhook secret", async () => {
    const { data: created } = await provider.create({
      resource: "alerts",
      variables: { name: "Revenue drop", metric: "revenue_total", kind: "pct_change", operator: "lt", threshold: -20, comparison: "same_period_last_week", filters: { country: ["DE"] }, forMinutes: 10, webhookUrl: "https://hooks.example.com/x", webhookSecret: "a-long-enough-secret" },
    });
    expect(created).toMatchObject({ name: "Revenue drop", threshold: -20, grain: "day", bellRoles: ["admin", "operator"], hasWebhookSecret: true, state: "unevaluated", muted: false });
    expect(created).not.toHaveProperty("webhookSecret");
    expect(created).not.toHaveProperty("webhookSecretEnc");
    const [row] = await t.database.handle.db.select().from(alertRules).where(eq(alertRules.id, created.id as number));
    expect(row!.webhookSecretEnc).toMatch(/^v1:/);
    expect(new FieldCipher(t.config.ENCRYPTION_KEY).decrypt(row!.webhookSecretEnc!)).toBe("a-long-enough-secret");

    const { data: one } = await provider.getOne({ resource: "alerts", id: created.id as number });
    expect(one.filters).toEqual({ country: ["DE"] });
    await provider.create({ resource: "alerts", variables: { name: "Trades spike", metric: "trades", kind: "anomaly", operator: "abs_gt", sensitivity: "high" } });
    const list = await provider.getList({ resource: "alerts", sorters: [{ field: "name", order: "asc" }], filters: [{ field: "q", operator: "eq", value: "e" }] });
    expect(list.data.map((r) => r.name)).toEqual(["Revenue drop", "Trades spike"]);
    const anomalies = await provider.getList({ resource: "alerts", filters: [{ field: "kind", operator: "eq", value: "anomaly" }] });
    expect(anomalies.total).toBe(1);

    const { data: updated } = await provider.update({ resource: "alerts", id: created.id as number, variables: { threshold: -30, name: "Revenue drop (DE)" } });
    expect(updated).toMatchObject({ threshold: -30, name: "Revenue drop (DE)", hasWebhookSecret: true });
    const { data: cleared } = await provider.update({ resource: "alerts", id: created.id as number, variables: { webhookUrl: null } });
    expect(cleared).toMatchObject({ webhookUrl: null, hasWebhookSecret: false });

    const trail = await t.database.handle.db.select().from(auditLog).where(eq(auditLog.entity, "alert_rule")).orderBy(desc(auditLog.id));
    expect(trail[1]).toMatchObject({ action: "alert.update", before: { threshold: -20 }, after: { threshold: -30 }, actorEmail: "operator@demo.ist" });
    expect(JSON.stringify(trail)).not.toContain("a-long-enough-secret");

    await provider.deleteOne({ resource: "alerts", id: created.id as number });
    await expect(provider.getOne({ resource: "alerts", id: created.id as number })).rejects.toMatchObject({ response: { status: 404 } });
  });

  it.each([
    [{ name: "", metric: "revenu_total", kind: "threshold", threshold: 1 }, ["metric", "name"]],
    [{ name: "x", metric: "trades", kind: "threshold" }, ["threshold"]],
    [{ name: "x", metric: "trades", kind: "pct_change", threshold: 5 }, ["comparison"]],
    [{ name: "x", metric: "trades", kind: "anomaly", operator: "gte" }, ["operator"]],
    [{ name: "x", metric: "trades", kind: "threshold", threshold: 1, webhookUrl: "https://h.example.com" }, ["webhookSecret"]],
    [{ name: "x", metric: "trades", kind: "threshold", threshold: 1, webhookUrl: "ftp://h.example.com", webhookSecret: "short" }, ["webhookSecret", "webhookUrl"]],
    [{ name: "x", metric: "trades", kind: "threshold", threshold: 1, forMinutes: -1, emailTo: ["nope"], filters: { planet: ["mars"] } }, ["emailTo.0", "filters", "forMinutes"]],
  ])("names the fields of an invalid rule %j", async (payload, paths) => {
    const res = await inject("POST", "/api/alerts", payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields.map((f: { path: string }) => f.path).sort()).toEqual(paths);
    expect(res.json().details.fields.every((f: { code?: unknown }) => typeof f.code === "string" && f.code.length > 0)).toBe(true);
    expect(res.json().message).toMatch(new RegExp(`body\\.${paths[0]!.replace(".", "\\.")}`));
  });

  it("checks a PATCH against the merged rule", async () => {
    const created = (await inject("POST", "/api/alerts", { name: "DAU floor", metric: "daily_active_users", kind: "anomaly", operator: "lt" })).json();
    const res = await inject("PATCH", `/api/alerts/${created.id}`, { kind: "pct_change" });
    expect(res.statusCode).toBe(400);
    // the merged rule's problems come from the domain (DomainInputError), with its own codes
    expect(res.json().details.fields.map((f: { code: string; path: string }) => `${f.path}:${f.code}`).sort()).toEqual(["comparison:required", "threshold:required"]);
    expect((await inject("PATCH", `/api/alerts/${created.id}`, { kind: "pct_change", threshold: -50, comparison: "previous_period" })).statusCode).toBe(200);
  });

  it("takes only a grain the metric has, defaults to the metric's own, and a new rule is unevaluated", async () => {
    const hourly = await inject("POST", "/api/alerts", { name: "WAU by hour", metric: "weekly_active_users", kind: "threshold", operator: "lt", threshold: 100, grain: "hour" });
    expect(hourly.statusCode).toBe(400);
    expect(hourly.json().details.fields).toEqual([expect.objectContaining({ path: "grain", code: "unsupported_grain" })]);
    expect(hourly.json().message).toMatch(/weekly_active_users has no hour grain \(it has: day\)/);

    const daily = await inject("POST", "/api/alerts", { name: "DAU floor by day", metric: "daily_active_users", kind: "threshold", operator: "lt", threshold: 100 });
    expect(daily.statusCode).toBe(201);
    expect(daily.json()).toMatchObject({ grain: "day", state: "unevaluated", lastEvaluatedAt: null });
    const trades = await inject("POST", "/api/alerts", { name: "Trades by hour", metric: "trades", kind: "threshold", operator: "lt", threshold: 1, grain: "hour" });
    expect(trades.json()).toMatchObject({ grain: "hour", state: "unevaluated" });

    // switching a rule to a metric without its grain names the grain
    const switched = await inject("PATCH", `/api/alerts/${trades.json().id}`, { metric: "weekly_active_users" });
    expect(switched.statusCode).toBe(400);
    expect(switched.json().details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual(["grain:unsupported_grain"]);
    expect((await inject("PATCH", `/api/alerts/${trades.json().id}`, { metric: "weekly_active_users", grain: "day" })).statusCode).toBe(200);

    const funnel = await inject("POST", "/api/alerts", { name: "Funnel", metric: "activation_funnel", kind: "threshold", threshold: 1 });
    expect(funnel.statusCode).toBe(400);
    expect(funnel.json().details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`)).toEqual(["metric:not_a_series"]);

    const pending = await inject("GET", "/api/alerts?state=unevaluated&q=DAU%20floor%20by%20day");
    expect(pending.json().map((r: { name: string; state: string }) => [r.name, r.state])).toEqual([["DAU floor by day", "unevaluated"]]);
  });

  it("mutes, snoozes, queues a test and lists the rule's history", async () => {
    const rule = (await inject("POST", "/api/alerts", { name: "Deposits", metric: "deposits", kind: "threshold", operator: "lt", threshold: 100 })).json();
    expect((await inject("POST", `/api/alerts/${rule.id}/mute`, {})).json()).toMatchObject({ muted: true });
    expect((await inject("POST", `/api/alerts/${rule.id}/mute`, { muted: false })).json()).toMatchObject({ muted: false });
    const until = new Date(Date.now() + 2 * 3_600_000).toISOString();
    expect((await inject("POST", `/api/alerts/${rule.id}/snooze`, { until })).json()).toMatchObject({ snoozedUntil: until });
    const past = await inject("POST", `/api/alerts/${rule.id}/snooze`, { until: "2020-01-01T00:00:00Z" });
    expect(past.statusCode).toBe(400);
    // each field carries a code the console can translate: zod's issue code here
    expect(past.json().details.fields).toEqual([{ code: "custom", path: "until", message: "must be in the future" }]);
    expect((await inject("POST", `/api/alerts/${rule.id}/snooze`, { until: null })).json()).toMatchObject({ snoozedUntil: null });

    const test = await inject("POST", `/api/alerts/${rule.id}/test`);
    expect(test.statusCode).toBe(202);
    const [run] = await t.database.handle.db.select().from(jobRuns).where(eq(jobRuns.jobId, test.json().jobId));
    expect(run).toMatchObject({ queue: "alerts", name: "send-test", data: { ruleId: rule.id, requestedBy: expect.any(Number) } });

    const { db } = t.database.handle;
    await db.insert(alertEvents).values([
      { ruleId: rule.id, kind: "firing", fromState: "ok", toState: "firing", value: "42.5", baseline: "100", at: new Date("2025-01-01T10:00:00Z") },
      { ruleId: rule.id, kind: "resolved", fromState: "firing", toState: "resolved", value: "120", at: new Date("2025-01-01T11:00:00Z") },
    ]);
    const events = await inject("GET", `/api/alerts/${rule.id}/events?_start=0&_end=10`);
    expect(events.headers["x-total-count"]).toBe("2");
    expect(events.json().map((e: { kind: string; value: number }) => [e.kind, e.value])).toEqual([["resolved", 120], ["firing", 42.5]]);
    expect((await inject("GET", "/api/alerts/999999/events")).statusCode).toBe(404);
  });
});

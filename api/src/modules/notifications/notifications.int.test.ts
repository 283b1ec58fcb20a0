import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertEvents, alertRules, auditLog, desc, emailIndex, eq, notifications, notify, users } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../../../test/app";

/** The bell: any domain's notifications through `notify`, each user only ever seeing their own. */
describe.each(databaseTargets())("notifications api on %s", (kind) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await testApp(kind);
    cookie = await t.login("operator@demo.ist");
  });
  afterAll(() => t?.close());
  const inject = (method: "GET" | "POST", url: string, as = cookie) => t.app.inject({ method, url, headers: { cookie: as } });

  it("shows each user only their own bell, counts unread and marks read", async () => {
    const { db } = t.database.handle;
    const [rule] = await db.insert(alertRules).values({ name: "Bell", metric: "trades", kind: "threshold", operator: "gt", threshold: "1", grain: "hour" }).returning();
    const [e1, e2] = await db.insert(alertEvents).values([{ ruleId: rule!.id, kind: "firing", toState: "firing", value: "5" }, { ruleId: rule!.id, kind: "resolved", toState: "resolved" }]).returning();
    const [op] = await db.select().from(users).where(eq(users.emailHash, emailIndex("operator@demo.ist")));
    const [fin] = await db.select().from(users).where(eq(users.emailHash, emailIndex("finance@demo.ist")));
    const alert = (e: typeof e1, to: { userIds: number[] }) =>
      notify(db, {
        to,
        kind: `alert.${e!.kind}`,
        entity: "alert_rule",
        entityId: rule!.id,
        payload: { title: `${e!.kind}: Bell`, eventId: e!.id, ruleId: rule!.id, ruleName: "Bell", metric: "trades", toState: e!.toState, value: e!.value === null ? null : Number(e!.value), at: e!.at.toISOString() },
        link: `/alerts/show/${rule!.id}`,
        dedupeKey: `alert_event:${e!.id}`,
      });
    expect(await alert(e1, { userIds: [op!.id, fin!.id] })).toMatchObject({ created: 2, recipients: [{ id: op!.id }, { id: fin!.id }] });
    await alert(e2, { userIds: [op!.id] });
    const [mine] = await db.select().from(notifications).where(eq(notifications.userId, op!.id)).orderBy(notifications.id).limit(1);
    const [theirs] = await db.select().from(notifications).where(eq(notifications.userId, fin!.id));

    const bell = (await inject("GET", "/api/notifications")).json();
    expect(bell.unread).toBe(2);
    expect(bell.items.map((i: { kind: string }) => i.kind)).toEqual(["alert.resolved", "alert.firing"]);
    expect(bell.items[1]).toMatchObject({ eventId: e1!.id, ruleId: rule!.id, ruleName: "Bell", metric: "trades", value: 5, toState: "firing", readAt: null, at: e1!.at.toISOString() });
    expect(bell.items[1]).toMatchObject({ entity: "alert_rule", entityId: String(rule!.id), link: `/alerts/show/${rule!.id}`, title: "firing: Bell", body: null });

    expect((await inject("POST", `/api/notifications/${theirs!.id}/read`)).statusCode).toBe(404);
    expect((await inject("POST", `/api/notifications/${mine!.id}/read`)).json()).toMatchObject({ id: mine!.id, readAt: expect.any(String) });
    // reading it again changes nothing and is not audited twice
    expect((await inject("POST", `/api/notifications/${mine!.id}/read`)).statusCode).toBe(200);
    const reads = await db.select().from(auditLog).where(eq(auditLog.action, "notification.read"));
    expect(reads.filter((r) => r.entityId === String(mine!.id))).toHaveLength(1);
    expect((await inject("GET", "/api/notifications")).json().unread).toBe(1);
    expect((await inject("POST", "/api/notifications/read-all")).json()).toEqual({ updated: 1 });
    expect((await inject("GET", "/api/notifications?unread=true")).json()).toEqual({ unread: 0, items: [] });
    const finance = await t.login("finance@demo.ist");
    expect((await inject("GET", "/api/notifications", finance)).json().unread).toBe(1);
  });

  it("notifies any domain's kind once per dedupe key, by role, skipping disabled users", async () => {
    const { db } = t.database.handle;
    const input = {
      to: { roles: ["support" as const] },
      kind: "ticket.assigned",
      entity: "ticket",
      entityId: "T-42",
      payload: { title: "Ticket T-42 is yours", body: "Refund not received", priority: "high" },
      link: "/support/tickets/show/T-42",
      dedupeKey: "ticket:T-42:assigned:1",
    };
    const first = await notify(db, input);
    expect(first.recipients.length).toBeGreaterThan(0);
    expect(first.created).toBe(first.recipients.length);
    // a retried job: the same key notifies nobody twice
    expect(await notify(db, input)).toMatchObject({ created: 0, recipients: first.recipients });
    expect(await notify(db, { ...input, to: { userIds: [] } })).toEqual({ recipients: [], created: 0 });

    const [disabled] = await db.update(users).set({ disabled: true }).where(eq(users.id, first.recipients[0]!.id)).returning();
    expect((await notify(db, { ...input, dedupeKey: "ticket:T-42:assigned:2" })).recipients.map((r) => r.id)).not.toContain(disabled!.id);
    await db.update(users).set({ disabled: false }).where(eq(users.id, disabled!.id));

    const support = await t.login(first.recipients[0]!.email);
    const [item] = (await inject("GET", "/api/notifications", support)).json().items;
    expect(item).toMatchObject({ kind: "ticket.assigned", entity: "ticket", entityId: "T-42", title: "Ticket T-42 is yours", body: "Refund not received", link: "/support/tickets/show/T-42", payload: { priority: "high" }, eventId: null, ruleId: null });
    expect(item.at).toBe(item.createdAt);
    const rows = await db.select().from(notifications).where(eq(notifications.kind, "ticket.assigned")).orderBy(desc(notifications.id));
    expect(new Set(rows.map((r) => `${r.userId}/${r.dedupeKey}`)).size).toBe(rows.length);
  });
});

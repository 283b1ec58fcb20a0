import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, emailIndex, eq, sql, users } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../test/app";

describe.each(databaseTargets())("personal data in answers on %s", (kind) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await testApp(kind);
    admin = await t.login("admin@demo.ist");
    const created = await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: admin }, payload: { email: "masked.person@example.org", displayName: "Masked Person", role: "viewer", password: "long-enough-password-1" } });
    expect(created.statusCode).toBe(201);
    const rule = await t.app.inject({ method: "POST", url: "/api/alerts", headers: { cookie: admin }, payload: { name: "Recipients", metric: "trades", kind: "threshold", threshold: 5, emailTo: ["masked.person@example.org"] } });
    expect(rule.statusCode).toBe(201);
  });
  afterAll(() => t?.close());

  it("stores them sealed: the raw columns hold no clear email or name", async () => {
    const { db } = t.database.handle;
    const raw = (await db.execute(sql`select email, display_name, email_hash from users where email_hash = ${emailIndex("masked.person@example.org")}`)) as unknown as { rows: Array<Record<string, string>> };
    expect(raw.rows).toHaveLength(1);
    expect(raw.rows[0]!.email).toMatch(/^v1:/);
    expect(raw.rows[0]!.display_name).toMatch(/^v1:/);
    const [row] = await db.select().from(users).where(eq(users.emailHash, emailIndex("MASKED.person@example.org ")));
    expect(row).toMatchObject({ email: "masked.person@example.org", displayName: "Masked Person" });
    const audit = (await db.execute(sql`select actor_email, after::text as after from audit_log where action = 'user.create' order by id desc limit 1`)) as unknown as { rows: Array<Record<string, string>> };
    expect(audit.rows[0]!.actor_email).toMatch(/^v1:/);
    expect(audit.rows[0]!.after).not.toContain("masked.person");
    const rules = (await db.execute(sql`select email_to::text as e from alert_rules`)) as unknown as { rows: Array<{ e: string }> };
    expect(rules.rows[0]!.e).not.toContain("masked.person");
    expect((await db.select().from(auditLog).where(eq(auditLog.actorEmailHash, emailIndex("admin@demo.ist")))).length).toBeGreaterThan(0);
  });

  it("signs the new user in through the blind index", async () => {
    await expect(t.login("masked.person@example.org", "long-enough-password-1")).resolves.toMatch(/^ist_session=/);
  });

  it("shows the audit trail unmasked to admin (pii:read) and masked to finance (audit:read only)", async () => {
    const url = "/api/audit?action=user.create&_sort=id&_order=desc&_end=1";
    const asAdmin = (await t.app.inject({ url, headers: { cookie: admin } })).json()[0];
    expect(asAdmin).toMatchObject({ actorEmail: "admin@demo.ist", after: { email: "masked.person@example.org", displayName: "Masked Person" } });
    const finance = await t.login("finance@demo.ist");
    const asFinance = (await t.app.inject({ url, headers: { cookie: finance } })).json()[0];
    expect(asFinance.actorEmail).toBe("a***@demo.ist");
    expect(asFinance.after).toMatchObject({ email: "m***@example.org", role: "viewer" });
    expect(JSON.stringify(asFinance)).not.toContain("Masked Person");
    const byActor = await t.app.inject({ url: "/api/audit?actorEmail=admin@demo.ist&_end=5", headers: { cookie: admin } });
    expect(byActor.json().length).toBeGreaterThan(0);
    const byPart = await t.app.inject({ url: "/api/audit?actorEmail_like=admin@demo&_end=5", headers: { cookie: admin } });
    expect(byPart.json().length).toBeGreaterThan(0);
  });

  it("masks alert recipients for a role that only reads alerts, not for one that manages them", async () => {
    const marketer = await t.login("marketer@demo.ist");
    const operator = await t.login("operator@demo.ist");
    const [asMarketer] = (await t.app.inject({ url: "/api/alerts", headers: { cookie: marketer } })).json();
    const [asOperator] = (await t.app.inject({ url: "/api/alerts", headers: { cookie: operator } })).json();
    expect(asMarketer.emailTo).toEqual(["m***@example.org"]);
    expect(asOperator.emailTo).toEqual(["masked.person@example.org"]);
  });

  it("searches users by the sealed email and name", async () => {
    const res = await t.app.inject({ url: "/api/users?q=MASKED&_sort=email&_order=asc", headers: { cookie: admin } });
    expect(res.json().map((u: { email: string }) => u.email)).toEqual(["masked.person@example.org"]);
    expect(res.headers["x-total-count"]).toBe("1");
    const sorted = await t.app.inject({ url: "/api/users?_sort=email&_order=asc&_end=2", headers: { cookie: admin } });
    expect(sorted.json().map((u: { email: string }) => u.email)).toEqual(["admin@demo.ist", "finance@demo.ist"]);
  });
});

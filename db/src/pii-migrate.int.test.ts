import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRules, auditLog, emailIndex, eq, sealLegacyPii, sql, users } from "@ist/db";
import { databaseTargets, freshDatabase, type TestDatabase } from "@ist/db/testing";

type Rows = { rows: Array<Record<string, unknown>> };

describe.each(databaseTargets())("sealing personal data written before encryption on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("seals clear rows of an older install once, keeps them readable and findable", async () => {
    const { db } = t.handle;
    // what 0002 left: clear values, no blind index; and the flag of a fresh database removed
    await db.execute(sql`delete from settings where key = 'pii.sealed.v1'`);
    await db.execute(sql`insert into users (email, password_hash, role, display_name) values ('old.user@example.org', 'h', 'admin', 'Old User')`);
    await db.execute(sql`insert into audit_log (actor_email, action, entity, after) values ('old.user@example.org', 'user.create', 'user', '{"email":"old.user@example.org","role":"admin"}'::jsonb)`);
    await db.execute(sql`insert into alert_rules (name, metric, kind, operator, grain, email_to) values ('r', 'trades', 'threshold', 'gt', 'hour', '["old.user@example.org"]'::jsonb)`);

    expect(await sealLegacyPii(db)).toEqual({ users: 1, audit: 1, alerts: 1 });
    expect(await sealLegacyPii(db)).toBeUndefined();

    const raw = (await db.execute(sql`select u.email, u.display_name, a.actor_email, a.after::text as after, r.email_to::text as email_to from users u, audit_log a, alert_rules r`)) as unknown as Rows;
    expect(JSON.stringify(raw.rows)).not.toContain("old.user");
    expect(JSON.stringify(raw.rows)).not.toContain("Old User");
    const [user] = await db.select().from(users).where(eq(users.emailHash, emailIndex("old.user@example.org")));
    expect(user).toMatchObject({ email: "old.user@example.org", displayName: "Old User" });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.actorEmailHash, emailIndex("old.user@example.org")));
    expect(entry?.after).toEqual({ email: "old.user@example.org", role: "admin" });
    const [rule] = await db.select().from(alertRules);
    expect(rule?.emailTo).toEqual(["old.user@example.org"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, desc, eq } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../../../test/app";
import { passwordStrength } from "../../lib/password-policy";

describe("password strength (zxcvbn-ts)", () => {
  it.each(["1234567890", "password123", "qwertyuiop", "iloveyou2026", "aaaaaaaaaaaa", "Password1!"])("rates %s below 3", (p) => {
    expect(passwordStrength(p).score).toBeLessThan(3);
  });
  it("counts the user's own email and name as known words", () => {
    expect(passwordStrength("margaret.chen", ["margaret.chen@ist.io", "Margaret Chen"]).score).toBeLessThan(passwordStrength("margaret.chen").score);
  });
});

describe.each(databaseTargets())("passwords on %s", (kind) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await testApp(kind);
    admin = await t.login("admin@demo.ist");
  });
  afterAll(() => t?.close());

  const create = (email: string, password: string) =>
    t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: admin }, payload: { email, displayName: "Pat Doe", role: "viewer", password } });

  it.each(["1234567890", "password123", "qwertyuiop12"])("refuses the common password %s for a new account, naming the field", async (password) => {
    const res = await create(`weak-${password}@x.io`, password);
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields).toEqual([expect.objectContaining({ path: "password", message: expect.stringContaining("too easy to guess") })]);
  });

  it("refuses a common password when an admin resets one", async () => {
    const made = await create("reset-me@x.io", "correct-horse-staple");
    const res = await t.app.inject({ method: "PATCH", url: `/api/users/${made.json().id}`, headers: { cookie: admin }, payload: { password: "1234567890" } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields[0].path).toBe("password");
  });

  it("lets a user change their own password with the current one; other sessions end, this one stays", async () => {
    expect((await create("changer@x.io", "first-long-passphrase")).statusCode).toBe(201);
    const here = await t.login("changer@x.io", "first-long-passphrase");
    const elsewhere = await t.login("changer@x.io", "first-long-passphrase");
    const change = (cookie: string, payload: Record<string, string>) => t.app.inject({ method: "POST", url: "/api/auth/password", headers: { cookie }, payload });

    const wrong = await change(here, { currentPassword: "not-my-password", newPassword: "brand-new-violet-kettle" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details.fields).toEqual([expect.objectContaining({ path: "currentPassword", code: "wrong_password" })]);
    const weak = await change(here, { currentPassword: "first-long-passphrase", newPassword: "1234567890" });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details.fields[0]).toMatchObject({ path: "newPassword", message: expect.stringContaining("too easy to guess") });
    const own = await change(here, { currentPassword: "first-long-passphrase", newPassword: "changer@x.io" });
    expect(own.statusCode).toBe(400);
    expect(own.json().details.fields[0].path).toBe("newPassword");
    const same = await change(here, { currentPassword: "first-long-passphrase", newPassword: "first-long-passphrase" });
    expect(same.json().details.fields[0]).toMatchObject({ path: "newPassword", code: "unchanged" });

    const ok = await change(here, { currentPassword: "first-long-passphrase", newPassword: "brand-new-violet-kettle" });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie: here } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie: elsewhere } })).statusCode).toBe(401);
    await expect(t.login("changer@x.io", "first-long-passphrase")).rejects.toThrow(/401/);
    await expect(t.login("changer@x.io", "brand-new-violet-kettle")).resolves.toMatch(/^ist_session=/);
    const [row] = await t.database.handle.db.select().from(auditLog).where(eq(auditLog.action, "user.password_change")).orderBy(desc(auditLog.id)).limit(1);
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain("brand-new-violet-kettle");
  });

  it("needs a session", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/password", payload: { currentPassword: "x", newPassword: "brand-new-violet-kettle" } });
    expect(res.statusCode).toBe(401);
  });
});

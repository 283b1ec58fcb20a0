import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, desc, eq } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../../../test/app";

describe.each(databaseTargets())("sign-in on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(kind);
  });
  afterAll(() => t?.close());

  it("signs in with an httpOnly SameSite=Lax cookie and answers /me with the role's permissions", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "Operator@Demo.ist", password: "demo-ist-2026" } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(res.json().user).toMatchObject({ email: "operator@demo.ist", role: "operator" });
    expect(res.json().user.passwordHash).toBeUndefined();
    const cookie = res.cookies.find((c) => c.name === "ist_session")!;
    const me = await t.app.inject({ url: "/api/auth/me", headers: { cookie: `ist_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { role: "operator" }, permissions: ["alerts:read", "alerts:write", "dashboards:read", "jobs:read"], demo: true });
  });

  it("answers a wrong password and an unknown email with the same 401", async () => {
    const wrong = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "finance@demo.ist", password: "nope-nope-nope" } });
    const unknown = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "ghost@demo.ist", password: "nope-nope-nope" } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe(unknown.json().message);
    expect(wrong.json()).toMatchObject({ code: "invalid_credentials", requestId: expect.any(String) });
    const [row] = await t.database.handle.db.select().from(auditLog).where(eq(auditLog.action, "auth.login_failed")).orderBy(desc(auditLog.id)).limit(1);
    expect(row?.actorEmail).toBe("ghost@demo.ist");
  });

  it("slows down the (email, client) pair that failed, never another client with the right password", async () => {
    const attempt = (password: string, remoteAddress: string) =>
      t.app.inject({ method: "POST", url: "/api/auth/login", remoteAddress, payload: { email: "marketer@demo.ist", password } });
    // three failures are free, the fourth imposes a one-second wait
    for (let i = 0; i < 4; i++) expect((await attempt(`wrong-${i}-xxxx`, "10.1.1.1")).statusCode).toBe(401);
    const waiting = await attempt("demo-ist-2026", "10.1.1.1");
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json().code).toBe("rate_limited");
    expect(Number(waiting.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // the attacker's failures do not lock the owner out: another client signs in at once
    expect((await attempt("demo-ist-2026", "10.2.2.2")).statusCode).toBe(200);
    // the wait doubles with each further failure of the pair
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await attempt("wrong-again-xx", "10.1.1.1")).statusCode).toBe(401);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await attempt("demo-ist-2026", "10.1.1.1")).statusCode).toBe(429);
    await new Promise((r) => setTimeout(r, 1_000));
    // after the wait the right password works and clears the pair's failures
    expect((await attempt("demo-ist-2026", "10.1.1.1")).statusCode).toBe(200);
    expect((await attempt("wrong-once-xxx", "10.1.1.1")).statusCode).toBe(401);
    expect((await attempt("demo-ist-2026", "10.1.1.1")).statusCode).toBe(200);
  });

  it("rate-limits sign-in per IP", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await t.app.inject({ method: "POST", url: "/api/auth/login", remoteAddress: "10.9.8.7", payload: { email: `x${i}@demo.ist`, password: "whatever-pass" } });
      statuses.push(res.statusCode);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(20);
  });

  it("logs out: the cookie stops working", async () => {
    const cookie = await t.login("support@demo.ist");
    const out = await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ url: "/api/auth/me", headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it("ends a disabled user's session at once", async () => {
    const admin = await t.login("admin@demo.ist");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { cookie: admin },
      payload: { email: "temp@x.io", displayName: "Temp", role: "viewer", password: "temporary-pass-1" },
    });
    expect(created.statusCode).toBe(201);
    const cookie = await t.login("temp@x.io", "temporary-pass-1");
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(200);
    const del = await t.app.inject({ method: "DELETE", url: `/api/users/${created.json().id}`, headers: { cookie: admin } });
    expect(del.json().disabled).toBe(true);
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(401);
    const again = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "temp@x.io", password: "temporary-pass-1" } });
    expect(again.statusCode).toBe(401);
  });

  it("rejects a forged cookie", async () => {
    const res = await t.app.inject({ url: "/api/auth/me", headers: { cookie: "ist_session=forged.value" } });
    expect(res.statusCode).toBe(401);
  });
});

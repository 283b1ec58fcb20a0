import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createQueues, type Queues } from "@ist/jobs";
import { eq, randomToken, sessions, sha256, sql, users } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testApp, type TestApp } from "../../../../test/app";
import { buildApp, type App } from "../../app";

/**
 * Sessions are cached per api instance (plugins/session-cache.ts). Two instances share one
 * database and one Redis here, as two api processes behind a load balancer would: what one of them
 * changes must end the session on the other too.
 */
describe.each(databaseTargets())("sessions across two api instances on %s", (kind) => {
  let t: TestApp;
  let other: App;
  let otherRedis: Redis;
  let otherQueues: Queues;
  let admin: string;
  beforeAll(async () => {
    t = await testApp(kind);
    otherRedis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 2 });
    otherQueues = createQueues({ url: inject("redisUrl"), prefix: t.prefix, db: t.database.handle.db });
    other = await buildApp({ config: t.config, db: t.database.handle, redis: otherRedis, queues: otherQueues, queuePrefix: t.prefix, logger: false });
    await other.ready();
    admin = await t.login("admin@demo.ist");
  });
  afterAll(async () => {
    await other?.close();
    await otherQueues?.close();
    await otherRedis?.quit();
    await t?.close();
  });

  async function signedInUser(role: string) {
    const email = `u${randomBytes(4).toString("hex")}@x.io`;
    const res = await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: admin }, payload: { email, displayName: "Someone", role, password: "long-enough-pw" } });
    expect(res.statusCode).toBe(201);
    return { id: res.json().id as number, cookie: await t.login(email, "long-enough-pw") };
  }

  const me = (app: App, cookie: string) => app.inject({ url: "/api/auth/me", headers: { cookie } });

  /** Proves `app` answers `cookie` from its cache: a change made behind the api's back does not show. */
  async function expectCached(app: App, id: number, cookie: string) {
    await vi.waitFor(async () => {
      const name = `Behind ${randomBytes(3).toString("hex")}`;
      await t.database.handle.db.update(users).set({ displayName: name }).where(eq(users.id, id));
      expect((await me(app, cookie)).json().user.displayName).toBe(name);
      await t.database.handle.db.update(users).set({ displayName: `${name} again` }).where(eq(users.id, id));
      expect((await me(app, cookie)).json().user.displayName).toBe(name);
    });
  }

  /** The other instance hears of a change over Redis: within milliseconds, not on the same tick. */
  const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 1000, interval: 5 });

  it("signs a user disabled on one instance out of the other", async () => {
    const user = await signedInUser("viewer");
    await expectCached(other, user.id, user.cookie);
    const del = await t.app.inject({ method: "DELETE", url: `/api/users/${user.id}`, headers: { cookie: admin } });
    expect(del.statusCode).toBe(200);
    expect((await me(t.app, user.cookie)).statusCode).toBe(401);
    await eventually(async () => expect((await me(other, user.cookie)).statusCode).toBe(401));
  });

  it("applies a demotion made on one instance to the other", async () => {
    const user = await signedInUser("admin");
    await expectCached(other, user.id, user.cookie);
    expect((await other.inject({ url: "/api/users", headers: { cookie: user.cookie } })).statusCode).toBe(200);
    const patch = await t.app.inject({ method: "PATCH", url: `/api/users/${user.id}`, headers: { cookie: admin }, payload: { role: "viewer" } });
    expect(patch.statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/users", headers: { cookie: user.cookie } })).statusCode).toBe(403);
    await eventually(async () => expect((await other.inject({ url: "/api/users", headers: { cookie: user.cookie } })).statusCode).toBe(403));
  });

  it("ends a session logged out or re-passworded on one instance on the other", async () => {
    const user = await signedInUser("viewer");
    const second = await t.login((await me(t.app, user.cookie)).json().user.email, "long-enough-pw");
    await expectCached(other, user.id, user.cookie);
    expect((await me(other, second)).statusCode).toBe(200);

    expect((await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie: user.cookie } })).statusCode).toBe(204);
    await eventually(async () => expect((await me(other, user.cookie)).statusCode).toBe(401));
    expect((await me(other, second)).statusCode).toBe(200);

    const reset = await t.app.inject({ method: "PATCH", url: `/api/users/${user.id}`, headers: { cookie: admin }, payload: { password: "another-long-pw" } });
    expect(reset.statusCode).toBe(200);
    expect((await me(t.app, second)).statusCode).toBe(401);
    await eventually(async () => expect((await me(other, second)).statusCode).toBe(401));
  });

  it("never serves a cached session past its expiry", async () => {
    const user = await signedInUser("viewer");
    const token = randomToken();
    await t.database.handle.db.insert(sessions).values({ idHash: sha256(token), userId: user.id, expiresAt: sql`now() + interval '1 second'` });
    const cookie = `ist_session=${t.app.signCookie(token)}`;
    expect((await me(t.app, cookie)).statusCode).toBe(200);
    expect((await me(t.app, cookie)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await me(t.app, cookie)).statusCode).toBe(401);
  });
});

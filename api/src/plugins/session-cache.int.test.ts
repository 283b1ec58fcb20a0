import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { inject } from "vitest";
import { SessionCache, type LoadedSession } from "./session-cache";

interface User {
  id: number;
  role: string;
}

const log = pino({ level: "silent" });
const inAnHour = () => new Date(Date.now() + 3600_000);

/** A cache on the real Redis, subscribed before it is handed out. */
async function liveCache(redis: Redis, channel: string, ttlMs?: number): Promise<SessionCache<User>> {
  const cache = new SessionCache<User>({ redis, channel, log, ttlMs });
  // the subscription goes live asynchronously: until then nothing is cached
  await vi.waitFor(async () => {
    const load = vi.fn(async (): Promise<LoadedSession<User>> => ({ user: { id: 0, role: "viewer" }, idHash: "probe", expiresAt: inAnHour() }));
    await cache.resolve("probe-cookie", load);
    await cache.resolve("probe-cookie", load);
    expect(load).toHaveBeenCalledTimes(1);
  });
  return cache;
}

describe("session cache", () => {
  let redis: Redis;
  let channel: string;
  const caches: SessionCache<User>[] = [];
  beforeAll(() => {
    redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 2 });
    channel = `t${randomBytes(4).toString("hex")}:sessions:invalidate`;
  });
  afterAll(async () => {
    for (const cache of caches) cache.close();
    await redis.quit();
  });
  const open = async (ttlMs?: number) => {
    const cache = await liveCache(redis, channel, ttlMs);
    caches.push(cache);
    return cache;
  };

  it("loads a session once, then drops it on every instance when its user changes", async () => {
    const [a, b] = [await open(), await open()];
    const load = vi.fn(async (): Promise<LoadedSession<User>> => ({ user: { id: 7, role: "admin" }, idHash: "h7", expiresAt: inAnHour() }));
    expect((await a.resolve("c7", load))?.user.role).toBe("admin");
    expect((await b.resolve("c7", load))?.user.role).toBe("admin");
    await b.resolve("c7", load);
    expect(load).toHaveBeenCalledTimes(2);

    await a.forgetUser(7);
    // this instance: at once
    await a.resolve("c7", load);
    expect(load).toHaveBeenCalledTimes(3);
    // the other: as soon as the message arrives
    await vi.waitFor(async () => {
      const before = load.mock.calls.length;
      await b.resolve("c7", load);
      expect(load.mock.calls.length).toBe(before + 1);
    }, { timeout: 1000, interval: 5 });
  });

  it("drops one session (logout) and leaves the user's others", async () => {
    const cache = await open();
    const session = (idHash: string) => vi.fn(async (): Promise<LoadedSession<User>> => ({ user: { id: 8, role: "viewer" }, idHash, expiresAt: inAnHour() }));
    const [phone, laptop] = [session("phone"), session("laptop")];
    await cache.resolve("c-phone", phone);
    await cache.resolve("c-laptop", laptop);
    await cache.forgetSession("phone");
    await cache.resolve("c-phone", phone);
    await cache.resolve("c-laptop", laptop);
    expect(phone).toHaveBeenCalledTimes(2);
    expect(laptop).toHaveBeenCalledTimes(1);
  });

  it("never serves a session past its expiry, nor an entry past the TTL", async () => {
    const cache = await open(300);
    const expiresAt = new Date(Date.now() + 150);
    const soon = vi.fn(async (): Promise<LoadedSession<User>> => ({ user: { id: 9, role: "viewer" }, idHash: "h9", expiresAt }));
    expect(await cache.resolve("c9", soon)).toBeDefined();
    expect(await cache.resolve("c9", soon)).toBeDefined();
    expect(soon).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 200));
    // the load answers with the same, now expired, session: refused
    expect(await cache.resolve("c9", soon)).toBeUndefined();

    const long = vi.fn(async (): Promise<LoadedSession<User>> => ({ user: { id: 10, role: "viewer" }, idHash: "h10", expiresAt: inAnHour() }));
    await cache.resolve("c10", long);
    await cache.resolve("c10", long);
    expect(long).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 350));
    await cache.resolve("c10", long);
    expect(long).toHaveBeenCalledTimes(2);
  });

  it("does not keep a row read before an invalidation that landed while it was loading", async () => {
    const cache = await open();
    let release!: () => void;
    const slow = vi.fn(
      () => new Promise<LoadedSession<User>>((resolve) => (release = () => resolve({ user: { id: 11, role: "admin" }, idHash: "h11", expiresAt: inAnHour() }))),
    );
    const racing = cache.resolve("c11", slow);
    await cache.forgetUser(11);
    // a request after the invalidation does not join the stale load
    const fresh = vi.fn(async (): Promise<LoadedSession<User>> => ({ user: { id: 11, role: "viewer" }, idHash: "h11", expiresAt: inAnHour() }));
    expect((await cache.resolve("c11", fresh))?.user.role).toBe("viewer");
    release();
    expect((await racing)?.user.role).toBe("admin");
    expect((await cache.resolve("c11", fresh))?.user.role).toBe("viewer");
    expect(fresh).toHaveBeenCalledTimes(1);
  });

  it("caches nothing while it cannot hear invalidations", async () => {
    // nothing listens on port 1: the subscription never goes live
    const unreachable = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const cache = new SessionCache<User>({ redis: unreachable, channel, log });
    try {
      const load = vi.fn(async (): Promise<LoadedSession<User>> => ({ user: { id: 12, role: "viewer" }, idHash: "h12", expiresAt: inAnHour() }));
      for (let i = 0; i < 3; i++) expect(await cache.resolve("c12", load)).toBeDefined();
      expect(load).toHaveBeenCalledTimes(3);
    } finally {
      cache.close();
      unreachable.disconnect();
    }
  });
});

import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";

export interface SessionCacheOptions {
  redis: Redis;
  channel: string;
  log: FastifyBaseLogger;
  /** how long an entry is served before it is read again; default 5 s */
  ttlMs?: number;
  /** sessions kept at most, the oldest dropped first; default 10,000 */
  maxEntries?: number;
}

/** A session as the database has it: its user, the sha-256 of its token, its expiry. */
export interface LoadedSession<U> {
  user: U;
  idHash: string;
  expiresAt: Date;
}

interface Entry<U> {
  session: LoadedSession<U>;
  /** epoch ms after which the entry must be reloaded: min(now + ttl, session expiry) */
  until: number;
}

type Load<U> = () => Promise<LoadedSession<U> | undefined>;

/**
 * Sessions this api instance resolved from the database, kept in memory so that a signed-in request
 * costs no query. A session must still stop working on the very next request once it is ended
 * (logout), its user disabled, demoted, renamed or given a new password, on this instance or any
 * other. Why this is safe:
 *
 * - Invalidation on this instance is synchronous: the route that changes a user or deletes a session
 *   calls `forgetUser`/`forgetSession` after its transaction commits and before it answers.
 * - Other instances hear it on a Redis pub/sub channel. The mutating instance awaits PUBLISH, which
 *   Redis answers only after queuing the message to every subscriber, so the message is on its way to
 *   them before the change is acknowledged to anyone; what is left is the instant (a fraction of a
 *   millisecond on one network) in which another instance could take a request before reading the
 *   message. We chose this over checking a generation counter in Redis on every request because
 *   that check puts a Redis round trip back on every request, which is most of what the cache saves.
 * - Nothing is cached while the subscription is not live (connecting, or after its connection
 *   dropped, when messages may have been missed); the cache is emptied whenever it goes live again.
 * - A load that was in flight while an invalidation happened is used by its own request (it raced the
 *   change) but not stored, and later requests do not join it: otherwise a row read just before the
 *   commit could be cached after the invalidation and outlive it.
 * - Every entry lives at most `ttlMs` (a backstop for a change made outside the api, e.g. in psql)
 *   and never past the session's own expiry.
 */
export class SessionCache<U extends { id: number }> {
  /** keyed by the signed cookie as sent: a hit skips the signature check and the hash */
  private readonly entries = new Map<string, Entry<U>>();
  private readonly pending = new Map<string, ReturnType<Load<U>>>();
  /** bumped by every invalidation: a load that began in an older epoch is not stored */
  private epoch = 0;
  private live = false;
  private readonly subscriber: Redis;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly opts: SessionCacheOptions) {
    this.ttlMs = opts.ttlMs ?? 5_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
    // a connection of its own: a subscribed connection can run no other command
    this.subscriber = opts.redis.duplicate({ autoResubscribe: false, lazyConnect: false, maxRetriesPerRequest: null });
    this.subscriber.on("ready", () => void this.subscribe());
    this.subscriber.on("close", () => this.goOffline());
    this.subscriber.on("error", (error: Error) => opts.log.warn({ err: error }, "session cache: invalidation channel error; caching paused"));
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel === opts.channel) this.apply(message);
    });
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.opts.channel);
      this.invalidateAll();
      this.live = true;
    } catch (error) {
      this.opts.log.warn({ err: error }, "session cache: cannot subscribe; caching paused");
    }
  }

  private goOffline(): void {
    this.live = false;
    this.invalidateAll();
  }

  private invalidateAll(): void {
    this.epoch++;
    this.entries.clear();
    this.pending.clear();
  }

  private apply(message: string): void {
    this.epoch++;
    this.pending.clear();
    // a scan: invalidations are rare and the map is bounded
    if (message.startsWith("s:")) {
      const idHash = message.slice(2);
      for (const [key, entry] of this.entries) if (entry.session.idHash === idHash) this.entries.delete(key);
    } else if (message.startsWith("u:")) {
      const id = Number(message.slice(2));
      for (const [key, entry] of this.entries) if (entry.session.user.id === id) this.entries.delete(key);
    } else {
      this.entries.clear();
    }
  }

  /**
   * The session behind `cookie` (the signed cookie value as sent): from memory, or from `load`,
   * which checks the signature and returns the session only for an enabled user. Expired sessions
   * are refused here, against this process's clock. Concurrent misses share one load.
   */
  async resolve(cookie: string, load: Load<U>): Promise<LoadedSession<U> | undefined> {
    const hit = this.entries.get(cookie);
    if (hit) {
      if (hit.until > Date.now()) return hit.session;
      this.entries.delete(cookie);
    }
    const shared = this.pending.get(cookie);
    if (shared) return fresh(await shared);
    const epoch = this.epoch;
    const loading = load();
    if (this.live) this.pending.set(cookie, loading);
    let session: LoadedSession<U> | undefined;
    try {
      session = fresh(await loading);
    } finally {
      if (this.pending.get(cookie) === loading) this.pending.delete(cookie);
    }
    if (session && this.live && this.epoch === epoch) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(cookie, { session, until: Math.min(Date.now() + this.ttlMs, session.expiresAt.getTime()) });
    }
    return session;
  }

  /** After a user's row changed (role, password, disabled, profile): here at once, elsewhere via Redis. */
  forgetUser(userId: number): Promise<void> {
    return this.publish(`u:${userId}`);
  }

  /** After a session was deleted (logout). */
  forgetSession(idHash: string): Promise<void> {
    return this.publish(`s:${idHash}`);
  }

  private async publish(message: string): Promise<void> {
    this.apply(message);
    try {
      await this.opts.redis.publish(this.opts.channel, message);
    } catch (error) {
      // the change is committed; other instances fall back on the TTL, and their own subscription
      // is most likely down too (same Redis), in which case they are not caching
      this.opts.log.error({ err: error, message }, "session cache: invalidation not published");
    }
  }

  close(): void {
    this.live = false;
    this.subscriber.removeAllListeners("ready");
    this.subscriber.disconnect();
    this.invalidateAll();
  }
}

function fresh<U>(session: LoadedSession<U> | undefined): LoadedSession<U> | undefined {
  return session && session.expiresAt.getTime() > Date.now() ? session : undefined;
}

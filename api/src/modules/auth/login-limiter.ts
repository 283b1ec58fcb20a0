import type { Redis } from "ioredis";
import { emailIndex } from "@ist/db";

export interface LoginLimiterOptions {
  /** failures of one (email, client) pair answered at once; each further one doubles the wait */
  freeFailures?: number;
  /** the first wait after the free failures */
  baseDelayMs?: number;
  /** the longest wait */
  maxDelayMs?: number;
  /** a pair's failures are forgotten this long after its last failure */
  windowSeconds?: number;
}

/**
 * Failed sign-ins per (email, client) pair, in Redis so every api instance counts the same
 * attempts. After `freeFailures` failures the pair waits `baseDelayMs`, doubling with each further
 * failure up to `maxDelayMs` (OWASP ASVS 2.2.1's "soft lockout"); an attempt inside the wait gets
 * 429. Only the pair that failed waits: another client (or the owner on another device) with the
 * right password is never refused, so nobody can lock an account they do not hold. Guessing from
 * many clients is slowed by the route's per-IP rate limit.
 */
export class LoginLimiter {
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly windowSeconds: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: LoginLimiterOptions = {},
  ) {
    this.freeFailures = options.freeFailures ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    this.windowSeconds = options.windowSeconds ?? 24 * 3600;
  }

  /** the email enters Redis only as its keyed blind index (personal data stays out of the cache) */
  private keys(email: string, client: string) {
    const pair = `${this.prefix}login-fail:${emailIndex(email)}:${encodeURIComponent(client)}`;
    return { count: pair, wait: `${pair}:wait` };
  }

  /** milliseconds until this pair may try again, or 0 */
  async blockedFor(email: string, client: string): Promise<number> {
    const ms = await this.redis.pttl(this.keys(email, client).wait);
    return ms > 0 ? ms : 0;
  }

  /** the wait before this pair's next attempt, in milliseconds (0 while failures are free) */
  delayAfter(failures: number): number {
    if (failures <= this.freeFailures) return 0;
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(failures - this.freeFailures - 1, 30));
  }

  /** records a failure; returns the wait it imposes in milliseconds */
  async fail(email: string, client: string): Promise<number> {
    const { count, wait } = this.keys(email, client);
    const [[, n]] = (await this.redis.multi().incr(count).expire(count, this.windowSeconds).exec()) as [[Error | null, number]];
    const delay = this.delayAfter(n);
    if (delay > 0) await this.redis.set(wait, "1", "PX", delay);
    return delay;
  }

  async reset(email: string, client: string): Promise<void> {
    const { count, wait } = this.keys(email, client);
    await this.redis.del(count, wait);
  }
}

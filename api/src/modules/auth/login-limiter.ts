import type { Redis } from "ioredis";

/**
 * Failed sign-ins per email, in Redis so every api instance counts the same attempts: after
 * `max` failures in `windowSeconds` further attempts get 429 until the window passes, whatever
 * the IP (the per-IP limit is the route's rate limit).
 */
export class LoginLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly max = 5,
    private readonly windowSeconds = 15 * 60,
  ) {}

  private key(email: string) {
    return `${this.prefix}login-fail:${email}`;
  }

  /** seconds until the email may try again, or 0 */
  async blockedFor(email: string): Promise<number> {
    const [count, ttl] = await Promise.all([this.redis.get(this.key(email)), this.redis.ttl(this.key(email))]);
    return Number(count ?? 0) >= this.max ? Math.max(ttl, 1) : 0;
  }

  async fail(email: string): Promise<void> {
    const key = this.key(email);
    const n = await this.redis.incr(key);
    if (n === 1) await this.redis.expire(key, this.windowSeconds);
  }

  async reset(email: string): Promise<void> {
    await this.redis.del(this.key(email));
  }
}

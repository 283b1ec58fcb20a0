/**
 * Requests with an unknown ingest key, counted per client address in this process: past `max` a
 * minute, the address is answered 429 without a database lookup until its minute is over (a key
 * this process already knows as good still passes, so a misconfigured neighbour on the same
 * address cannot lock out a working client). In memory: a shared store would cost a round trip
 * per bad request, which is what this saves, and each api process throttles its own share.
 */
export class BadKeyThrottle {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs = 60_000,
    /** addresses tracked at once; random source addresses must not grow memory without bound */
    private readonly capacity = 50_000,
  ) {}

  /** seconds until `address` may try unknown keys again, or 0 when it may now */
  retryAfter(address: string, now = Date.now()): number {
    const w = this.windows.get(address);
    if (!w || w.resetAt <= now || w.count < this.max) return 0;
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  /** one more unknown key from `address` */
  failed(address: string, now = Date.now()): void {
    const w = this.windows.get(address);
    if (w && w.resetAt > now) {
      w.count++;
      return;
    }
    if (this.windows.size >= this.capacity) this.sweep(now);
    this.windows.set(address, { count: 1, resetAt: now + this.windowMs });
  }

  private sweep(now: number): void {
    for (const [address, w] of this.windows) if (w.resetAt <= now) this.windows.delete(address);
    // all still live (a flood from many addresses): start over rather than grow
    if (this.windows.size >= this.capacity) this.windows.clear();
  }
}

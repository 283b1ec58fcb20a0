/**
 * Remembers the event_ids seen within a time window so that a client's retry is dropped before it
 * reaches the WAL. Ids are kept in time buckets (an hour by default) so expiring a day-old hour is
 * one bucket's worth of deletes, and memory has a hard cap: past `maxIds` the oldest bucket goes
 * early. Whatever slips past (a restart, the cap) is dropped by compaction, which dedupes by id.
 */
export interface RecentIdsOptions {
  windowMs?: number;
  bucketMs?: number;
  maxIds?: number;
}

interface Bucket {
  start: number;
  ids: string[];
}

export class RecentIds {
  private readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly maxIds: number;
  /** id → start of the bucket that holds it. */
  private readonly seen = new Map<string, number>();
  private readonly buckets: Bucket[] = [];

  constructor(opts: RecentIdsOptions = {}) {
    this.windowMs = opts.windowMs ?? 24 * 3_600_000;
    this.bucketMs = opts.bucketMs ?? 3_600_000;
    this.maxIds = opts.maxIds ?? 5_000_000;
  }

  get size(): number {
    return this.seen.size;
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Marks `id` as seen at `nowMs`; returns false if it had been seen already (a duplicate). */
  add(id: string, nowMs: number): boolean {
    if (this.seen.has(id)) return false;
    const start = nowMs - (nowMs % this.bucketMs);
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.start < start) {
      last = { start, ids: [] };
      this.buckets.push(last);
      this.expire(nowMs);
    }
    last.ids.push(id);
    this.seen.set(id, last.start);
    if (this.seen.size > this.maxIds && this.buckets.length > 1) this.dropOldest();
    return true;
  }

  /** Forgets ids whose write failed, so the client's retry is not counted as a duplicate. */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.seen.delete(id);
  }

  private expire(nowMs: number): void {
    while (this.buckets.length > 1 && (this.buckets[0]?.start ?? nowMs) + this.bucketMs <= nowMs - this.windowMs) {
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const b = this.buckets.shift();
    if (!b) return;
    for (const id of b.ids) if (this.seen.get(id) === b.start) this.seen.delete(id);
  }
}

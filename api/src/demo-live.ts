import { setTimeout as sleep } from "node:timers/promises";
import { MAX_EVENTS_PER_BATCH, toIngestEvent, type IngestResult, type LiveEvent, type PlatformEvent, type SyntheticPlatform } from "@ist/warehouse";

/**
 * The demo's live simulator: the seeded synthetic platform carried on in real time. Each tick it
 * posts what the platform's users did since the last one (the generator's own events: the same
 * users, per-user rates, subscriptions and time-of-day profile as the seeded history), so a
 * dashboard watched for an hour moves the way the history says it should. A gap (a restart, a
 * stopped process) is caught up first, a few hours of events at a time.
 */

export interface DemoClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: DemoClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
};

export interface LiveFeedTotals {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  failed: number;
}

export interface LiveFeedOptions {
  platform: SyntheticPlatform;
  /** everything at or before this moment is already in the lake */
  cursor: number;
  send(events: LiveEvent[]): Promise<IngestResult>;
  signal: AbortSignal;
  clock?: DemoClock;
  /** how often to post what happened since the last post (default 1 s) */
  tickMs?: number;
  /** the moment everything up to has been acknowledged, after each tick that moved it */
  onProgress?(cursor: number, totals: LiveFeedTotals): void | Promise<void>;
  /** a batch that could not be sent; it is retried at the next tick */
  onError?(err: unknown): void;
}

/** Catch-up is taken in slices of this many hours, so a long gap never sits in memory whole. */
const CATCH_UP_SLICE_MS = 6 * 3_600_000;
/** Unsent events kept for a retry; past this a stopped ingest loses the oldest (the demo carries on). */
const MAX_BACKLOG = 200_000;

export async function runLiveFeed(opts: LiveFeedOptions): Promise<LiveFeedTotals> {
  const clock = opts.clock ?? systemClock;
  const totals: LiveFeedTotals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, failed: 0 };
  let taken = opts.cursor;
  let reported = opts.cursor;
  let backlog: PlatformEvent[] = [];
  while (!opts.signal.aborted) {
    const now = clock.now();
    let stalled = false;
    while (!stalled && !opts.signal.aborted && (taken < now || backlog.length > 0)) {
      if (taken < now) {
        const upTo = Math.min(now, taken + CATCH_UP_SLICE_MS);
        backlog = backlog.concat(await opts.platform.take(upTo));
        taken = upTo;
      }
      if (backlog.length > MAX_BACKLOG) {
        totals.failed += backlog.length - MAX_BACKLOG;
        backlog = backlog.slice(backlog.length - MAX_BACKLOG);
      }
      while (backlog.length > 0 && !opts.signal.aborted) {
        const batch = backlog.slice(0, MAX_EVENTS_PER_BATCH);
        try {
          const r = await opts.send(batch.map(toIngestEvent));
          totals.sent += batch.length;
          totals.accepted += r.accepted;
          totals.duplicates += r.duplicates;
          totals.rejected += r.rejected;
          backlog = backlog.slice(batch.length);
        } catch (err) {
          opts.onError?.(err);
          stalled = true;
          break;
        }
      }
    }
    // acknowledged up to just before the oldest unsent event
    const acked = backlog.length > 0 ? Math.min(taken, (backlog[0] as PlatformEvent).tsMs - 1) : taken;
    if (acked > reported) {
      reported = acked;
      await opts.onProgress?.(acked, totals);
    }
    await clock.sleep(opts.tickMs ?? 1_000, opts.signal);
  }
  totals.failed += backlog.length;
  return totals;
}

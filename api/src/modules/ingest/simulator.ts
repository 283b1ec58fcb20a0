import { setTimeout as sleep } from "node:timers/promises";
import { LiveEvents, MAX_EVENTS_PER_BATCH, type IngestResult, type LiveEvent } from "@ist/warehouse";

export interface SimulatorOptions {
  /** events per second */
  rate: number;
  /** users the lake has (live events pick among them) */
  users: number;
  send(events: LiveEvent[]): Promise<IngestResult>;
  /** stop after this long; default: until `signal` aborts */
  durationMs?: number;
  signal?: AbortSignal;
  /** a batch that could not be sent; the simulator carries on */
  onError?(err: unknown): void;
}

export interface SimulatorTotals {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  failed: number;
  seconds: number;
}

/**
 * Posts live synthetic events at a steady rate: one batch a second (split past 10,000), on a
 * fixed schedule so a slow answer does not lower the rate, and never more than one batch in flight.
 */
export async function runSimulator(opts: SimulatorOptions): Promise<SimulatorTotals> {
  const live = new LiveEvents({ users: opts.users });
  const totals: SimulatorTotals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, failed: 0, seconds: 0 };
  const started = Date.now();
  const end = opts.durationMs === undefined ? Infinity : started + opts.durationMs;
  let owed = 0;
  for (let tick = 1; !opts.signal?.aborted; tick++) {
    owed += opts.rate;
    const count = Math.floor(owed);
    owed -= count;
    for (let done = 0; done < count && !opts.signal?.aborted; done += MAX_EVENTS_PER_BATCH) {
      const events = live.next(Math.min(MAX_EVENTS_PER_BATCH, count - done));
      try {
        const r = await opts.send(events);
        totals.sent += events.length;
        totals.accepted += r.accepted;
        totals.duplicates += r.duplicates;
        totals.rejected += r.rejected;
      } catch (err) {
        totals.failed += events.length;
        opts.onError?.(err);
      }
    }
    // a batch per started second of the duration: rate × duration events in all
    const next = Math.min(started + tick * 1_000, end);
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: opts.signal }).catch(() => undefined);
    if (next >= end) break;
  }
  totals.seconds = Math.round((Date.now() - started) / 100) / 10;
  return totals;
}

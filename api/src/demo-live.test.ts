import { describe, expect, it } from "vitest";
import { SyntheticPlatform, validateBatch, type LiveEvent } from "@ist/warehouse";
import { runLiveFeed, type DemoClock } from "./demo-live";

const HOUR = 3_600_000;
const OPTS = { users: 400, days: 14, seed: 9, start: "2026-03-01" };
/** the last day's afternoon */
const T0 = Date.parse("2026-03-14T14:00:00Z");

/** Moves `step` per tick until `stopAt`, then aborts the feed. */
function clockUntil(start: number, step: number, stopAt: number, abort: AbortController): DemoClock {
  let t = start;
  return {
    now: () => t,
    async sleep() {
      await Promise.resolve();
      if (t >= stopAt) abort.abort();
      t = Math.min(stopAt, t + step);
    },
  };
}

describe("runLiveFeed", () => {
  it("posts the platform's events as their time comes, in the ingest contract, and retries a failed batch instead of losing it", async () => {
    const platform = new SyntheticPlatform(OPTS);
    await platform.skip(T0);
    const expected = await new SyntheticPlatform(OPTS).take(T0 + 3 * HOUR).then((all) => all.filter((e) => e.tsMs > T0));
    expect(expected.length).toBeGreaterThan(10);

    const abort = new AbortController();
    const posted: LiveEvent[] = [];
    const progress: number[] = [];
    let calls = 0;
    let failures = 0;
    const totals = await runLiveFeed({
      platform,
      cursor: T0,
      clock: clockUntil(T0, 10 * 60_000, T0 + 3 * HOUR, abort),
      signal: abort.signal,
      send: async (events) => {
        // the ingest endpoint is down for the second post
        if (++calls === 2) throw new Error("connection refused");
        const { rows, errors } = validateBatch(events, new Date(T0 + 3 * HOUR));
        expect(errors).toEqual([]);
        posted.push(...events);
        return { accepted: rows.length, rejected: 0, duplicates: 0, errors: [] };
      },
      onError: () => failures++,
      onProgress: (at) => void progress.push(at),
    });

    expect(failures).toBe(1);
    expect(posted.map((e) => e.event_id)).toEqual(expected.map((e) => e.eventId));
    expect(posted.every((e, i) => i === 0 || Date.parse(e.ts) >= Date.parse(posted[i - 1]!.ts))).toBe(true);
    expect(totals).toMatchObject({ sent: expected.length, accepted: expected.length, failed: 0 });
    // progress only moves forward, to the end of the run
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(T0 + 3 * HOUR);
  });

  it("catches a long gap up in slices, oldest first", async () => {
    const platform = new SyntheticPlatform(OPTS);
    const from = Date.parse("2026-03-10T00:00:00Z");
    await platform.skip(from);
    const abort = new AbortController();
    const batches: number[] = [];
    const clock: DemoClock = { now: () => T0, sleep: async () => abort.abort() };
    const totals = await runLiveFeed({
      platform,
      cursor: from,
      clock,
      signal: abort.signal,
      send: async (events) => {
        batches.push(events.length);
        return { accepted: events.length, rejected: 0, duplicates: 0, errors: [] };
      },
    });
    const expected = (await new SyntheticPlatform(OPTS).take(T0)).filter((e) => e.tsMs > from);
    expect(totals.accepted).toBe(expected.length);
    // 4 days and 14 hours in 6-hour slices: no single post holds the whole gap
    expect(batches.length).toBeGreaterThan(10);
  });
});

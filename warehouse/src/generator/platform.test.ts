import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIVE_TYPES } from "../events/schema.js";
import { ingestBatch } from "../ingest.js";
import { Flusher } from "../lake/flush.js";
import { lakeLayout } from "../lake/layout.js";
import { Wal } from "../lake/wal.js";
import { evaluateMetric } from "../metrics/evaluate.js";
import { getMetric } from "../metrics/registry.js";
import type { CohortResult, MetricQuery, SeriesResult } from "../metrics/types.js";
import { QueryPool } from "../query.js";
import { rebuildRollups } from "../rollups/maintain.js";
import { useTempLake } from "../test-support/lake.js";
import { generate, SyntheticPlatform, toIngestEvent, type GenerateResult, type PlatformEvent, type Truth } from "./index.js";

/*
 * The demo's promise (#15 item 6): the seeded history runs up to the moment of the start, and the
 * simulator carries the same platform on at its own users' rates, so an hour watched live looks
 * like the same hour of the seeded days, and nothing in a past window moves.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** the start moment: a Wednesday afternoon (UTC), when the platform is busy */
const T0 = Date.parse("2026-03-11T15:00:00Z");
const T1 = T0 + HOUR;
const TODAY = Date.parse("2026-03-11T00:00:00Z");
const OPTS = { users: 3_000, days: 42, seed: 5, extraDays: 10 };
/** seeded days read for the comparison (the last 14 are compared) */
const PAST_DAYS = 20;

const tempLake = useTempLake("file");

async function withPool<T>(lakeDir: string, fn: (pool: QueryPool) => Promise<T>): Promise<T> {
  const pool = await QueryPool.open({ lakeDir, connections: 1, threads: 1 });
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

async function metric(pool: QueryPool, name: string, query: Omit<MetricQuery, "grain"> & { grain?: MetricQuery["grain"] }, now: number) {
  const def = getMetric(name);
  if (!def) throw new Error(`no metric ${name}`);
  return evaluateMetric(def, { grain: "day", ...query }, { reader: pool, zone: "UTC", rollups: true, now: new Date(now) });
}

/** Distinct active users of each seeded day and of today from midnight up to `hours` into the day. */
async function activeSoFar(pool: QueryPool, hours: number): Promise<Map<string, number>> {
  const rows = await pool.query<{ day: string; n: number }>(
    `select dt::varchar as day, count(distinct user_id)::integer as n
     from events
     where type in (${ACTIVE_TYPES.map((t) => `'${t}'`).join(", ")})
       and dt >= $from and extract(epoch from ts) * 1000 - extract(epoch from dt::timestamp) * 1000 < $cut
     group by dt order by dt`,
    { from: new Date(TODAY - PAST_DAYS * DAY).toISOString().slice(0, 10), cut: hours * HOUR },
  );
  return new Map(rows.map((r) => [r.day, Number(r.n)]));
}

/** Net revenue of each day from midnight up to `hours` into it, from the metric's hourly series. */
async function revenueSoFar(pool: QueryPool, hours: number, now: number): Promise<Map<string, number>> {
  const r = (await metric(pool, "revenue_total", { from: new Date(TODAY - PAST_DAYS * DAY), to: new Date(TODAY + DAY), grain: "hour" }, now)) as SeriesResult;
  const out = new Map<string, number>();
  for (const p of r.series[0]?.points ?? []) {
    const t = Date.parse(p.t);
    if (t % DAY >= hours * HOUR || p.value === null) continue;
    const day = new Date(t).toISOString().slice(0, 10);
    out.set(day, (out.get(day) ?? 0) + p.value);
  }
  return out;
}

/**
 * The range of the last two seeded weeks at the same hour, its top carried forward by their own
 * week-over-week growth (the synthetic platform grows: the newest day is often the busiest yet).
 */
function band(values: Map<string, number>, today: string): [number, number] {
  const past = [...values].filter(([d]) => d < today).map(([, v]) => v).slice(-14);
  expect(past).toHaveLength(14);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const growth = Math.max(1, mean(past.slice(7)) / mean(past.slice(0, 7)));
  return [Math.min(...past), Math.max(...past) * growth];
}

describe("SyntheticPlatform: the seed up to its start, then the same platform live", () => {
  let lakeDir: string;
  let seeded: GenerateResult;
  /** what the live hour posts, minute by minute */
  const liveHour: PlatformEvent[] = [];

  beforeAll(async () => {
    lakeDir = await tempLake();
    seeded = await generate({ lakeDir, ...OPTS, until: T0 });
    await rebuildRollups({ lakeDir, zones: ["UTC"] });
  }, 120_000);

  it("seeds history up to the start moment: today's hours before it are filled, nothing after it", async () => {
    expect(seeded.start).toBe("2026-01-29");
    expect(seeded.end).toBe("2026-03-11");
    const truth = JSON.parse(await readFile(path.join(lakeLayout(lakeDir).truthDir, "truth.json"), "utf8")) as Truth;
    expect(truth).toMatchObject({ until: "2026-03-11T15:00:00.000Z", extra_days: 10, users: 3_000 });
    const [row] = await withPool(lakeDir, (pool) =>
      pool.query<{ last: string; today: number; today_hours: number; users: number; signed_up: number }>(
        `select max(ts)::varchar as last,
           count(*) filter (where dt = '2026-03-11')::integer as today,
           count(distinct hour(ts)) filter (where dt = '2026-03-11')::integer as today_hours,
           (select count(*) from users)::integer as users,
           count(*) filter (where type = 'signup')::integer as signed_up
         from events`,
      ),
    );
    const last = Date.parse(row!.last);
    expect(last).toBeLessThanOrEqual(T0);
    // the seed's last event is within minutes of the start
    expect(T0 - last).toBeLessThan(5 * 60_000);
    expect(row!.today).toBeGreaterThan(500);
    expect(row!.today_hours).toBeGreaterThanOrEqual(12);
    // the users dimension holds who had signed up by the start, no one from later today
    expect(row!.users).toBe(row!.signed_up);
    expect(row!.signed_up).toBeLessThan(3_000);
  });

  it("a platform rebuilt from the seed replays the seeded events exactly (a restart continues the same platform)", async () => {
    const replay = new SyntheticPlatform({ ...OPTS, start: seeded.start });
    const events = await replay.take(T0);
    const [lake] = await withPool(lakeDir, (pool) =>
      pool.query<{ n: number; digest: string }>(`select count(*)::integer as n, bit_xor(hash(event_id))::varchar as digest from events`),
    );
    expect(events.length).toBe(lake!.n);
    const ids = events.filter((e) => e.tsMs > T0 - HOUR).map((e) => e.eventId);
    const lastHour = await withPool(lakeDir, (pool) =>
      pool.query<{ event_id: string }>(`select event_id from events where ts > $t order by ts, event_id`, { t: new Date(T0 - HOUR).toISOString() }),
    );
    expect(new Set(ids)).toEqual(new Set(lastHour.map((r) => r.event_id)));
    // and what it does next is what the seeded platform does next, event for event
    const next = await replay.take(T1);
    const original = await seeded.platform.take(T1);
    expect(next.map((e) => e.eventId)).toEqual(original.map((e) => e.eventId));
    liveHour.push(...original);
  });

  it("an hour live keeps today's DAU, revenue and MRR in the seeded days' range at the same hour, and leaves past windows alone", async () => {
    const pastWindow = { from: new Date(TODAY - 35 * DAY), to: new Date(TODAY - 7 * DAY) };
    const before = await withPool(lakeDir, async (pool) => ({
      mrr: await metric(pool, "mrr", pastWindow, T0),
      retention: await metric(pool, "cohort_retention_weekly", { ...pastWindow, grain: "week" }, T0),
    }));
    expect((before.mrr as SeriesResult).total.value).toBeGreaterThan(0);
    expect((before.retention as CohortResult).cohorts.length).toBeGreaterThan(2);

    // the simulator's hour, posted a minute at a time through ingest (WAL, flush, rollups)
    expect(liveHour.length).toBeGreaterThan(50);
    expect(liveHour.every((e) => e.tsMs > T0 && e.tsMs <= T1)).toBe(true);
    const wal = await Wal.open({ lakeDir, instance: "platform-test" });
    const flusher = new Flusher({ wal, lakeDir, rollups: { zones: ["UTC"] } });
    let accepted = 0;
    try {
      for (let m = 1; m <= 60; m++) {
        const minute = liveHour.filter((e) => e.tsMs > T0 + (m - 1) * 60_000 && e.tsMs <= T0 + m * 60_000);
        if (minute.length === 0) continue;
        const r = await ingestBatch(wal, minute.map(toIngestEvent), new Date(T0 + m * 60_000));
        expect(r.errors).toEqual([]);
        accepted += r.accepted;
      }
      await flusher.flushNow();
    } finally {
      await flusher.stop();
      await wal.close();
    }
    expect(accepted).toBe(liveHour.length);

    await withPool(lakeDir, async (pool) => {
      // a past window is immutable
      expect(await metric(pool, "mrr", pastWindow, T1)).toEqual(before.mrr);
      expect(await metric(pool, "cohort_retention_weekly", { ...pastWindow, grain: "week" }, T1)).toEqual(before.retention);

      const today = "2026-03-11";
      // the live hour's events come at the rate the same hour of the seeded days had
      const hourly = await pool.query<{ day: string; n: number }>(
        `select dt::varchar as day, count(*)::integer as n from events where hour(ts) = 15 and dt >= $from group by dt order by dt`,
        { from: new Date(TODAY - PAST_DAYS * DAY).toISOString().slice(0, 10) },
      );
      const perHour = new Map(hourly.map((r) => [r.day, Number(r.n)]));
      expect(perHour.get(today)).toBe(liveHour.length);
      const [hourLo, hourHi] = band(perHour, today);
      expect(liveHour.length).toBeGreaterThanOrEqual(hourLo);
      expect(liveHour.length).toBeLessThanOrEqual(hourHi);

      const hours = 16;
      const active = await activeSoFar(pool, hours);
      const [dauLo, dauHi] = band(active, today);
      const dau = (await metric(pool, "daily_active_users", { from: new Date(TODAY), to: new Date(TODAY + DAY) }, T1)) as SeriesResult;
      expect(dau.total.value).toBe(active.get(today));
      expect(dau.total.value).toBeGreaterThanOrEqual(dauLo);
      expect(dau.total.value).toBeLessThanOrEqual(dauHi);

      const revenue = await revenueSoFar(pool, hours, T1);
      const [revLo, revHi] = band(revenue, today);
      expect(revenue.get(today)).toBeGreaterThanOrEqual(revLo);
      expect(revenue.get(today)).toBeLessThanOrEqual(revHi);

      // MRR moves the way subscriptions do: today's within a few percent of yesterday's
      const mrr = (await metric(pool, "mrr", { from: new Date(TODAY - 7 * DAY), to: new Date(TODAY + DAY) }, T1)) as SeriesResult;
      const points = mrr.series[0]!.points.map((p) => p.value ?? 0);
      const [yesterday, now] = points.slice(-2) as [number, number];
      expect(Math.abs(now - yesterday)).toBeLessThanOrEqual(0.05 * yesterday);
    });
  }, 120_000);

  it("keeps signing users up after the window, at its last pace, from the same users' world", async () => {
    const p = new SyntheticPlatform({ ...OPTS, start: seeded.start });
    expect(p.pop.n).toBeGreaterThan(OPTS.users);
    const perDay = (p.pop.n - OPTS.users) / OPTS.extraDays;
    const lastWeek = Array.from(p.pop.signupDay).filter((d) => d >= OPTS.days - 7 && d < OPTS.days).length / 7;
    expect(perDay).toBeGreaterThan(lastWeek * 0.7);
    expect(perDay).toBeLessThan(lastWeek * 1.3);
    const tomorrow = await p.take(TODAY + 2 * DAY);
    const signups = tomorrow.filter((e) => e.type === "signup" && e.tsMs >= TODAY + DAY);
    expect(signups.length).toBeGreaterThan(0);
    expect(signups.every((e) => Number(e.userId.slice(1)) > OPTS.users)).toBe(true);
  });

});

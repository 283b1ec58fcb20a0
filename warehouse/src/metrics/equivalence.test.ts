import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/index.js";
import { QueryPool } from "../query.js";
import { rebuildRollups } from "../rollups/maintain.js";
import { evaluateMetric, type Resolve } from "./evaluate.js";
import { getMetric, listMetrics } from "./registry.js";
import type { MetricEnv, MetricQuery, MetricResult, SeriesResult } from "./types.js";
import { localMidnight } from "./window.js";

/**
 * The rollup plans (bitmaps of daily actives, trade and key-event rollups, the `active` rows) and
 * the raw-event plans are two implementations of each definition: on a generated platform they must
 * give the same numbers for every metric, plain, grouped and filtered, by day and by week, in UTC
 * and in a zone east of it. Hours (raw events, what alert rules read) add up to the days (rollups,
 * what the dashboards read).
 */

/** Hour-grain metrics whose day is the sum of its hours. */
const ADDITIVE = [
  "new_users",
  "revenue_total",
  "revenue_subscriptions",
  "revenue_trading_fees",
  "revenue_advertising",
  "revenue_ai_services",
  "revenue_data_services",
  "revenue_virtual_goods",
  "refunds",
  "chargebacks",
  "deposits",
  "withdrawals",
  "net_deposits",
  "trading_volume",
  "trades",
  "copied_volume",
];
/** Hour-grain metrics counting distinct users: a one-day window's headline at hour grain is the day's value. */
const DISTINCT_USERS = ["daily_active_users", "paying_users", "active_traders", "active_copiers"];
const DAYS = ["2025-03-10", "2025-03-11", "2025-03-12"];

const ZONES = ["UTC", "Asia/Shanghai"] as const;
const NOW = new Date("2025-03-20T12:00:00Z");

interface Variant {
  label: string;
  query: Omit<MetricQuery, "from" | "to">;
}

const VARIANTS: Variant[] = [
  { label: "by day", query: { grain: "day" } },
  { label: "by week, grouped by channel", query: { grain: "week", groupBy: "channel" } },
  { label: "by day, filtered to two countries, grouped by tier", query: { grain: "day", filters: { country: ["US", "CN"] }, groupBy: "tier" } },
];

const round = (v: unknown): unknown => {
  if (typeof v === "number") return Math.round(v * 1e4) / 1e4;
  if (Array.isArray(v)) return v.map(round);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
  return v;
};

describe.each(ZONES)("rollups and raw events agree on a generated platform (%s)", (zone) => {
  let dir = "";
  let pool: QueryPool | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ist-equivalence-"));
    await generate({ lakeDir: dir, users: 400, days: 80, seed: 7, start: "2025-01-01" });
    await rebuildRollups({ lakeDir: dir, zones: [zone], threads: 1 });
    pool = await QueryPool.open({ lakeDir: dir, reportingTz: zone, connections: 1, threads: 1 });
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const env = (rollups: boolean): MetricEnv => ({ reader: pool!, zone, rollups, now: NOW });
  const evaluate = (e: MetricEnv, name: string, query: MetricQuery): Promise<MetricResult> => {
    const resolve: Resolve = (n, q) => evaluateMetric(getMetric(n)!, q, e, resolve);
    return evaluateMetric(getMetric(name)!, query, e, resolve);
  };

  it.each(VARIANTS)("for every metric, $label", async ({ query }) => {
    const window = { from: new Date("2025-02-17T00:00:00Z"), to: new Date("2025-03-17T00:00:00Z") };
    let compared = 0;
    for (const m of listMetrics()) {
      if (!m.grains.includes(query.grain)) continue;
      if (query.groupBy && !m.groupBys.includes(query.groupBy)) continue;
      const q: MetricQuery = { ...window, ...query, ...(m.groupBys.length || !query.groupBy ? {} : { groupBy: undefined }) };
      const [fromRollups, fromRaw] = await Promise.all([evaluate(env(true), m.name, q), evaluate(env(false), m.name, q)]);
      expect(round(fromRollups), `${m.name} ${JSON.stringify(query)}`).toEqual(round(fromRaw));
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  }, 120_000);

  it("classifies every hour-grain metric as additive or as distinct users", () => {
    const hourly = listMetrics().filter((m) => m.grains.includes("hour")).map((m) => m.name);
    expect(hourly.sort()).toEqual([...ADDITIVE, ...DISTINCT_USERS].sort());
  });

  it.each(ADDITIVE)("%s: the hours of each day (raw events) add up to the day (rollups)", async (name) => {
    const window = { from: localMidnight(DAYS[0]!, zone), to: localMidnight("2025-03-13", zone) };
    const [hours, days] = (await Promise.all([
      evaluate(env(true), name, { ...window, grain: "hour" }),
      evaluate(env(true), name, { ...window, grain: "day" }),
    ])) as [SeriesResult, SeriesResult];
    const points = hours.series[0]!.points;
    expect(points).toHaveLength(72);
    const sums = DAYS.map((d) => {
      const [lo, hi] = [localMidnight(d, zone).getTime(), localMidnight(d, zone).getTime() + 86_400_000];
      return points.filter((p) => Date.parse(p.t) >= lo && Date.parse(p.t) < hi).reduce((sum, p) => sum + (p.value ?? 0), 0);
    });
    expect(round(sums)).toEqual(round(days.series[0]!.points.map((p) => p.value)));
    expect(round(hours.total.value)).toEqual(round(days.total.value));
    // the generated platform has these every day: the sums compared are not zeros
    if (["new_users", "revenue_total", "trades", "deposits"].includes(name)) expect(days.series[0]!.points.every((p) => (p.value ?? 0) > 0)).toBe(true);
  });

  it.each(DISTINCT_USERS)("%s: a day read by the hour counts the users the day counts", async (name) => {
    let nonZero = 0;
    for (const d of DAYS) {
      const window = { from: localMidnight(d, zone), to: new Date(localMidnight(d, zone).getTime() + 86_400_000) };
      const [hours, day] = (await Promise.all([
        evaluate(env(true), name, { ...window, grain: "hour" }),
        evaluate(env(true), name, { ...window, grain: "day" }),
      ])) as [SeriesResult, SeriesResult];
      const dayValue = day.series[0]!.points[0]!.value ?? 0;
      expect(hours.total.value, `${name} ${d}`).toBe(dayValue);
      const hourly = hours.series[0]!.points.map((p) => p.value ?? 0);
      expect(Math.max(...hourly)).toBeLessThanOrEqual(dayValue);
      expect(hourly.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(dayValue);
      if (dayValue > 0) nonZero++;
    }
    if (name === "daily_active_users") expect(nonZero).toBe(DAYS.length);
  });

  it("has activity to compare: the generated platform is not empty in the window", async () => {
    const r = await evaluate(env(true), "monthly_active_users", { from: new Date("2025-02-17T00:00:00Z"), to: new Date("2025-03-17T00:00:00Z"), grain: "day" });
    expect(r.kind === "series" && (r.total.value ?? 0) > 50).toBe(true);
  });
});

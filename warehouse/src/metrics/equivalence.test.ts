import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/index.js";
import { QueryPool } from "../query.js";
import { rebuildRollups } from "../rollups/maintain.js";
import { evaluateMetric, type Resolve } from "./evaluate.js";
import { getMetric, listMetrics } from "./registry.js";
import type { MetricEnv, MetricQuery, MetricResult } from "./types.js";

/**
 * The rollup plans (bitmaps of daily actives, trade and key-event rollups, the `active` rows) and
 * the raw-event plans are two implementations of each definition: on a generated platform they must
 * give the same numbers for every metric, plain, grouped and filtered, by day and by week, in UTC
 * and in a zone east of it.
 */

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

  it("has activity to compare: the generated platform is not empty in the window", async () => {
    const r = await evaluate(env(true), "monthly_active_users", { from: new Date("2025-02-17T00:00:00Z"), to: new Date("2025-03-17T00:00:00Z"), grain: "day" });
    expect(r.kind === "series" && (r.total.value ?? 0) > 50).toBe(true);
  });
});

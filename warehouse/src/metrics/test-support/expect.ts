import { expect } from "vitest";
import { evaluateMetric } from "../evaluate.js";
import { getMetric } from "../registry.js";
import type { MetricEnv, MetricQuery, MetricResult, SeriesResult } from "../types.js";
import { WEEK } from "./world.js";

/** One row of a table-driven series test: what the hand-worked arithmetic says. */
export interface SeriesCase {
  metric: string;
  query?: Partial<MetricQuery>;
  value: number | null;
  previous: number | null;
  change: number | null;
  /** the ungrouped series' point values, or per group when grouped */
  points?: (number | null)[] | Record<string, (number | null)[]>;
}

export async function run(env: MetricEnv, metric: string, query: Partial<MetricQuery> = {}): Promise<MetricResult> {
  const def = getMetric(metric);
  if (!def) throw new Error(`no metric ${metric}`);
  return evaluateMetric(def, { ...WEEK, ...query }, env);
}

/** Numbers as the api rounds them (8 decimals), so `1 / 3` can be written as a literal. */
export const r8 = (v: number | null) => (v === null ? null : Math.round(v * 1e8) / 1e8);

export async function expectSeries(env: MetricEnv, c: SeriesCase): Promise<SeriesResult> {
  const result = await run(env, c.metric, c.query);
  expect(result.kind).toBe("series");
  const s = result as SeriesResult;
  // rates and scores change in points, amounts relative to the previous value
  const changeKind = s.unit === "percent" || s.unit === "score" ? "points" : "relative";
  expect(s.total).toEqual({ value: r8(c.value), previous: r8(c.previous), change: r8(c.change), changeKind, previousData: "full" });
  if (Array.isArray(c.points)) {
    expect(s.series).toHaveLength(1);
    expect(s.series[0]!.points.map((p) => p.value)).toEqual(c.points.map(r8));
  } else if (c.points) {
    expect(Object.fromEntries(s.series.map((x) => [x.group, x.points.map((p) => p.value)]))).toEqual(
      Object.fromEntries(Object.entries(c.points).map(([g, v]) => [g, v.map(r8)])),
    );
    expect(s.series.map((x) => x.group)).toEqual(Object.keys(c.points));
  }
  return s;
}

/** Bucket starts of the WEEK window at day grain. */
export const WEEK_DAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08"];

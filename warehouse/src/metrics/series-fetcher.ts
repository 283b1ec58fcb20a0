import { evaluateMetric } from "./evaluate.js";
import { getMetric } from "./registry.js";
import { MetricInputError, type Grain, type MetricEnv, type SeriesResult } from "./types.js";
import { localMidnight, MAX_HOURLY_DAYS } from "./window.js";

/**
 * A metric's buckets as alert rules read them (`{ts, value}` per bucket start), with the
 * catalogue's exact definitions, so a rule judges the numbers its tile shows. A metric that is not
 * a series, or lacks the grain, is an error naming what it has (the rule shows it), never a
 * different definition. Hour windows longer than the catalogue allows are read in slices.
 */

export interface SeriesRequest {
  from: Date;
  to: Date;
  grain: string;
  filters: Readonly<Record<string, readonly string[]>>;
}

export type SeriesFetcher = (metric: string, request: SeriesRequest) => Promise<{ ts: number; value: number }[]>;

const DAY = 86_400_000;
/**
 * A slice one day shorter than the hour-grain limit: the window floors its start and ceils its
 * end to local hours, which may add up to two hours to an unaligned slice.
 */
const HOUR_SLICE_MS = (MAX_HOURLY_DAYS - 1) * DAY;

export function metricSeriesFetcher(env: () => MetricEnv | Promise<MetricEnv>): SeriesFetcher {
  return async (metric, request) => {
    const def = getMetric(metric);
    if (!def) throw new MetricInputError("metric", `${metric} is not in the metric catalogue`);
    if (def.kind !== "series") throw new MetricInputError("metric", `${metric} is a ${def.kind}, not a time series`);
    const grain = request.grain as Grain;
    const e = await env();
    const step = grain === "hour" ? HOUR_SLICE_MS : Number.POSITIVE_INFINITY;
    const out: { ts: number; value: number }[] = [];
    for (let start = request.from.getTime(); start < request.to.getTime(); start += step) {
      const end = Math.min(request.to.getTime(), start + step);
      // evaluateMetric checks the grain and filters against the metric (MetricInputError naming them)
      const result = (await evaluateMetric(def, { from: new Date(start), to: new Date(end), grain, filters: request.filters }, e)) as SeriesResult;
      for (const p of result.series[0]?.points ?? []) {
        if (p.value === null) continue;
        const ts = grain === "hour" ? Date.parse(p.t) : localMidnight(p.t, e.zone).getTime();
        if (!out.length || ts > out[out.length - 1]!.ts) out.push({ ts, value: p.value });
      }
    }
    return out;
  };
}

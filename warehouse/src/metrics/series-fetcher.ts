import { evaluateMetric } from "./evaluate.js";
import { getMetric } from "./registry.js";
import type { Grain, MetricEnv, SeriesResult } from "./types.js";
import { localMidnight, MAX_HOURLY_DAYS } from "./window.js";

/**
 * A metric's buckets as alert rules read them (`{ts, value}` per bucket start), with the
 * catalogue's exact definitions. Grains the metric lacks (minute) and non-series metrics go to
 * `fallback`; hour windows longer than the catalogue allows are read in slices.
 */

export interface SeriesRequest {
  from: Date;
  to: Date;
  grain: string;
  filters: Readonly<Record<string, readonly string[]>>;
}

export type SeriesFetcher = (metric: string, request: SeriesRequest) => Promise<{ ts: number; value: number }[]>;

const DAY = 86_400_000;

export function metricSeriesFetcher(env: () => MetricEnv | Promise<MetricEnv>, fallback?: SeriesFetcher): SeriesFetcher {
  return async (metric, request) => {
    const def = getMetric(metric);
    const grain = request.grain as Grain;
    if (!def || def.kind !== "series" || !def.grains.includes(grain)) {
      if (fallback) return fallback(metric, request);
      throw new Error(`metric ${metric}: has no ${request.grain} series`);
    }
    const e = await env();
    const step = grain === "hour" ? MAX_HOURLY_DAYS * DAY : Number.POSITIVE_INFINITY;
    const out: { ts: number; value: number }[] = [];
    for (let start = request.from.getTime(); start < request.to.getTime(); start += step) {
      const end = Math.min(request.to.getTime(), start + step);
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

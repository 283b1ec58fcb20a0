import type { AlertFilters } from "@ist/db";
import type { QueryParam } from "@ist/warehouse";
import type { Grain, SeriesPoint } from "./engine";

/**
 * The series an alert rule watches, read straight from the lake's `events` view for the handful
 * of metrics below. The metrics library (`warehouse/src/metrics/`) replaces this with every metric
 * of the catalogue and its exact definitions; the alerts processor only sees `FetchSeries`, so the
 * swap is one line in the worker wiring. Buckets here are UTC.
 */

export interface SeriesQuery {
  from: Date;
  to: Date;
  grain: Grain;
  filters: AlertFilters;
}

/** Complete and partial buckets of `metric` in [from, to), missing buckets as 0. */
export type FetchSeries = (metric: string, query: SeriesQuery) => Promise<SeriesPoint[]>;

/** What the lake reader must offer: `QueryPool` does. */
export interface LakeReader {
  query<T = Record<string, unknown>>(sql: string, params?: Readonly<Record<string, QueryParam>>): Promise<T[]>;
}

interface LakeMetric {
  /** event types the metric reads; null: all */
  types: readonly string[] | null;
  /** aggregate over `filtered` rows of one bucket */
  value: string;
}

const REVENUE_TYPES = ["subscription_start", "subscription_renew", "trade", "ad_revenue", "ai_service_purchase", "data_api_usage", "virtual_item_purchase"];

export const LAKE_METRICS: Record<string, LakeMetric> = {
  daily_active_users: { types: null, value: "count(distinct user_id)" },
  new_users: { types: ["signup"], value: "count(*)" },
  revenue_total: {
    types: [...REVENUE_TYPES, "refund", "chargeback"],
    value: "sum(case when type in ('refund', 'chargeback') then -amount else amount end)",
  },
  trades: { types: ["trade"], value: "count(*)" },
  deposits: { types: ["deposit"], value: "sum(amount)" },
};

/** Filter dimensions the lake's `users` view can answer; `tier` waits for the metrics library. */
const USER_COLUMN: Record<string, string> = { country: "country", channel: "channel", device: "device", partner: "partner_id" };

export class SeriesError extends Error {}

/** Builds the SQL and parameters for one metric; exported so its shape can be read in tests. */
export function lakeSeriesSql(metric: string, query: SeriesQuery): { sql: string; params: Record<string, QueryParam> } {
  const def = LAKE_METRICS[metric];
  if (!def) throw new SeriesError(`metric ${metric}: not readable from the lake yet (readable: ${Object.keys(LAKE_METRICS).join(", ")})`);
  const params: Record<string, QueryParam> = {
    from: query.from,
    to: query.to,
    from_dt: query.from.toISOString().slice(0, 10),
    to_dt: query.to.toISOString().slice(0, 10),
  };
  const where: string[] = [];
  if (def.types) {
    where.push(`type in (${def.types.map((t, i) => ((params[`type_${i}`] = t), `$type_${i}`)).join(", ")})`);
  }
  const userFilters = Object.entries(query.filters).filter(([, values]) => values.length > 0);
  for (const [dimension, values] of userFilters) {
    const column = USER_COLUMN[dimension];
    if (!column) throw new SeriesError(`filter ${dimension}: not available in the lake yet`);
    where.push(`u.${column} in (${values.map((v, i) => ((params[`${dimension}_${i}`] = v), `$${dimension}_${i}`)).join(", ")})`);
  }
  // the grain is interpolated from this allow-list, never from input
  const grain = { minute: "minute", hour: "hour", day: "day" }[query.grain];
  const join = userFilters.length ? "join users u using (user_id)" : "";
  const sql = `
    with buckets as (
      select range as bucket
      from range(date_trunc('${grain}', timezone('UTC', $from)), timezone('UTC', $to), interval 1 ${grain})
    ),
    source as (
      select e.user_id, e.type, e.amount, timezone('UTC', e.ts) as t
      from events e
      where e.dt between cast($from_dt as date) and cast($to_dt as date) and e.ts >= $from and e.ts < $to
    ),
    filtered as (
      select s.* from source s ${join}
      ${where.length ? `where ${where.join(" and ")}` : ""}
    ),
    aggregated as (
      select date_trunc('${grain}', t) as bucket, ${def.value} as value
      from filtered
      group by 1
    )
    select b.bucket, coalesce(a.value, 0)::double as value
    from buckets b
    left join aggregated a using (bucket)
    order by b.bucket`;
  return { sql, params };
}

export function lakeSeries(lake: LakeReader): FetchSeries {
  return async (metric, query) => {
    const { sql, params } = lakeSeriesSql(metric, query);
    const rows = await lake.query<{ bucket: string; value: number }>(sql, params);
    return rows.map((r) => ({ ts: Date.parse(r.bucket.endsWith("Z") ? r.bucket : `${r.bucket}Z`), value: Number(r.value) }));
  };
}

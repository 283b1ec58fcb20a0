import type { MetricsReader } from "../metrics/types.js";

/**
 * What else happened on the platform while a metric moved: the context an alert's firing carries.
 * One source per domain, as far as the domain exists in the lake; today campaign touches and
 * experiment exposures. Support adds ticket volume here when its tickets reach the lake. The SQL
 * is the warehouse's own (callers get rows, never write lake SQL), values bound.
 */

export interface ContextWindow {
  from: Date;
  to: Date;
}

export type ContextSource = (reader: MetricsReader, window: ContextWindow) => Promise<unknown>;

const windowParams = (w: ContextWindow) => ({ from: w.from, to: w.to, from_dt: w.from.toISOString().slice(0, 10), to_dt: w.to.toISOString().slice(0, 10) });
// `dt` partitions are UTC days, so the UTC dates of the bounds prune them
const inWindow = "dt between cast($from_dt as date) and cast($to_dt as date) and ts >= $from and ts < $to";

const EXPERIMENTS_STARTED = `
  with source as (
    select json_extract_string(props, '$.experiment_key') as experiment_key, ts
    from events where type = 'experiment_exposure' and ${inWindow}
  ),
  aggregated as (
    select experiment_key, min(ts) as first_exposure_at, count(*)::integer as exposures from source group by 1
  )
  select experiment_key as "experimentKey", first_exposure_at as "firstExposureAt", exposures
  from aggregated order by first_exposure_at, experiment_key limit 50`;

const CAMPAIGNS_SENT = `
  with source as (
    select json_extract_string(props, ['$.campaign_id', '$.channel', '$.action']) as p
    from events where type = 'campaign_touch' and ${inWindow}
  ),
  aggregated as (
    select p[1] as campaign_id, p[2] as channel, count(*)::integer as touches, (count(*) filter (where p[3] = 'sent'))::integer as sent
    from source group by 1, 2
  )
  select campaign_id as "campaignId", channel, touches, sent from aggregated order by touches desc, 1, 2 limit 50`;

/** Experiments with exposures in the window, by their first exposure in it, with how many they had. */
export const experimentsStarted: ContextSource = (reader, w) => reader.query(EXPERIMENTS_STARTED, windowParams(w), { trusted: true });

/** Campaign touches in the window per campaign and channel, most first, with how many were sends. */
export const campaignsSent: ContextSource = (reader, w) => reader.query(CAMPAIGNS_SENT, windowParams(w), { trusted: true });

export const CONTEXT_SOURCES: Readonly<Record<string, ContextSource>> = { experimentsStarted, campaignsSent };

/**
 * The firing context of `window`: the window and each source's rows. A source that fails records
 * its error instead of sinking the others (a firing is never lost to its context).
 */
export async function firingContext(reader: MetricsReader, window: ContextWindow, sources = CONTEXT_SOURCES): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(sources).map(async ([name, source]) => {
      try {
        return [name, await source(reader, window)] as const;
      } catch (err) {
        return [name, { error: err instanceof Error ? err.message : String(err) }] as const;
      }
    }),
  );
  return { window: { from: window.from.toISOString(), to: window.to.toISOString() }, ...Object.fromEntries(entries) };
}

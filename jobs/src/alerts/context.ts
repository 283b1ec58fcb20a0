import type { LakeReader } from "./series";

/**
 * What else happened on the platform while a metric moved: the context a firing carries. One
 * source per domain, as far as the domain exists; today the lake has campaign touches and
 * experiment exposures. Support adds ticket volume here when its tickets exist.
 */

export interface Window {
  from: Date;
  to: Date;
}

export type ContextSource = (lake: LakeReader, window: Window) => Promise<unknown>;

const windowParams = (w: Window) => ({ from: w.from, to: w.to, from_dt: w.from.toISOString().slice(0, 10), to_dt: w.to.toISOString().slice(0, 10) });
const inWindow = "dt between cast($from_dt as date) and cast($to_dt as date) and ts >= $from and ts < $to";

/** Experiments whose first exposure in the window falls in it, with how many exposures they had. */
const experimentsStarted: ContextSource = (lake, w) =>
  lake.query(
    `with source as (
       select json_extract_string(props, '$.experiment_key') as experiment_key, ts
       from events where type = 'experiment_exposure' and ${inWindow}
     )
     select experiment_key as "experimentKey", min(ts) as "firstExposureAt", count(*)::integer as exposures
     from source group by 1 order by 2 limit 50`,
    windowParams(w),
  );

/** Campaign touches in the window per campaign and channel, most first. */
const campaignsSent: ContextSource = (lake, w) =>
  lake.query(
    `with source as (
       select json_extract_string(props, '$.campaign_id') as campaign_id, json_extract_string(props, '$.channel') as channel,
              json_extract_string(props, '$.action') as action
       from events where type = 'campaign_touch' and ${inWindow}
     )
     select campaign_id as "campaignId", channel, count(*)::integer as touches, (count(*) filter (where action = 'sent'))::integer as sent
     from source group by 1, 2 order by touches desc, 1, 2 limit 50`,
    windowParams(w),
  );

export const CONTEXT_SOURCES: Record<string, ContextSource> = { experimentsStarted, campaignsSent };

/** Runs every source; one that fails records its error instead of sinking the others. */
export async function firingContext(lake: LakeReader, window: Window, sources = CONTEXT_SOURCES): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(sources).map(async ([name, source]) => {
      try {
        return [name, await source(lake, window)] as const;
      } catch (err) {
        return [name, { error: err instanceof Error ? err.message : String(err) }] as const;
      }
    }),
  );
  return { window: { from: window.from.toISOString(), to: window.to.toISOString() }, ...Object.fromEntries(entries) };
}

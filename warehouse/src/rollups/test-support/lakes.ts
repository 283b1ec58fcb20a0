import { ACTIVE_TYPES, type EventRow } from "../../events/schema.js";
import { Flusher } from "../../lake/flush.js";
import { Wal } from "../../lake/wal.js";
import { QueryPool } from "../../query.js";

/**
 * Flushes each batch through its own WAL instance and flusher (rolling up as the api does), like
 * successive api processes: a repeated event_id then reaches Parquet, as a retry after a restart can.
 */
export async function flushBatches(lakeDir: string, batches: readonly EventRow[][], zones: readonly string[] = []): Promise<void> {
  for (const [i, batch] of batches.entries()) {
    if (batch.length === 0) continue;
    const wal = await Wal.open({ lakeDir, instance: `test-${i}` });
    const flusher = new Flusher({ wal, lakeDir, rollups: { zones } });
    try {
      await wal.append(batch);
      await flusher.flushNow();
    } finally {
      await flusher.stop();
      await wal.close();
    }
  }
}

export function ev(id: string, type: string, user: string, ts: string, extra: { amount?: string; props?: object; ingestedAt?: string } = {}): EventRow {
  return {
    event_id: id,
    type: type as EventRow["type"],
    user_id: user,
    ts,
    amount: extra.amount ?? null,
    currency: extra.amount ? "USD" : null,
    props: JSON.stringify(extra.props ?? {}),
    ingested_at: extra.ingestedAt ?? ts,
  };
}

type Rows = Record<string, unknown>[];
const sorted = (rows: Rows) => rows.map((r) => JSON.stringify(r)).sort();

type RollupRows = { dailyType: string[]; userDay: string[]; firstSeen: string[]; tradeDay: string[]; keyEvents: string[] };

/** The rollups of a zone, keyed by user_id instead of user_key, in a stable order. */
export async function rollupRows(pool: QueryPool): Promise<RollupRows> {
  return {
    dailyType: sorted(await pool.query(`select day, type, currency, country, channel, device, events, users, amount from rollup_daily_type`)),
    userDay: sorted(await pool.query(`select r.day, d.user_id, r.type::varchar as type, r.events, r.amount from rollup_user_day r join user_dict d using (user_key)`)),
    firstSeen: sorted(await pool.query(`select user_id, first_seen_day, signup_day, signup_at, country, channel, device from user_first_seen`)),
    tradeDay: sorted(
      await pool.query(`select r.day, d.user_id, r.is_copy, r.leader_id, r.trades, round(r.notional, 6) as notional from rollup_trade_day r join user_dict d using (user_key)`),
    ),
    keyEvents: sorted(
      await pool.query(`select r.day, d.user_id, r.user_id as own_id, event_id, ts, type, amount, currency, plan, plan_interval, leader_id, score
        from rollup_key_events r join user_dict d using (user_key)`),
    ),
  };
}

/**
 * The same aggregates computed straight from raw events with plain SQL (the oracle the rollups
 * are checked against): deduplicated by event_id, bucketed by the zone's local date.
 */
export async function rawRows(pool: QueryPool, zone: string): Promise<RollupRows> {
  const day = zone === "UTC" ? "cast(ts as date)" : `cast(timezone('${zone}', ts) as date)`;
  const base = `
    ev as (select *, ${day} as day from events qualify row_number() over (partition by event_id order by ingested_at, ts) = 1),
    su as (
      select user_id, min(day) as signup_day, min(ts) as signup_at, first(props order by ts, event_id) as props
      from ev where type = 'signup' group by user_id
    ),
    attrs as (
      select user_id, signup_day, signup_at, json_extract_string(props, '$.country') as country,
        json_extract_string(props, '$.channel') as channel, json_extract_string(props, '$.device') as device
      from su
    )`;
  return {
    dailyType: sorted(
      await pool.query(`with ${base}
        select day, type, currency, country, channel, device, count(*) as events, count(distinct user_id) as users, sum(amount) as amount
        from ev left join attrs using (user_id) group by all`),
    ),
    userDay: sorted(
      await pool.query(`with ${base}
        select day, user_id, type, count(*)::integer as events, sum(amount) as amount from ev group by all
        union all
        select day, user_id, '*', count(*)::integer, null from ev group by all
        union all
        select day, user_id, 'active', count(*)::integer, null from ev where type in (${ACTIVE_TYPES.map((t) => `'${t}'`).join(", ")}) group by all`),
    ),
    firstSeen: sorted(
      await pool.query(`with ${base}
        select user_id, min(day) as first_seen_day, any_value(signup_day) as signup_day, any_value(signup_at) as signup_at,
          any_value(country) as country, any_value(channel) as channel, any_value(device) as device
        from ev left join attrs using (user_id) group by user_id`),
    ),
    tradeDay: sorted(
      await pool.query(`with ${base}
        select day, user_id, coalesce(try_cast(props ->> 'is_copy' as boolean), false) as is_copy, props ->> 'leader_id' as leader_id, count(*)::integer as trades,
          round(sum(try_cast(props ->> 'qty' as double) * try_cast(props ->> 'price' as double)), 6) as notional
        from ev where type = 'trade' group by all`),
    ),
    keyEvents: sorted(
      await pool.query(`with ${base}
        select day, user_id, user_id as own_id, event_id, ts, type, amount, currency,
          case when type like 'subscription_%' then props ->> 'plan' end as plan,
          case when type like 'subscription_%' then coalesce(props ->> 'interval', 'month') end as plan_interval,
          case when type like 'copy_%' then props ->> 'leader_id' end as leader_id,
          case when type = 'nps_response' then try_cast(props ->> 'score' as integer) end as score
        from ev where type in ('subscription_start', 'subscription_renew', 'subscription_cancel', 'copy_start', 'copy_stop', 'nps_response')`),
    ),
  };
}

/**
 * The three KPI questions, each written three ways, all returning the same rows in the same order:
 *
 *   lake  DuckDB over the lake's physical design: rollups held in memory (user_day with integer
 *         user keys and a per-user-day total row, daily_type, user_first_seen), days bucketed in UTC
 *   raw   DuckDB over raw events Parquet (VARCHAR user ids), days from `ts` in UTC: for the record
 *   pg    PostgreSQL 15, the same rows in one heap table with a btree index on ts, plain SQL
 *
 * Definitions: a user is active on a day with any event; revenue is the gross `amount` of the
 * revenue types by stream (refunds and chargebacks as their own line, not netted per stream);
 * a signup cohort is the ISO week (Monday) of a user's first signup event, and retention counts
 * the cohort's users active in each week since.
 */

export interface KpiSql {
  name: string;
  question: string;
  columns: string[];
  lake: string;
  raw: string;
  pg: string;
}

const STREAMS: [string, string[]][] = [
  ["subscriptions", ["subscription_start", "subscription_renew"]],
  ["trading_fees", ["trade"]],
  ["advertising", ["ad_revenue"]],
  ["ai_services", ["ai_service_purchase"]],
  ["data_services", ["data_api_usage"]],
  ["virtual_goods", ["virtual_item_purchase"]],
  ["refunds_chargebacks", ["refund", "chargeback"]],
];
/** UTC date of ts by integer arithmetic on the epoch: no per-row time-zone lookup (the rollups do the same). */
const utcDay = `(date '1970-01-01' + cast(floor(epoch_ms(ts) / 86400000) as integer))`;
const streamTypes = STREAMS.flatMap(([, types]) => types).map((t) => `'${t}'`).join(", ");
const streamEnums = STREAMS.flatMap(([, types]) => types).map((t) => `'${t}'::rollup_event_type`).join(", ");
const streamCase = `case ${STREAMS.map(([s, types]) => `when type in (${types.map((t) => `'${t}'`).join(", ")}) then '${s}'`).join(" ")} end`;

export const KPIS: KpiSql[] = [
  {
    name: "kpi_dau",
    question: "daily active users, last 90 days",
    columns: ["day", "dau"],
    lake: `select day, count(*) as dau from rollup_user_day where type = '*' and day between $from and $to group by day order by day`,
    raw: `select ${utcDay} as day, count(distinct user_id) as dau from events
          where dt between $from::date - 1 and $to::date + 1 and ${utcDay} between $from and $to group by 1 order by 1`,
    pg: `select day, count(*) as dau
         from (select distinct (ts at time zone 'UTC')::date as day, user_id from events
               where ts >= $1::date::timestamp at time zone 'UTC' and ts < ($2::date + 1)::timestamp at time zone 'UTC') d
         group by day order by day`,
  },
  {
    name: "kpi_revenue",
    question: "revenue by stream by week",
    columns: ["week", "stream", "revenue"],
    // rollup types are an ENUM (rollup_event_type): compared with enum literals, as the metrics library does
    lake: `select date_trunc('week', day)::date as week, ${streamCase} as stream, sum(amount) as revenue
           from (select day, type::varchar as type, amount from rollup_daily_type where type in (${streamEnums}))
           group by all order by week, stream`,
    raw: `select date_trunc('week', ${utcDay})::date as week, ${streamCase} as stream, sum(amount) as revenue
          from events where type in (${streamTypes}) group by all order by week, stream`,
    pg: `select date_trunc('week', ts at time zone 'UTC')::date as week, ${streamCase} as stream, sum(amount) as revenue
         from events where type in (${streamTypes}) group by 1, 2 order by week, stream`,
  },
  {
    name: "kpi_retention",
    question: "weekly signup-cohort retention",
    columns: ["cohort", "week_offset", "users"],
    lake: `with cohorts as (select user_key, date_trunc('week', signup_day)::date as cohort from user_first_seen where signup_day is not null),
           activity as (select distinct user_key, date_trunc('week', day)::date as week from rollup_user_day where type = '*')
           select c.cohort, (a.week - c.cohort) // 7 as week_offset, count(*) as users
           from cohorts c join activity a using (user_key) where a.week >= c.cohort group by all order by cohort, week_offset`,
    raw: `with cohorts as (select user_id, date_trunc('week', min(${utcDay}))::date as cohort from events where type = 'signup' group by user_id),
          activity as (select distinct user_id, date_trunc('week', ${utcDay})::date as week from events)
          select c.cohort, (a.week - c.cohort) // 7 as week_offset, count(*) as users
          from cohorts c join activity a using (user_id) where a.week >= c.cohort group by all order by cohort, week_offset`,
    pg: `with cohorts as (select user_id, date_trunc('week', min(ts) at time zone 'UTC')::date as cohort from events where type = 'signup' group by user_id),
         activity as (select distinct user_id, date_trunc('week', ts at time zone 'UTC')::date as week from events)
         select c.cohort, (a.week - c.cohort) / 7 as week_offset, count(*) as users
         from cohorts c join activity a using (user_id) where a.week >= c.cohort group by 1, 2 order by cohort, week_offset`,
  },
];

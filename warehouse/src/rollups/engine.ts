import type { DuckDBConnection } from "@duckdb/node-api";
import { ACTIVE_TYPES } from "../events/schema.js";
import { EMPTY_EVENTS_SQL } from "../lake/layout.js";
import { extendDictionary } from "./dictionary.js";
import { eventFiles, fileList, listParquet, removeFile, writeParquetFiles } from "./files.js";
import { DAY_COLUMN, dayOfFile, type RollupLayout, type ZonedRollup } from "./layout.js";
import { addDays, dtsOfLocalDay, localDaySql, tsRangeSql } from "./zone.js";

/**
 * The SQL of the rollups, run by the writer on its own connection, one reporting zone and a few
 * local days at a time. Each step reads temp tables the previous one left:
 *
 *   stage      the days' events (deduplicated by event_id, as compaction would) with user_key and local day
 *   user_day   per (day, user_key, type): events and amount, plus a `type = '*'` row per (day, user_key)
 *              with the day's total and a `type = 'active'` row when the user acted (ACTIVE_TYPES),
 *              so DAU and retention count rows instead of distinct keys
 *   trade_day  per (day, user_key, is_copy, leader_id): trades and notional (qty × price), parsed once
 *   key_events the sparse events whose props metrics need (subscriptions, copy starts/stops, NPS),
 *              one row each with those props as columns
 *   fs         user_first_seen: first-seen day, signup day and the signup's country/channel/device
 *   daily_type per (day, type, currency, country, channel, device): events, distinct users, amount
 *
 * Only the days asked for are recomputed from events; first-seen rows are merged (a user's first
 * day only moves earlier), which is what makes an incremental update equal a full rebuild.
 */

export interface ZoneRun {
  zone: string;
  /** Files written or removed, per rollup and day. */
  written: Record<ZonedRollup, Set<string>>;
  dirtyFirstSeen: Set<string>;
  dirs: Set<string>;
}

export function newZoneRun(zone: string): ZoneRun {
  return {
    zone,
    written: { daily_type: new Set(), user_day: new Set(), user_first_seen: new Set(), trade_day: new Set(), key_events: new Set() },
    dirtyFirstSeen: new Set(),
    dirs: new Set(),
  };
}

const FS_COLUMNS = `user_key, user_id, first_seen_day, signup_day, signup_at, country, channel, device`;
const EMPTY_FS_SQL = `select null::integer as user_key, null::varchar as user_id, null::date as first_seen_day, null::date as signup_day,
  null::timestamptz as signup_at, null::varchar as country, null::varchar as channel, null::varchar as device where false`;

/** Event types whose props a rollup reads (the rest are dropped when staging). */
const KEY_EVENT_TYPES = ["subscription_start", "subscription_renew", "subscription_cancel", "copy_start", "copy_stop", "nps_response"];
const PROPS_KEPT = ["signup", "trade", ...KEY_EVENT_TYPES].map((t) => `'${t}'`).join(", ");
const typeSql = (types: readonly string[]) => types.map((t) => `'${t}'`).join(", ");

export function dateList(days: Iterable<string>): string {
  const list = [...days].map((d) => `'${addDays(d, 0)}'::date`);
  return list.length ? list.join(", ") : "null::date";
}

/** Loads the zone's first-seen rows into `fs` (nothing when rebuilding from scratch). */
export async function loadFirstSeen(conn: DuckDBConnection, layout: RollupLayout, zone: string, fresh: boolean): Promise<void> {
  const files = fresh ? [] : await listParquet(layout.zoneDir("user_first_seen", zone));
  const source = files.length ? `select ${FS_COLUMNS} from read_parquet(${fileList(files.map((f) => f.file))})` : EMPTY_FS_SQL;
  await conn.run(`create or replace temp table fs as ${source}`);
}

/** Stages the events of local `days` in `zone` (reading the UTC partitions around them); extends the dictionary. */
export async function stageDays(conn: DuckDBConnection, layout: RollupLayout, run: ZoneRun, days: readonly string[]): Promise<void> {
  const dts = [...new Set(days.flatMap((d) => dtsOfLocalDay(d)))].sort();
  const sorted = [...days].sort();
  const files = await eventFiles(dts.map((dt) => layout.eventsDayDir(dt)));
  if ((await extendDictionary(conn, layout, files)) > 0) run.dirs.add(layout.dictDir);
  const source = files.length ? `read_parquet(${fileList(files)}, hive_partitioning = true, hive_types = {'dt': date})` : `(${EMPTY_EVENTS_SQL})`;
  await conn.run(
    `create or replace temp table stage as
     with source as (
       select event_id, type, user_id, ts, amount, currency, case when type in (${PROPS_KEPT}) then props end as props, ingested_at,
         ${localDaySql(run.zone)} as day
       from ${source}
       where ${tsRangeSql(run.zone, sorted[0] as string, sorted[sorted.length - 1] as string)}
     ),
     filtered as (select * from source where day in (${dateList(days)})),
     deduped as (select * from filtered qualify row_number() over (partition by event_id order by ingested_at, ts) = 1)
     select d.user_key, s.* exclude (ingested_at) from deduped s join dict d using (user_id)`,
  );
}

/** Writes `out` split by day: a file per day with rows, and no file for a day without. */
async function writeDays(conn: DuckDBConnection, layout: RollupLayout, run: ZoneRun, name: ZonedRollup, days: Iterable<string>, orderBy: string): Promise<void> {
  const col = DAY_COLUMN[name];
  const reader = await conn.runAndReadAll(`select ${col}::varchar as day from out group by 1`);
  const present = new Set(reader.getRowsJS().map((r) => String(r[0])));
  run.dirs.add(layout.zoneDir(name, run.zone));
  const outputs: { select: string; file: string }[] = [];
  for (const day of days) {
    const file = layout.dayFile(name, run.zone, day);
    if (present.has(day)) {
      outputs.push({ select: `select * from out where ${col} = '${addDays(day, 0)}'::date order by ${orderBy}`, file });
      run.written[name].add(day);
    } else {
      await removeFile(file);
    }
  }
  await writeParquetFiles(conn, outputs);
  await conn.run(`drop table out`);
}

export async function writeUserDay(conn: DuckDBConnection, layout: RollupLayout, run: ZoneRun, days: readonly string[]): Promise<void> {
  await conn.run(
    `create or replace temp table out as
     select day, user_key, coalesce(type, '*') as type, count(*)::integer as events,
       case when grouping(type) = 1 then null else sum(amount) end as amount
     from stage
     group by grouping sets ((day, user_key, type), (day, user_key))
     union all
     select day, user_key, 'active', count(*)::integer, null from stage where type in (${typeSql(ACTIVE_TYPES)}) group by all`,
  );
  await writeDays(conn, layout, run, "user_day", days, "user_key, type");
}

export async function writeDailyType(conn: DuckDBConnection, layout: RollupLayout, run: ZoneRun, days: readonly string[]): Promise<void> {
  await conn.run(
    `create or replace temp table out as
     select s.day, s.type, s.currency, f.country, f.channel, f.device,
       count(*) as events, count(distinct s.user_key) as users, sum(s.amount) as amount
     from stage s left join fs f using (user_key)
     group by all`,
  );
  await writeDays(conn, layout, run, "daily_type", days, "type, currency, country, channel, device");
}

/**
 * Trades per (day, user, copied or not, leader): count and notional = qty × price (a double, as
 * the raw reading computes it), so volume and copy metrics never parse trade props at query time.
 */
export async function writeTradeDay(conn: DuckDBConnection, layout: RollupLayout, run: ZoneRun, days: readonly string[]): Promise<void> {
  await conn.run(
    `create or replace temp table out as
     with t as (
       select day, user_key, json_extract_string(props, ['$.qty', '$.price', '$.is_copy', '$.leader_id']) as p from stage where type = 'trade'
     )
     select day, user_key, coalesce(try_cast(p[3] as boolean), false) as is_copy, p[4] as leader_id,
       count(*)::integer as trades, sum(try_cast(p[1] as double) * try_cast(p[2] as double)) as notional
     from t group by all`,
  );
  await writeDays(conn, layout, run, "trade_day", days, "user_key, is_copy, leader_id");
}

/** The sparse events metrics read props of, one row each, the props they need as columns. */
export async function writeKeyEvents(conn: DuckDBConnection, layout: RollupLayout, run: ZoneRun, days: readonly string[]): Promise<void> {
  await conn.run(
    `create or replace temp table out as
     select day, user_key, user_id, event_id, ts, type, amount, currency,
       case when type like 'subscription_%' then json_extract_string(props, '$.plan') end as plan,
       case when type like 'subscription_%' then coalesce(json_extract_string(props, '$.interval'), 'month') end as plan_interval,
       case when type like 'copy_%' then json_extract_string(props, '$.leader_id') end as leader_id,
       case when type = 'nps_response' then try_cast(json_extract_string(props, '$.score') as integer) end as score
     from stage where type in (${typeSql(KEY_EVENT_TYPES)})`,
  );
  await writeDays(conn, layout, run, "key_events", days, "user_key, ts, event_id");
}

/**
 * Merges the staged days into `fs`. Returns days outside the stage whose daily_type must be
 * recomputed because a user's signup (and so their country/channel/device) arrived after their
 * other events had been rolled up.
 */
export async function mergeFirstSeen(conn: DuckDBConnection, layout: RollupLayout, run: ZoneRun): Promise<string[]> {
  const takes = `c.signup_at is not null and (f.signup_at is null or c.signup_at < f.signup_at)`;
  const pick = (col: string) => `case when ${takes} then c.${col} else f.${col} end as ${col}`;
  await conn.run(
    `create or replace temp table changed as
     with cand as (
       select user_key, any_value(user_id) as user_id, min(day) as first_seen_day,
         min(day) filter (where type = 'signup') as signup_day, min(ts) filter (where type = 'signup') as signup_at,
         first(props order by ts, event_id) filter (where type = 'signup') as props
       from stage group by user_key
     ),
     signups as (
       select *, json_extract_string(props, '$.country') as country, json_extract_string(props, '$.channel') as channel,
         json_extract_string(props, '$.device') as device
       from cand
     )
     select c.user_key, coalesce(f.user_id, c.user_id) as user_id, least(f.first_seen_day, c.first_seen_day) as first_seen_day,
       ${pick("signup_day")}, ${pick("signup_at")}, ${pick("country")}, ${pick("channel")}, ${pick("device")},
       f.first_seen_day as old_first_seen_day,
       f.user_key is not null and ${takes}
         and (c.country is distinct from f.country or c.channel is distinct from f.channel or c.device is distinct from f.device) as dims_changed
     from signups c left join fs f using (user_key)
     where f.user_key is null or c.first_seen_day < f.first_seen_day or (${takes})`,
  );
  const dirty = await conn.runAndReadAll(
    `select distinct d::varchar from (select first_seen_day as d from changed union all select old_first_seen_day from changed) where d is not null`,
  );
  for (const [d] of dirty.getRowsJS()) run.dirtyFirstSeen.add(String(d));
  let extra: string[] = [];
  const moved = await conn.runAndReadAll(`select count(*)::integer from changed where dims_changed`);
  if (Number(moved.getRowsJS()[0]?.[0] ?? 0) > 0) {
    const files = await listParquet(layout.zoneDir("user_day", run.zone));
    if (files.length) {
      const days = await conn.runAndReadAll(
        `select distinct day::varchar from read_parquet(${fileList(files.map((f) => f.file))})
         where type = '*' and user_key in (select user_key from changed where dims_changed)`,
      );
      extra = days.getRowsJS().map((r) => String(r[0]));
    }
  }
  await conn.run(`delete from fs where user_key in (select user_key from changed)`);
  await conn.run(`insert into fs select ${FS_COLUMNS} from changed`);
  await conn.run(`drop table changed`);
  return extra;
}

/** Writes the first-seen files of `days` from `fs`. */
export async function writeFirstSeen(conn: DuckDBConnection, layout: RollupLayout, run: ZoneRun, days: Iterable<string>): Promise<void> {
  const list = [...days];
  await conn.run(`create or replace temp table out as select ${FS_COLUMNS} from fs where first_seen_day in (${dateList(list)})`);
  await writeDays(conn, layout, run, "user_first_seen", list, "user_key");
}

/** After a rebuild: removes files of days the rebuild did not produce (days whose events are gone). */
export async function removeStale(layout: RollupLayout, run: ZoneRun, name: ZonedRollup): Promise<void> {
  for (const f of await listParquet(layout.zoneDir(name, run.zone))) {
    const day = dayOfFile(f.name);
    if (day && !run.written[name].has(day)) await removeFile(f.file);
  }
}

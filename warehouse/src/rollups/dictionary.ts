import type { DuckDBConnection } from "@duckdb/node-api";
import { ulid } from "ulid";
import { fileList, listParquet, removeFile, writeParquet } from "./files.js";
import { DICT_PART_RE, type RollupLayout } from "./layout.js";

/**
 * The user dictionary: a dense INTEGER `user_key` per `user_id`, so everything that counts
 * distinct users hashes 4-byte integers instead of strings. Keys are handed out in order of first
 * appearance and never change: the dictionary only grows, one Parquet part per batch of new users,
 * and parts are merged into one (the union, under a newer name) once there are many of them.
 * Only the rollup writer, under the rollups lock, adds keys.
 */

/** Past this many parts the dictionary is merged into one file. */
const MAX_PARTS = 32;

export const EMPTY_DICT_SQL = `select null::integer as user_key, null::varchar as user_id where false`;

/** Loads the dictionary into the temp table `dict`. */
export async function loadDictionary(conn: DuckDBConnection, layout: RollupLayout): Promise<void> {
  const parts = await listParquet(layout.dictDir, DICT_PART_RE);
  const source = parts.length ? `select distinct user_key, user_id from read_parquet(${fileList(parts.map((p) => p.file))})` : EMPTY_DICT_SQL;
  await conn.run(`create or replace temp table dict as ${source}`);
}

/**
 * Gives every user_id of `files` (events Parquet) that has no key yet the next keys, in order of
 * first `ts`, and appends them as a new part. Returns how many users were added.
 */
export async function extendDictionary(conn: DuckDBConnection, layout: RollupLayout, files: readonly string[]): Promise<number> {
  if (files.length === 0) return 0;
  await conn.run(
    `create or replace temp table dict_new as
     with seen as (select user_id, min(ts) as first_ts from read_parquet(${fileList(files)}) group by user_id),
     unseen as (select * from seen s where not exists (select 1 from dict d where d.user_id = s.user_id))
     select ((select coalesce(max(user_key), 0) from dict) + row_number() over (order by first_ts, user_id))::integer as user_key, user_id
     from unseen`,
  );
  const reader = await conn.runAndReadAll(`select count(*)::integer as n from dict_new`);
  const added = Number(reader.getRowsJS()[0]?.[0] ?? 0);
  if (added > 0) {
    await writeParquet(conn, `select user_key, user_id from dict_new order by user_key`, layout.dictPart(ulid()));
    await conn.run(`insert into dict select user_key, user_id from dict_new`);
    await mergeIfFragmented(conn, layout);
  }
  await conn.run(`drop table dict_new`);
  return added;
}

async function mergeIfFragmented(conn: DuckDBConnection, layout: RollupLayout): Promise<void> {
  const parts = await listParquet(layout.dictDir, DICT_PART_RE);
  if (parts.length <= MAX_PARTS) return;
  // The merged part holds every key, under a newer name; readers that see it beside the old parts
  // skip keys they already hold, and reload in full once the old parts are gone.
  await writeParquet(conn, `select user_key, user_id from dict order by user_key`, layout.dictPart(ulid()));
  for (const p of parts) await removeFile(p.file);
}

import { sql, type DbHandle } from "@ist/db";

/**
 * Columns a refused request may legitimately touch: a session's sliding expiry and a key's last
 * use are written by the auth checks themselves, before any refusal, and change nothing a user sees.
 */
const TOUCHED = ["last_used_at", "last_seen_at", "expires_at"];

let query: string | undefined;

async function rows<T>(handle: DbHandle, text: string): Promise<T[]> {
  const result = (await handle.db.execute(sql.raw(text))) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/**
 * The database's next transaction id (the current snapshot's xmax): it moves only when some
 * transaction wrote. Unchanged means nothing was written, so the full digest can be skipped.
 */
export async function writeMark(handle: DbHandle): Promise<string> {
  return (await rows<{ x: string }>(handle, "select pg_snapshot_xmax(pg_current_snapshot())::text as x"))[0]?.x ?? "";
}

/**
 * One line per table of the operational database, `table<TAB>rows<TAB>hash of every row`, in
 * one round trip: two digests are equal when no row was added, removed or changed.
 */
export async function stateDigest(handle: DbHandle): Promise<string> {
  if (!query) {
    const tables = (await handle.db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '%drizzle%' order by 1`)) as unknown as
      | { rows: { table_name: string }[] }
      | { table_name: string }[];
    const names = (Array.isArray(tables) ? tables : tables.rows).map((r) => r.table_name);
    const minus = TOUCHED.map((c) => ` - '${c}'`).join("");
    query = names
      .map((n) => `select '${n}' as t, count(*)::text as n, coalesce(sum(hashtext((to_jsonb(x)${minus})::text)::bigint), 0)::text as h from "${n}" x`)
      .join(" union all ");
    query = `select string_agg(t || E'\\t' || n || E'\\t' || h, E'\\n' order by t) as digest from (${query}) s`;
  }
  return (await rows<{ digest: string }>(handle, query))[0]?.digest ?? "";
}

import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { openDuckDB } from "./duckdb.js";
import { lakeLayout, sqlString } from "./layout.js";

/**
 * The event_ids the lake took in within `windowMs` (by `ingested_at`), with when: what a process
 * starting up feeds its ingest dedupe, so a client's retry of a batch that an earlier process
 * acknowledged and flushed is still dropped (its WAL is gone by then). Only Parquet files changed
 * within the window are read (flushes and compactions write new files), two columns of them.
 */
export async function recentEventIds(lakeDir: string, windowMs: number, nowMs = Date.now()): Promise<Array<[string, number]>> {
  const since = nowMs - windowMs;
  const { eventsDir } = lakeLayout(lakeDir);
  const files: string[] = [];
  for (const day of await readdir(eventsDir).catch(() => [] as string[])) {
    if (!day.startsWith("dt=")) continue;
    const dir = path.join(eventsDir, day);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.endsWith(".parquet")) continue;
      const st = await stat(path.join(dir, name)).catch(() => null);
      if (st && st.mtimeMs >= since) files.push(path.join(dir, name));
    }
  }
  if (files.length === 0) return [];
  const db = await openDuckDB({ threads: 1 });
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(
      `select event_id, epoch_ms(ingested_at)::double as ingested_ms from read_parquet([${files.map(sqlString).join(", ")}])
       where ingested_at >= make_timestamp(${Math.floor(since)}::bigint * 1000)::timestamptz order by ingested_ms`,
    );
    return reader.getRowsJS().map(([id, at]) => [String(id), Number(at)]);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

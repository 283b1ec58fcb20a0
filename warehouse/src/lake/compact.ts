import { mkdir, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { ulid } from "ulid";
import { openDuckDB, PARQUET_OPTIONS } from "./duckdb.js";
import { fsyncDir, fsyncFile, LockBusyError, PidLock } from "./fsx.js";
import { dtOfDirName, EVENT_COLUMNS, lakeLayout, sqlString, type LakeLayout } from "./layout.js";
import { RollupMaintainer } from "../rollups/maintain.js";

/**
 * Merges a day's small Parquet parts into one and drops duplicate event_ids (the earliest
 * ingested copy wins). The merged file is written beside the parts under a temp name and renamed;
 * the old parts are deleted after that. Between the rename and the deletes a reader can see a row
 * twice, and a crash there leaves duplicates for the next compaction to drop; no row is ever lost.
 * One compaction runs at a time across processes (`_locks/compact.lock`).
 */

export interface CompactDayResult {
  dt: string;
  inputFiles: number;
  rowsIn: number;
  rowsOut: number;
  duplicatesDropped: number;
  /** The merged file, or null when the day did not need compacting. */
  file: string | null;
}

export interface CompactOptions {
  lakeDir: string;
  /** Only these days (default: every day with at least `minFiles` parts). */
  dts?: string[];
  /** Compact a day once it has this many parts (default 2; 1 forces a dedupe of single files). */
  minFiles?: number;
  threads?: number;
  /** Re-roll up the merged days afterwards (default on; zones as for the flusher). */
  rollups?: false | { zones?: readonly string[] };
}

/** Temp files older than this are leftovers of a crashed writer. */
const STALE_TMP_MS = 3_600_000;

interface Part {
  file: string;
  ino: number;
  mtimeMs: number;
  size: number;
}

async function listParts(dayDir: string): Promise<Part[]> {
  const names = await readdir(dayDir).catch(() => [] as string[]);
  const parts: Part[] = [];
  for (const n of names.sort()) {
    const file = path.join(dayDir, n);
    if (n.endsWith(".tmp")) {
      const st = await stat(file).catch(() => null);
      if (st && Date.now() - st.mtimeMs > STALE_TMP_MS) await rm(file, { force: true });
      continue;
    }
    if (!/^part-.+\.parquet$/.test(n)) continue;
    const st = await stat(file).catch(() => null);
    if (st) parts.push({ file, ino: st.ino, mtimeMs: st.mtimeMs, size: st.size });
  }
  return parts;
}

export async function compactDay(conn: DuckDBConnection, layout: LakeLayout, dt: string, minFiles = 2): Promise<CompactDayResult> {
  const dayDir = layout.eventsDayDir(dt);
  const parts = await listParts(dayDir);
  const result: CompactDayResult = { dt, inputFiles: parts.length, rowsIn: 0, rowsOut: 0, duplicatesDropped: 0, file: null };
  if (parts.length < Math.max(1, minFiles)) return result;
  const list = `[${parts.map((p) => sqlString(p.file)).join(", ")}]`;
  const cols = EVENT_COLUMNS.map((c) => c.name).join(", ");
  const countReader = await conn.runAndReadAll(`select count(*)::bigint as n from read_parquet(${list})`);
  result.rowsIn = Number(countReader.getRowsJS()[0]?.[0] ?? 0);
  const out = layout.eventPart(dt, ulid());
  const tmp = `${out}.tmp`;
  const copied = await conn.runAndReadAll(
    `copy (
       with source as (select ${cols} from read_parquet(${list})),
       ranked as (
         select *, row_number() over (partition by event_id order by ingested_at, ts) as copy_no from source
       )
       select ${cols} from ranked where copy_no = 1 order by ts
     ) to ${sqlString(tmp)} (${PARQUET_OPTIONS})`,
  );
  result.rowsOut = Number(copied.getRowsJS()[0]?.[0] ?? 0);
  result.duplicatesDropped = result.rowsIn - result.rowsOut;
  await fsyncFile(tmp);
  await rename(tmp, out);
  await fsyncDir(dayDir);
  for (const p of parts) {
    // A part replaced since we read it (a re-flush after a crash overwrites its own part) is kept:
    // its extra rows would be lost otherwise; the duplicates go at the next compaction.
    const st = await stat(p.file).catch(() => null);
    if (st && st.ino === p.ino && st.mtimeMs === p.mtimeMs && st.size === p.size) await unlink(p.file).catch(() => undefined);
  }
  await fsyncDir(dayDir);
  result.file = out;
  return result;
}

/** Days of the lake, oldest first. */
export async function listDays(lakeDir: string): Promise<string[]> {
  const names = await readdir(lakeLayout(lakeDir).eventsDir).catch(() => [] as string[]);
  return names.map(dtOfDirName).filter((d): d is string => d !== null).sort();
}

/** Compacts the lake (or the given days) under the compaction lock; throws LockBusyError if another runs. */
export async function compactLake(opts: CompactOptions): Promise<CompactDayResult[]> {
  const layout = lakeLayout(opts.lakeDir);
  await mkdir(layout.locksDir, { recursive: true });
  const lock = await PidLock.acquire(path.join(layout.locksDir, "compact.lock"));
  const heartbeat = setInterval(() => void lock.touch(), 10_000);
  heartbeat.unref();
  const instance = await openDuckDB({ threads: opts.threads ?? 1 });
  try {
    const conn = await instance.connect();
    try {
      const results: CompactDayResult[] = [];
      for (const dt of opts.dts ?? (await listDays(opts.lakeDir))) {
        results.push(await compactDay(conn, layout, dt, opts.minFiles ?? 2));
      }
      const merged = results.filter((r) => r.file !== null).map((r) => r.dt);
      if (merged.length > 0 && opts.rollups !== false) await rollUpDays(opts.lakeDir, instance, merged, opts.rollups?.zones);
      return results;
    } finally {
      conn.closeSync();
    }
  } finally {
    clearInterval(heartbeat);
    instance.closeSync();
    await lock.release();
  }
}

/**
 * Re-rolls up the days compaction rewrote (waiting for a flush's roll-up holding the lock). A safety
 * net: rollups deduplicate by event_id as compaction does, so this normally changes nothing, but it
 * leaves them computed from exactly the files compaction left.
 */
async function rollUpDays(lakeDir: string, instance: DuckDBInstance, dts: string[], zones?: readonly string[]): Promise<void> {
  const m = new RollupMaintainer({ lakeDir, zones, instance });
  try {
    m.mark(dts);
    if (!(await m.run({ waitMs: 300_000 }))) throw new LockBusyError(m.layout.lockFile, -1);
  } finally {
    await m.close();
  }
}

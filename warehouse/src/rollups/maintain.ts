import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { openDuckDB } from "../lake/duckdb.js";
import { LockBusyError, PidLock, writeFileDurable } from "../lake/fsx.js";
import { dtOfDirName, lakeLayout } from "../lake/layout.js";
import { loadDictionary } from "./dictionary.js";
import { loadFirstSeen, mergeFirstSeen, newZoneRun, removeStale, stageDays, writeDailyType, writeFirstSeen, writeKeyEvents, writeTradeDay, writeUserDay } from "./engine.js";
import { clearDirty, listDirty } from "./dirty.js";
import { listParquet, syncDirs } from "./files.js";
import { DICT_PART_RE, ROLLUP_FORMAT, rollupLayout, ZONED_ROLLUPS, zoneOfMarker, type RollupLayout } from "./layout.js";
import { addDays, checkZone, localDaysOfDt } from "./zone.js";

/**
 * Keeps the lake's rollups up to date. The flusher marks the UTC days it wrote and runs this after
 * each flush; compaction runs it for the days it merged; `rebuildRollups` rebuilds everything (after
 * `ist seed`, which writes Parquet without the flusher). One writer at a time across processes
 * (`_locks/rollups.lock`): a run that finds the lock taken keeps its days for the next run.
 *
 * Every zone that was ever built (`rollups/_zones/`) is maintained, plus UTC and the zones passed
 * in; a zone not yet built (or built by an older format) is built in full first.
 */

export interface RollupMaintainerOptions {
  lakeDir: string;
  /** Reporting zones to maintain besides UTC and those already built in the lake. */
  zones?: readonly string[];
  /** Share a DuckDB instance (the flusher's) instead of opening one. */
  instance?: DuckDBInstance;
  threads?: number;
}

export interface RollupRunResult {
  /** `changed`: the zone's local days any rollup file was rewritten (or removed) for. */
  zones: { zone: string; mode: "update" | "rebuild"; days: number; changed: string[] }[];
  ms: number;
}

/** Local days processed per step: bounds the staged events in memory during a rebuild. */
const CHUNK_DAYS = 14;

export class RollupMaintainer {
  readonly layout: RollupLayout;
  private readonly zones: string[];
  private readonly pending = new Set<string>();
  private instance: DuckDBInstance | undefined;
  private conn: DuckDBConnection | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private lastRun = 0;
  private lastRunMs = 0;
  /**
   * The dictionary and each zone's first-seen rows stay in this connection's temp tables between
   * runs (`kept_dict`, `kept_fs_<n>`), with the signature of their files when the run ended: a
   * run whose files still have it (no other process wrote them) takes the tables instead of
   * reading every user again.
   */
  private keptDict: string | undefined;
  private readonly keptFs = new Map<string, { table: string; sig: string }>();
  private readonly fsTables = new Map<string, string>();

  constructor(private readonly opts: RollupMaintainerOptions) {
    this.layout = rollupLayout(opts.lakeDir);
    this.zones = [...new Set(["UTC", ...(opts.zones ?? []).map(checkZone)])];
    this.instance = opts.instance;
  }

  /** UTC days (`dt`) whose events changed and whose rollups are due. */
  mark(dts: Iterable<string>): void {
    for (const dt of dts) this.pending.add(dt);
  }

  get pendingDts(): string[] {
    return [...this.pending].sort();
  }

  /**
   * After a flush of `dts`: rolls up what is marked now if `force`, or if `minIntervalMs` (default
   * 5 s) has passed since the last run — or 10× that run's duration when longer, since a roll-up
   * re-reads whole days and must not take more than ~10% of a busy flusher's time. A run that finds
   * the lock taken keeps the days marked (unless `force`, which waits up to a minute).
   */
  async afterFlush(dts: readonly string[], { force = false, minIntervalMs = 5_000 }: { force?: boolean; minIntervalMs?: number } = {}): Promise<RollupRunResult | null> {
    this.mark(dts);
    if (this.pending.size === 0) return null;
    if (!force && Date.now() - this.lastRun < Math.max(minIntervalMs, 10 * this.lastRunMs)) return null;
    this.lastRun = Date.now();
    const result = await this.run({ waitMs: force ? 60_000 : 0 });
    if (result) this.lastRunMs = Date.now() - this.lastRun;
    return result;
  }

  /**
   * Rolls up the marked days. Returns null, keeping them marked, when another process holds the
   * lock for longer than `waitMs`; a failed run keeps them marked too.
   */
  async run({ waitMs = 0 }: { waitMs?: number } = {}): Promise<RollupRunResult | null> {
    if (this.pending.size === 0) return { zones: [], ms: 0 };
    const marked = this.pendingDts;
    const result = await this.locked(waitMs, async (conn) => {
      // Days other processes flushed and did not get to roll up (they crashed, or the lock was taken).
      const dirty = await listDirty(this.layout);
      const r = await this.update(conn, [...new Set([...marked, ...dirty.map((d) => d.name)])].sort());
      await clearDirty(dirty);
      return r;
    });
    if (result) for (const dt of marked) this.pending.delete(dt);
    return result;
  }

  /** Rebuilds every maintained zone from all events, keeping existing user keys. */
  async rebuild({ waitMs = 600_000 }: { waitMs?: number } = {}): Promise<RollupRunResult> {
    const result = await this.locked(waitMs, async (conn) => {
      const t0 = performance.now();
      const zones: RollupRunResult["zones"] = [];
      const dirty = await listDirty(this.layout);
      const dts = await eventDays(this.layout.root);
      for (const zone of await this.allZones()) zones.push(await this.rollZone(conn, zone, dts, "rebuild"));
      await clearDirty(dirty);
      return { zones, ms: Math.round(performance.now() - t0) };
    });
    if (!result) throw new LockBusyError(this.layout.lockFile, -1);
    this.pending.clear();
    return result;
  }

  async close(): Promise<void> {
    await this.running.catch(() => undefined);
    this.conn?.closeSync();
    this.conn = undefined;
    if (!this.opts.instance) this.instance?.closeSync();
    this.instance = undefined;
  }

  private async update(conn: DuckDBConnection, dts: string[]): Promise<RollupRunResult> {
    const t0 = performance.now();
    const zones: RollupRunResult["zones"] = [];
    for (const zone of await this.allZones()) {
      const built = await this.isBuilt(zone);
      zones.push(await this.rollZone(conn, zone, built ? dts : await eventDays(this.layout.root), built ? "update" : "rebuild"));
    }
    return { zones, ms: Math.round(performance.now() - t0) };
  }

  private async rollZone(conn: DuckDBConnection, zone: string, dts: readonly string[], mode: "update" | "rebuild") {
    const run = newZoneRun(zone);
    // A rebuild also looks at the day on each side of every partition, for rows a writer misfiled.
    const around = (dt: string) => (mode === "rebuild" ? [addDays(dt, -1), ...localDaysOfDt(dt, zone), addDays(dt, 1)] : localDaysOfDt(dt, zone));
    const days = [...new Set(dts.flatMap(around))].sort();
    await this.loadUsers(conn, zone, mode);
    for (let i = 0; i < days.length; i += CHUNK_DAYS) {
      const chunk = days.slice(i, i + CHUNK_DAYS);
      await stageDays(conn, this.layout, run, chunk);
      await writeUserDay(conn, this.layout, run, chunk);
      await writeTradeDay(conn, this.layout, run, chunk);
      await writeKeyEvents(conn, this.layout, run, chunk);
      const late = (await mergeFirstSeen(conn, this.layout, run)).filter((d) => !chunk.includes(d));
      await writeDailyType(conn, this.layout, run, chunk);
      if (late.length) {
        await stageDays(conn, this.layout, run, late);
        await writeDailyType(conn, this.layout, run, late);
      }
    }
    if (mode === "rebuild") {
      const all = await conn.runAndReadAll(`select distinct first_seen_day::varchar from fs`);
      for (const [d] of all.getRowsJS()) run.dirtyFirstSeen.add(String(d));
    }
    await writeFirstSeen(conn, this.layout, run, [...run.dirtyFirstSeen].sort());
    if (mode === "rebuild") for (const name of ZONED_ROLLUPS) await removeStale(this.layout, run, name);
    for (const t of ["stage"]) await conn.run(`drop table if exists ${t}`);
    await syncDirs(run.dirs);
    await this.keepUsers(conn, zone);
    if (mode === "rebuild" || !(await this.isBuilt(zone))) {
      await mkdir(this.layout.zonesDir, { recursive: true });
      await writeFileDurable(this.layout.markerFile(zone), JSON.stringify({ zone, format: ROLLUP_FORMAT, built_at: new Date().toISOString() }));
    }
    const changed = new Set(Object.values(run.written).flatMap((set) => [...set]));
    for (const d of days) changed.add(d);
    return { zone, mode, days: days.length, changed: [...changed].sort() };
  }

  private async signature(dir: string, pattern?: RegExp): Promise<string> {
    return (await listParquet(dir, pattern)).map((f) => `${f.name}:${f.key}`).join("|");
  }

  /** `dict` and `fs` for a zone's run: the kept tables when their files are as this process left them. */
  private async loadUsers(conn: DuckDBConnection, zone: string, mode: "update" | "rebuild"): Promise<void> {
    const dictSig = this.keptDict;
    const fs = this.keptFs.get(zone);
    // forgotten until this run ends well: a failed run leaves its tables half merged
    this.keptDict = undefined;
    this.keptFs.delete(zone);
    await conn.run(`drop table if exists dict`);
    await conn.run(`drop table if exists fs`);
    if (dictSig !== undefined && dictSig === (await this.signature(this.layout.dictDir, DICT_PART_RE))) {
      await conn.run(`create temp table dict as select * from kept_dict`);
    } else {
      await loadDictionary(conn, this.layout);
    }
    if (mode === "update" && fs && fs.sig === (await this.signature(this.layout.zoneDir("user_first_seen", zone)))) {
      await conn.run(`alter table ${fs.table} rename to fs`);
    } else {
      await loadFirstSeen(conn, this.layout, zone, mode === "rebuild");
    }
  }

  /** Keeps `dict` and `fs` after a zone's run, with their files' signatures now. */
  private async keepUsers(conn: DuckDBConnection, zone: string): Promise<void> {
    let table = this.fsTables.get(zone);
    if (!table) this.fsTables.set(zone, (table = `kept_fs_${this.fsTables.size + 1}`));
    await conn.run(`drop table if exists ${table}`);
    await conn.run(`alter table fs rename to ${table}`);
    this.keptFs.set(zone, { table, sig: await this.signature(this.layout.zoneDir("user_first_seen", zone)) });
    await conn.run(`drop table if exists kept_dict`);
    await conn.run(`alter table dict rename to kept_dict`);
    this.keptDict = await this.signature(this.layout.dictDir, DICT_PART_RE);
  }

  private async allZones(): Promise<string[]> {
    const names = await readdir(this.layout.zonesDir).catch(() => [] as string[]);
    const built = names.map(zoneOfMarker).filter((z): z is string => z !== null);
    return [...new Set([...this.zones, ...built])];
  }

  private async isBuilt(zone: string): Promise<boolean> {
    const text = await readFile(this.layout.markerFile(zone), "utf8").catch(() => null);
    if (text === null) return false;
    try {
      return (JSON.parse(text) as { format?: number }).format === ROLLUP_FORMAT;
    } catch {
      return false;
    }
  }

  /** Runs `fn` on this maintainer's connection under the lake's rollup lock, one call at a time. */
  private async locked<T>(waitMs: number, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T | null> {
    const previous = this.running;
    const next = previous.catch(() => undefined).then(async () => {
      const lock = await acquire(this.layout.lockFile, waitMs);
      if (!lock) return null;
      const heartbeat = setInterval(() => void lock.touch(), 10_000);
      heartbeat.unref();
      try {
        this.instance ??= await openDuckDB({ threads: this.opts.threads ?? 1 });
        this.conn ??= await this.instance.connect();
        return await fn(this.conn);
      } finally {
        clearInterval(heartbeat);
        await lock.release();
      }
    });
    this.running = next;
    return next;
  }
}

/** UTC days with an events partition (compaction's listDays, without importing compaction). */
async function eventDays(lakeDir: string): Promise<string[]> {
  const names = await readdir(lakeLayout(lakeDir).eventsDir).catch(() => [] as string[]);
  return names.map(dtOfDirName).filter((d): d is string => d !== null).sort();
}

async function acquire(file: string, waitMs: number): Promise<PidLock | null> {
  await mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await PidLock.acquire(file);
    } catch (err) {
      if (!(err instanceof LockBusyError)) throw err;
      if (Date.now() >= deadline) return null;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Rebuilds every rollup of a lake (UTC, the given zones and any zone built before). */
export async function rebuildRollups(opts: { lakeDir: string; zones?: readonly string[]; threads?: number }): Promise<RollupRunResult> {
  // A batch job: both cores (the flusher's roll-ups keep to one thread so ingest is not starved).
  const m = new RollupMaintainer({ ...opts, threads: opts.threads ?? 2 });
  try {
    return await m.rebuild();
  } finally {
    await m.close();
  }
}

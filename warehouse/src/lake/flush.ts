import { EventEmitter } from "node:events";
import { mkdir, rename } from "node:fs/promises";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { eventSelectList, openDuckDB, PARQUET_OPTIONS } from "./duckdb.js";
import { fsyncDir, fsyncFile } from "./fsx.js";
import { EVENT_COLUMNS, lakeLayout, sqlString, type LakeLayout } from "./layout.js";
import { markDirty } from "../rollups/dirty.js";
import { RollupMaintainer, type RollupRunResult } from "../rollups/maintain.js";
import type { Wal, WalSegment } from "./wal.js";

/**
 * Turns WAL segments into events Parquet, one file per `dt` per batch of segments.
 *
 * A batch's parts are named after its first (oldest) segment, `part-<segment ulid>.parquet`, and
 * its segments are deleted oldest first only after every part is renamed into place. So after a
 * crash anywhere, the next batch either starts at that same segment, holds a superset of its rows
 * and overwrites the same parts (nothing lost, nothing doubled), or starts after it, in which case
 * the rows of any undeleted segments are written twice and compaction drops the copies.
 */

const STAGE_COLUMNS = `{${EVENT_COLUMNS.map((c) => `'${c.name}': 'VARCHAR'`).join(", ")}}`;

export interface FlushResult {
  segments: number;
  rows: number;
  /** Partitions written to: whoever keeps rollups recomputes these days. */
  dts: string[];
  files: string[];
  ms: number;
  /**
   * The roll-up that ran after this flush, if one did (they run at most every few seconds): per
   * zone, the local days whose rollups changed, which may include days of earlier flushes.
   */
  rollups?: RollupRunResult;
}

const emptyResult = (): FlushResult => ({ segments: 0, rows: 0, dts: [], files: [], ms: 0 });

/** Writes one batch of segments (oldest first, all from one WAL directory) to Parquet. */
export async function flushSegments(
  conn: DuckDBConnection,
  layout: LakeLayout,
  segs: readonly WalSegment[],
  /** Runs with the batch's days before any part is written (the rollups' durable dirty marks). */
  beforeWrite?: (dts: string[]) => Promise<void>,
): Promise<Omit<FlushResult, "ms" | "segments">> {
  const first = segs[0];
  if (!first) return { rows: 0, dts: [], files: [] };
  const files = `[${segs.map((s) => sqlString(s.file)).join(", ")}]`;
  await conn.run(
    `create or replace temp table flush_batch as
     with staged as (select * from read_json(${files}, format = 'newline_delimited', columns = ${STAGE_COLUMNS}))
     select ${eventSelectList()}, cast(ts::timestamptz as date)::varchar as dt from staged`,
  );
  try {
    const reader = await conn.runAndReadAll(`select dt, count(*)::integer as n from flush_batch group by dt order by dt`);
    const groups = reader.getRowObjectsJS() as { dt: string; n: number }[];
    await beforeWrite?.(groups.map((g) => g.dt));
    const written: string[] = [];
    for (const { dt } of groups) {
      const dayDir = layout.eventsDayDir(dt);
      await mkdir(dayDir, { recursive: true });
      const part = layout.eventPart(dt, first.id);
      const tmp = `${part}.tmp`;
      await conn.run(
        `copy (select ${EVENT_COLUMNS.map((c) => c.name).join(", ")} from flush_batch where dt = $dt order by ts) to ${sqlString(tmp)} (${PARQUET_OPTIONS})`,
        { dt },
      );
      await fsyncFile(tmp);
      await rename(tmp, part);
      await fsyncDir(dayDir);
      written.push(part);
    }
    return { rows: groups.reduce((a, g) => a + g.n, 0), dts: groups.map((g) => g.dt), files: written };
  } finally {
    await conn.run(`drop table if exists flush_batch`);
  }
}

export interface FlusherOptions {
  wal: Wal;
  lakeDir: string;
  /** How often to flush; DESIGN asks for visibility within 10 s of the acknowledgement. */
  intervalMs?: number;
  /** DuckDB threads for writing Parquet (default 1, so ingest never starves queries). */
  threads?: number;
  /** Share an instance instead of opening a private one. */
  instance?: DuckDBInstance;
  /**
   * Rollups of the days each flush touches (default on, UTC plus any zone already built in the lake).
   * A roll-up re-reads the touched days, so it runs at most every `minIntervalMs` (default 5 s), or
   * every 10× its last duration when that is longer; `flushNow()` and `stop()` always roll up.
   */
  rollups?: false | { zones?: readonly string[]; minIntervalMs?: number };
}

interface FlusherEvents {
  flushed: [FlushResult];
  /** A WAL segment DuckDB could not parse was moved aside as `<segment>.bad`. */
  quarantined: [{ file: string; reason: string }];
  error: [unknown];
}

export class Flusher extends EventEmitter<FlusherEvents> {
  private readonly wal: Wal;
  private readonly layout: LakeLayout;
  private readonly intervalMs: number;
  private readonly threads: number;
  private instance: DuckDBInstance | undefined;
  private readonly ownsInstance: boolean;
  private conn: DuckDBConnection | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<FlushResult> | undefined;
  private readonly rollupOpts: false | { zones?: readonly string[]; minIntervalMs?: number };
  private maintainer: RollupMaintainer | undefined;

  constructor(opts: FlusherOptions) {
    super();
    this.wal = opts.wal;
    this.layout = lakeLayout(opts.lakeDir);
    this.intervalMs = opts.intervalMs ?? 2_000;
    this.threads = opts.threads ?? 1;
    this.instance = opts.instance;
    this.ownsInstance = opts.instance === undefined;
    this.rollupOpts = opts.rollups ?? {};
  }

  /** Flushes every `intervalMs`; the first flush (the WAL replay at start-up) runs at once. */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.flush(false).catch((err: unknown) => {
        if (this.listenerCount("error") > 0) this.emit("error", err);
        else process.emitWarning(`warehouse flush failed: ${String(err)}`);
      });
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  /** Flushes whatever the WAL holds now. Calls made during a flush wait for it and then flush again. */
  async flushNow(): Promise<FlushResult> {
    return this.flush(true);
  }

  /** `forceRollup`: roll up now rather than when `minIntervalMs` has passed (explicit flushes and stop). */
  private async flush(forceRollup: boolean): Promise<FlushResult> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.flushOnce(forceRollup);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** Stops the timer, runs a last flush and closes DuckDB. */
  async stop({ flush = true }: { flush?: boolean } = {}): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (flush) await this.flushNow();
    else while (this.running) await this.running.catch(() => undefined);
    await this.maintainer?.close();
    this.maintainer = undefined;
    this.conn?.closeSync();
    this.conn = undefined;
    if (this.ownsInstance) this.instance?.closeSync();
    this.instance = undefined;
  }

  private async connection(): Promise<DuckDBConnection> {
    if (!this.conn) {
      this.instance ??= await openDuckDB({ threads: this.threads });
      this.conn = await this.instance.connect();
    }
    return this.conn;
  }

  private async flushOnce(forceRollup: boolean): Promise<FlushResult> {
    const t0 = performance.now();
    await this.wal.adoptOrphans();
    const result = emptyResult();
    const dts = new Set<string>();
    for (const dir of this.wal.ownedDirs) {
      const segs = await this.wal.segmentsOf(dir);
      if (segs.length === 0) continue;
      const conn = await this.connection();
      const r = await this.flushDir(conn, segs);
      result.segments += segs.length;
      result.rows += r.rows;
      result.files.push(...r.files);
      for (const dt of r.dts) dts.add(dt);
    }
    await this.wal.releaseDrained();
    result.dts = [...dts].sort();
    result.ms = Math.round(performance.now() - t0);
    const rolled = await this.rollUp(result.dts, forceRollup);
    if (rolled) result.rollups = rolled;
    if (result.segments > 0 || rolled?.zones.some((z) => z.changed.length)) this.emit("flushed", result);
    return result;
  }

  /** Rolls up the touched days before 'flushed' is emitted, so readers refreshing on it see them. */
  private async rollUp(dts: string[], force: boolean): Promise<RollupRunResult | null> {
    if (this.rollupOpts === false) return null;
    if (dts.length > 0 && this.instance) {
      this.maintainer ??= new RollupMaintainer({ lakeDir: this.layout.root, zones: this.rollupOpts.zones, instance: this.instance });
    }
    try {
      return (await this.maintainer?.afterFlush(dts, { force, minIntervalMs: this.rollupOpts.minIntervalMs })) ?? null;
    } catch (err) {
      if (this.listenerCount("error") > 0) this.emit("error", err);
      else process.emitWarning(`warehouse: rollup after flush failed (will retry): ${String(err)}`);
      return null;
    }
  }

  private async flushDir(conn: DuckDBConnection, segs: WalSegment[]): Promise<Omit<FlushResult, "ms" | "segments">> {
    try {
      const r = await flushSegments(conn, this.layout, segs, this.rollupOpts ? (dts) => markDirty(this.layout.root, dts) : undefined);
      await this.wal.removeSegments(segs);
      return r;
    } catch (err) {
      if (segs.length === 1) {
        const seg = segs[0] as WalSegment;
        if (await quarantine(seg, err)) {
          const info = { file: `${seg.file}.bad`, reason: String(err) };
          if (this.listenerCount("quarantined") > 0) this.emit("quarantined", info);
          else process.emitWarning(`warehouse: WAL segment ${seg.file} is unreadable, moved aside: ${info.reason}`);
          return { rows: 0, dts: [], files: [] };
        }
        throw err;
      }
      // One unreadable segment must not hold the others back: retry them one at a time.
      const total = { rows: 0, dts: [] as string[], files: [] as string[] };
      for (const seg of segs) {
        const r = await this.flushDir(conn, [seg]);
        total.rows += r.rows;
        total.dts.push(...r.dts);
        total.files.push(...r.files);
      }
      return total;
    }
  }
}

/**
 * Moves a segment that DuckDB cannot parse out of the flush path (kept as `*.bad` for an operator),
 * so it does not block the WAL. Other failures (disk full, I/O) are left to retry.
 */
async function quarantine(seg: WalSegment, err: unknown): Promise<boolean> {
  if (!/Invalid Input Error|Conversion Error|JSON/i.test(String(err))) return false;
  await rename(seg.file, `${seg.file}.bad`);
  return true;
}

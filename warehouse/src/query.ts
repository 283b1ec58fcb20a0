import { readdir } from "node:fs/promises";
import {
  DuckDBTypeId,
  JSDuckDBValueConverter,
  StatementType,
  timestampTZValue,
  type DuckDBConnection,
  type DuckDBInstance,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from "@duckdb/node-api";
import { openDuckDB } from "./lake/duckdb.js";
import { EMPTY_EVENTS_SQL, EMPTY_USERS_SQL, lakeLayout, sqlString, USER_COLUMNS, type LakeLayout } from "./lake/layout.js";
import { RollupCache } from "./rollups/cache.js";

/**
 * The read side of the lake: one in-memory DuckDB per process with a few connections, views over
 * the Parquet files, and a guard that lets through a single SELECT with bound parameters only.
 * The instance can read the lake directory and nothing else on disk (`allowed_directories`).
 */

export type QueryParam = string | number | boolean | bigint | null | Date;
export type QueryParams = readonly QueryParam[] | Readonly<Record<string, QueryParam>>;
export type Row = Record<string, unknown>;

export type QueryErrorCode = "not_read_only" | "timeout" | "closed";

export class QueryError extends Error {
  constructor(
    readonly code: QueryErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface QueryPoolOptions {
  lakeDir: string;
  /** Concurrent queries (default 2). */
  connections?: number;
  /** DuckDB worker threads shared by those connections (default 2, the machine's cores). */
  threads?: number;
  memoryLimit?: string;
  /** Per-query timeout (default 30 s); the query is interrupted, not just abandoned. */
  timeoutMs?: number;
  /** Reporting zone of the rollup views (`rollup_daily_type`, `rollup_user_day`, `user_first_seen`); default UTC. */
  reportingTz?: string;
  /** Hold the rollups and the user dictionary in memory as views (default true). */
  rollups?: boolean;
  /** User bitmaps grow by this many keys at a time (default 65,536; small in tests). */
  bitmapBlock?: number;
}

interface ParquetView {
  glob: string;
  /** Whether any file matched at the last refresh; DuckDB fails on a glob that matches nothing. */
  sql: (hasFiles: boolean) => string;
  dir: string;
  filePattern: RegExp;
  recursive: boolean;
}

const VIEW_NAME_RE = /^[a-z][a-z0-9_]{0,62}$/;

/** Rows as plain JS: integers as numbers where safe, DECIMAL as string, timestamps as ISO strings. */
export const plainConverter: DuckDBValueConverter<JS> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.UUID:
      return String(value);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM: {
      const n = value as bigint;
      return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n.toString();
    }
    case DuckDBTypeId.DATE:
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS: {
      const d = JSDuckDBValueConverter(value, type, converter);
      return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : String(value);
    }
    default:
      return JSDuckDBValueConverter(value, type, converter);
  }
};

function toDuckValue(v: QueryParam): DuckDBValue {
  return v instanceof Date ? timestampTZValue(BigInt(v.getTime()) * 1000n) : v;
}

function bindable(params: QueryParams | undefined): DuckDBValue[] | Record<string, DuckDBValue> | undefined {
  if (params === undefined) return undefined;
  if (Array.isArray(params)) return (params as readonly QueryParam[]).map(toDuckValue);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, toDuckValue(v as QueryParam)]));
}

let parserInstance: Promise<DuckDBConnection> | undefined;

/**
 * Throws QueryError("not_read_only") unless `sql` is exactly one SELECT (or WITH … SELECT, VALUES,
 * set operations), judged by DuckDB's own parser rather than by pattern matching.
 */
export async function assertReadOnlySelect(sql: string, conn?: DuckDBConnection): Promise<void> {
  parserInstance ??= openDuckDB({ threads: 1 }).then((i) => i.connect());
  const c = conn ?? (await parserInstance);
  let count: number;
  try {
    count = (await c.extractStatements(sql)).count;
  } catch (err) {
    throw new QueryError("not_read_only", `sql: does not parse: ${firstLine(err)}`);
  }
  if (count !== 1) throw new QueryError("not_read_only", `sql: must be a single statement, got ${count}`);
  const reader = await c.runAndReadAll(`select json_serialize_sql(${sqlString(sql)}) as j`);
  const parsed = JSON.parse(String(reader.getRowsJS()[0]?.[0])) as { error: boolean; error_message?: string };
  if (parsed.error) throw new QueryError("not_read_only", `sql: must be a SELECT statement (${parsed.error_message ?? "rejected"})`);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}

export class QueryPool {
  private readonly free: DuckDBConnection[] = [];
  private readonly waiters: ((c: DuckDBConnection) => void)[] = [];
  private readonly views = new Map<string, ParquetView>();
  private readonly hasFiles = new Map<string, boolean>();
  private closed = false;
  private refreshing: Promise<void> = Promise.resolve();
  private rollups: RollupCache | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly all: DuckDBConnection[],
    /** outside the pool: health checks answer while every pooled connection is busy */
    private readonly health: DuckDBConnection,
    readonly layout: LakeLayout,
    readonly timeoutMs: number,
  ) {
    this.free.push(...all);
  }

  static async open(opts: QueryPoolOptions): Promise<QueryPool> {
    const layout = lakeLayout(opts.lakeDir);
    const instance = await openDuckDB({ threads: opts.threads ?? 2, memoryLimit: opts.memoryLimit });
    const conns: DuckDBConnection[] = [];
    for (let i = 0; i < Math.max(1, opts.connections ?? 2); i++) conns.push(await instance.connect());
    const first = conns[0] as DuckDBConnection;
    // From here on this instance reads the lake and nothing else; it cannot be switched back.
    await first.run(`set allowed_directories = [${sqlString(layout.root + "/")}]`);
    await first.run(`set enable_external_access = false`);
    const pool = new QueryPool(instance, conns, await instance.connect(), layout, opts.timeoutMs ?? 30_000);
    if (opts.rollups !== false) {
      pool.rollups = new RollupCache(opts.lakeDir, opts.reportingTz, opts.bitmapBlock);
      await pool.rollups.attach(first);
    }
    pool.views.set("events", {
      glob: layout.eventsGlob,
      dir: layout.eventsDir,
      filePattern: /\.parquet$/,
      recursive: true,
      sql: (has) =>
        has ? `select * from read_parquet(${sqlString(layout.eventsGlob)}, hive_partitioning = true, hive_types = {'dt': date})` : EMPTY_EVENTS_SQL,
    });
    const userCols = USER_COLUMNS.map((c) => c.name).join(", ");
    pool.views.set("users", {
      glob: layout.usersGlob,
      dir: layout.usersDir,
      filePattern: /^snapshot-.+\.parquet$/,
      recursive: false,
      // Snapshot files are named by ULID, so the file name breaks ties between equal snapshot_at.
      sql: (has) =>
        has
          ? `select ${userCols} from read_parquet(${sqlString(layout.usersGlob)}, filename = true)
             qualify row_number() over (partition by user_id order by snapshot_at desc, filename desc) = 1`
          : EMPTY_USERS_SQL,
    });
    await pool.refresh();
    return pool;
  }

  /**
   * Adds (or replaces) a view over Parquet files in the lake, e.g. a rollup. `emptySql` is a typed
   * empty select used while no file matches. Refreshed with the others.
   */
  async defineParquetView(name: string, dir: string, emptySql: string): Promise<void> {
    if (!VIEW_NAME_RE.test(name)) throw new Error(`view name: must match ${VIEW_NAME_RE}`);
    const glob = `${dir}/**/*.parquet`;
    this.views.set(name, {
      glob,
      dir,
      filePattern: /\.parquet$/,
      recursive: true,
      sql: (has) => (has ? `select * from read_parquet(${sqlString(glob)}, hive_partitioning = true)` : emptySql),
    });
    this.hasFiles.delete(name);
    await this.refresh();
  }

  /**
   * Re-points views whose directory went from empty to non-empty (or back). A view over a glob
   * already sees new files on every query, so this is cheap to call after each flush.
   */
  refresh(): Promise<void> {
    // Serialized: two concurrent `create or replace view` on one catalog entry conflict.
    const next = this.refreshing.then(() => this.refreshOnce());
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private async refreshOnce(): Promise<void> {
    const conn = await this.acquire();
    try {
      for (const [name, v] of this.views) {
        const has = await anyFile(v.dir, v.filePattern, v.recursive);
        if (this.hasFiles.get(name) === has) continue;
        await conn.run(`create or replace view ${name} as ${v.sql(has)}`);
        this.hasFiles.set(name, has);
      }
      await this.rollups?.refresh(conn);
    } finally {
      this.release(conn);
    }
  }

  /**
   * Runs one read-only SELECT with bound parameters and returns plain rows. `trusted`: SQL this
   * codebase wrote (the metrics library), which skips the parser's SELECT-only check that any
   * other SQL goes through (a second and third parse, a few milliseconds on a metric's CTEs); it
   * is still prepared as exactly one SELECT.
   */
  async query<T = Row>(sql: string, params?: QueryParams, opts: { timeoutMs?: number; trusted?: boolean } = {}): Promise<T[]> {
    // Rollups are rewritten by whichever process flushes or compacts: look for changes at most once a second.
    if (this.rollups?.due()) await this.refresh().catch((err: unknown) => process.emitWarning(`warehouse: rollup refresh failed: ${String(err)}`));
    try {
      return await this.queryOnce<T>(sql, params, opts.timeoutMs ?? this.timeoutMs, opts.trusted ?? false);
    } catch (err) {
      // Compaction may delete a part between the glob expansion and the read: retry once.
      if (err instanceof QueryError || !/No such file|Cannot open file|could not be found/i.test(String(err))) throw err;
      return this.queryOnce<T>(sql, params, opts.timeoutMs ?? this.timeoutMs, opts.trusted ?? false);
    }
  }

  private async queryOnce<T>(sql: string, params: QueryParams | undefined, timeoutMs: number, trusted: boolean): Promise<T[]> {
    const conn = await this.acquire();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.interrupt();
    }, timeoutMs);
    try {
      if (!trusted) await assertReadOnlySelect(sql, conn);
      const extracted = await conn.extractStatements(sql);
      if (extracted.count !== 1) throw new QueryError("not_read_only", `sql: must be a single statement, got ${extracted.count}`);
      const prepared = await extracted.prepare(0);
      try {
        if (prepared.statementType !== StatementType.SELECT) throw new QueryError("not_read_only", "sql: must be a SELECT statement");
        const values = bindable(params);
        if (values !== undefined) prepared.bind(values);
        const reader = await prepared.runAndReadAll();
        return reader.convertRowObjects(plainConverter) as T[];
      } finally {
        prepared.destroySync();
      }
    } catch (err) {
      if (timedOut) throw new QueryError("timeout", `query exceeded ${timeoutMs} ms and was interrupted`);
      throw err;
    } finally {
      clearTimeout(timer);
      this.release(conn);
    }
  }

  /**
   * A DuckDB round trip on the health connection, never queued behind the pool's queries (a
   * running query shares the instance's threads, so this still proves the engine answers).
   */
  async ping(): Promise<void> {
    if (this.closed) throw new QueryError("closed", "query pool is closed");
    await this.health.run("select 1");
  }

  /** The instance's value of a DuckDB setting, e.g. `memory_limit`. */
  async setting(name: string): Promise<string> {
    const reader = await this.health.runAndReadAll("select current_setting($1) as v", [name]);
    return String(reader.getRowsJS()[0]?.[0]);
  }

  private acquire(): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new QueryError("closed", "query pool is closed"));
    const c = this.free.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(conn: DuckDBConnection): void {
    const next = this.waiters.shift();
    if (next) next(conn);
    else this.free.push(conn);
  }

  /** Waits for running queries, then closes every connection and the instance. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.free.length < this.all.length) await new Promise((r) => setTimeout(r, 10));
    this.closed = true;
    for (const c of this.all) c.closeSync();
    this.health.closeSync();
    this.instance.closeSync();
  }
}

async function anyFile(dir: string, pattern: RegExp, recursive: boolean): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.isFile() && pattern.test(e.name)) return true;
    if (recursive && e.isDirectory() && (await anyFile(`${dir}/${e.name}`, pattern, true))) return true;
  }
  return false;
}

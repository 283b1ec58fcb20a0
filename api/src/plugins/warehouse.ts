import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Flusher, ingestBatch, QueryPool, recentEventIds, Wal, type FlushResult, type IngestResult, type QueryParams, type Row, type ValidateOptions } from "@ist/warehouse";

/**
 * The lake as this api process sees it: its own WAL (ingest appends, fsynced before the 202), a
 * flusher that turns the WAL into Parquet every 2 s, and a DuckDB read pool for every module.
 *
 * Readers see new Parquet on their next query: the views glob the lake at each query, so files
 * written by this process's flusher, by another api instance or by compaction in a worker are
 * picked up without a refresh (a part deleted mid-query by compaction is retried once by the
 * pool). `refresh()` only matters when a view's directory gets its first file; it runs after
 * every flush here.
 */
export interface Warehouse {
  readonly lakeDir: string;
  /** this process's WAL directory, `_wal/<instance>` */
  readonly instance: string;
  /** start of the last flush that wrote Parquet: events acknowledged before it are queryable */
  readonly lastFlushAt: Date | null;
  query<T = Row>(sql: string, params?: QueryParams, opts?: { timeoutMs?: number; trusted?: boolean }): Promise<T[]>;
  /** a DuckDB round trip on a connection of its own: /health answers while analytics fill the pool */
  ping(): Promise<void>;
  /** a DuckDB setting as the pool's instance has it (e.g. memory_limit) */
  setting(name: string): Promise<string>;
  /** validates and appends to the WAL; resolves once the accepted events are fsynced */
  ingest(events: readonly unknown[], opts?: ValidateOptions): Promise<IngestResult>;
  /** flushes the WAL now and refreshes the views */
  flush(): Promise<FlushResult>;
  /** called after each flush that wrote Parquet (`dts`: the days it touched), e.g. to roll them up */
  onFlushed(listener: (result: FlushResult) => unknown): void;
}

declare module "fastify" {
  interface FastifyInstance {
    warehouse: Warehouse;
  }
}

export interface WarehouseOptions {
  lakeDir: string;
  flushIntervalMs?: number;
  instance?: string;
  /** REPORTING_TZ: the zone the rollups (kept at each flush) and their views bucket days in */
  reportingTz?: string;
  /** DuckDB's memory_limit, e.g. "2GB" (DUCKDB_MEMORY_LIMIT) */
  memoryLimit?: string;
}

/**
 * Host, pid and a random suffix: unique even when a container restarts with the same host name
 * and pid 1. A dead instance's directory is adopted by whoever flushes next (pid gone on this
 * host, or its heartbeat older than 5 minutes), so a fresh name per start strands nothing.
 */
export function walInstanceId(): string {
  const host = hostname().replace(/[^0-9A-Za-z_-]+/g, "-").slice(0, 48) || "host";
  return `${host}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

export const warehousePlugin = fp(async (app: FastifyInstance, opts: WarehouseOptions) => {
  const log = app.log.child({ module: "warehouse" });
  const instance = opts.instance ?? walInstanceId();
  // adopts the WAL directories of dead instances; their events reach Parquet at the first flush
  const wal = await Wal.open({ lakeDir: opts.lakeDir, instance });
  // event_ids of the last 24 h that earlier processes flushed: a client's retry of them is still a duplicate
  const remembered = wal.remember(await recentEventIds(opts.lakeDir, 24 * 3_600_000));
  if (remembered) log.info({ ids: remembered }, "ingest dedupe primed with the last 24 h of event_ids");
  const zone = opts.reportingTz ?? "UTC";
  const pool = await QueryPool.open({ lakeDir: opts.lakeDir, connections: 2, threads: 2, reportingTz: zone, memoryLimit: opts.memoryLimit });
  const flusher = new Flusher({ wal, lakeDir: opts.lakeDir, intervalMs: opts.flushIntervalMs ?? 2_000, rollups: { zones: [zone] } });
  flusher.on("quarantined", ({ file, reason }) => log.error({ file, reason }, "unreadable WAL segment moved aside"));
  // a failed pass leaves the WAL as it was; the next pass (2 s later) retries
  flusher.on("error", (err) => {
    app.metrics.flushes.inc({ outcome: "error" });
    log.error({ err }, "flush failed; the WAL keeps the events and the next pass retries");
  });
  const listeners: Array<(r: FlushResult) => unknown> = [];
  let lastFlushAt: Date | null = null;
  let closing = false;
  flusher.on("flushed", (result) => {
    // a pass that only rolled up days flushed earlier lands no new events
    if (result.segments > 0) {
      lastFlushAt = new Date(Date.now() - result.ms);
      app.metrics.flushes.inc({ outcome: "ok" });
    }
    log.debug({ rows: result.rows, dts: result.dts, ms: result.ms, rollups: result.rollups?.zones }, "flushed");
    if (closing) return;
    // a view whose directory just got its first file is re-pointed, changed rollup days reloaded;
    // listeners hear of the flush once the views hold it, so what they compute next includes it
    void pool
      .refresh()
      .catch((err: unknown) => log.error({ err }, "could not refresh the lake views"))
      .then(() => {
        for (const listener of listeners) void Promise.resolve(listener(result)).catch((err: unknown) => log.error({ err }, "flush listener failed"));
      });
  });
  // every 2 s; the first pass, at once, turns whatever an earlier run left in the WAL into Parquet
  flusher.start();

  const flush = async (): Promise<FlushResult> => {
    const result = await flusher.flushNow();
    await pool.refresh();
    return result;
  };

  const warehouse: Warehouse = {
    lakeDir: opts.lakeDir,
    instance,
    get lastFlushAt() {
      return lastFlushAt;
    },
    query: (sql, params, queryOpts) => pool.query(sql, params, queryOpts),
    ping: () => pool.ping(),
    setting: (name) => pool.setting(name),
    async ingest(events, validateOpts) {
      const result = await ingestBatch(wal, events, new Date(), validateOpts);
      if (result.accepted) app.metrics.ingestEvents.inc({ outcome: "accepted" }, result.accepted);
      if (result.duplicates) app.metrics.ingestEvents.inc({ outcome: "duplicate" }, result.duplicates);
      if (result.rejected) app.metrics.ingestEvents.inc({ outcome: "rejected" }, result.rejected);
      return result;
    },
    flush,
    onFlushed: (listener) => void listeners.push(listener),
  };
  app.decorate("warehouse", warehouse);

  // in-flight requests have finished when onClose runs: a last flush, then the WAL lock goes
  app.addHook("onClose", async () => {
    closing = true;
    try {
      await flusher.stop({ flush: true });
    } catch (err) {
      log.error({ err }, "last flush failed; the WAL keeps the events for the next start");
      await flusher.stop({ flush: false }).catch(() => undefined);
    }
    await wal.close();
    await pool.close();
  });
});

import { EventEmitter } from "node:events";
import type { FastifyBaseLogger } from "fastify";
import {
  dependencies,
  dimensionValues,
  evaluateMetric,
  firstEventDay,
  type FlushResult,
  getMetric,
  localMidnight,
  MetricInputError,
  presetWindow,
  resolveFilterValue,
  type Dimension,
  type DimensionValue,
  rollupsReady,
  withEarlierData,
  type Filters,
  type Grain,
  type MetricEnv,
  type MetricQuery,
  type MetricResult,
} from "@ist/warehouse";
import { AppError } from "../../errors";
import type { Warehouse } from "../../plugins/warehouse";
import type { WindowInput } from "./metrics.schemas";

/**
 * Evaluates metrics for the api with a result cache that never serves an answer older than the
 * data it depends on. Each cached answer records what it read: rollup rows of local days before
 * its window's end, and (hour grain, or a lake with other currencies) raw partitions up to its
 * last `dt`. A flush drops the answers whose raw partitions it wrote to; a roll-up drops those
 * whose days it rewrote. So live events of today leave last month's answers cached, and today's
 * are recomputed once per roll-up, not once per flush. Keys also carry the minute, which bounds
 * what another api instance's flushes can leave stale and keeps "today" current.
 */

export type MetricAnswer = MetricResult & { asOf: string };

/** Cached results kept at most (oldest dropped first). */
const CACHE_SIZE = 2_000;
/** How long the "rollups built for the zone?" answer is trusted without a roll-up. */
const ENV_TTL_MS = 30_000;
/**
 * Answers asked for this recently are recomputed as soon as new data drops them (refresh-ahead),
 * so the open dashboards' next refresh finds them ready or under way.
 */
const REFRESH_AHEAD_MS = 60_000;

interface Entry {
  name: string;
  query: MetricQuery;
  /** when a request last asked for it */
  askedAt: number;
  result: Promise<MetricResult>;
  /** set once known: what the answer depends on */
  deps?: { rollupsOnly: boolean; toDay: string; dtHi: string };
}

export class MetricsService extends EventEmitter<{ data: [string] }> {
  private readonly startedAt = new Date();
  private env: { at: number; value: Promise<MetricEnv> } | undefined;
  /** filter values from the data, per (dimension, search, limit), dropped with every flush */
  private readonly values = new Map<string, Promise<unknown>>();
  /** the lake's first day with events (partition names), re-read with the environment */
  private firstDay: { at: number; value: Promise<string | null> } | undefined;
  private readonly cache = new Map<string, Entry>();
  /** Evaluations under way, so concurrent panels asking the same thing share one query. */
  private readonly inflight = new Map<string, Entry>();

  constructor(
    private readonly warehouse: Warehouse,
    readonly zone: string,
    private readonly log: FastifyBaseLogger,
    /** the clock of cache keys (their minute) and refresh-ahead */
    private readonly clock: () => number = Date.now,
  ) {
    super();
    this.setMaxListeners(0);
    warehouse.onFlushed((result) => this.bump(result));
  }

  /**
   * New data landed: forget the results it can change (every result when `result` is not given),
   * tell the streams.
   */
  bump(result?: Pick<FlushResult, "dts" | "rollups">): void {
    const days = result?.rollups?.zones.find((z) => z.zone === this.zone)?.changed ?? [];
    const firstDay = days.length ? days.reduce((a, b) => (a < b ? a : b)) : null;
    const firstDt = result?.dts.length ? result.dts.reduce((a, b) => (a < b ? a : b)) : null;
    const stale = (e: Entry) =>
      !result ||
      !e.deps ||
      (firstDay !== null && firstDay < e.deps.toDay) ||
      (!e.deps.rollupsOnly && firstDt !== null && firstDt <= e.deps.dtHi);
    const again: Entry[] = [];
    for (const map of [this.cache, this.inflight]) {
      for (const [key, e] of map) {
        if (!stale(e)) continue;
        map.delete(key);
        if (map === this.cache && this.clock() - e.askedAt < REFRESH_AHEAD_MS) again.push(e);
      }
    }
    if (!result || result.rollups) this.env = undefined;
    this.firstDay = undefined;
    this.values.clear();
    for (const e of again) void this.evaluate(e.name, e.query, { asked: false }).catch(() => undefined);
    this.emit("data", this.asOf);
  }

  /** When the data was last brought up to date: the last flush that landed events. */
  get asOf(): string {
    return (this.warehouse.lastFlushAt ?? this.startedAt).toISOString();
  }

  get cacheSize(): number {
    return this.cache.size;
  }

  private environment(): Promise<MetricEnv> {
    if (!this.env || Date.now() - this.env.at > ENV_TTL_MS) {
      const value = rollupsReady(this.warehouse.lakeDir, this.zone).then((rollups) => {
        if (!rollups) this.log.warn({ zone: this.zone }, "rollups not built for the reporting zone: metrics read raw events");
        return { reader: this.warehouse, zone: this.zone, rollups };
      });
      this.env = { at: Date.now(), value };
    }
    return this.env.value;
  }

  private dataStart(): Promise<string | null> {
    if (!this.firstDay || Date.now() - this.firstDay.at > ENV_TTL_MS) {
      const value = firstEventDay(this.warehouse.lakeDir);
      this.firstDay = { at: Date.now(), value };
    }
    return this.firstDay.value;
  }

  private memo<T>(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      if (this.values.size >= CACHE_SIZE) this.values.clear();
      const made = make();
      made.catch(() => this.values.get(key) === made && this.values.delete(key));
      this.values.set(key, made);
      value = made;
    }
    return value;
  }

  /** A filter's values in the data containing `search` (any case), most users first. */
  async dimensionValues(dimension: Dimension, opts: { search?: string; limit?: number } = {}): Promise<DimensionValue[]> {
    const env = await this.environment();
    return this.memo(JSON.stringify(["values", dimension, opts.search?.trim().toLowerCase() ?? "", opts.limit ?? null]), () => dimensionValues(env, dimension, opts));
  }

  /**
   * Filters with each value spelt as the data has it (`country=us` filters on US); a value no user
   * has in any case is kept as typed, and matches nobody.
   */
  async canonicalFilters(filters: Filters): Promise<Filters> {
    const env = await this.environment();
    const out: Filters = {};
    for (const [d, values] of Object.entries(filters) as [Dimension, readonly string[]][]) {
      if (!values?.length) continue;
      out[d] = await Promise.all(values.map(async (v) => (await this.memo(JSON.stringify(["resolve", d, v]), () => resolveFilterValue(env, d, v))) ?? v));
    }
    return out;
  }

  /** The window a query asks for; without one, `fallback` (a dashboard's preset) at its grain. */
  window(input: WindowInput, fallback: { preset: string; grain: Grain }, now = new Date()): Pick<MetricQuery, "from" | "to" | "grain"> {
    const at = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? localMidnight(v, this.zone) : new Date(v));
    const preset = presetWindow(fallback.preset, this.zone, now);
    const to = input.to ? at(input.to) : preset.to;
    const from = input.from ? at(input.from) : input.to ? new Date(to.getTime() - (preset.to.getTime() - preset.from.getTime())) : preset.from;
    return { from, to, grain: input.grain ?? fallback.grain };
  }

  async evaluate(name: string, query: MetricQuery, opts: { asked?: boolean } = {}): Promise<MetricAnswer> {
    const def = getMetric(name);
    if (!def) throw AppError.notFound("metric", name);
    const key = JSON.stringify([
      Math.floor(this.clock() / 60_000),
      name,
      query.from.toISOString(),
      query.to.toISOString(),
      query.grain,
      query.groupBy ?? null,
      sortedFilters(query.filters ?? {}),
      query.limit ?? null,
    ]);
    let entry = this.cache.get(key) ?? this.inflight.get(key);
    if (entry && opts.asked !== false) entry.askedAt = this.clock();
    if (!entry) {
      const env = this.environment();
      // a derived metric (ARR, stickiness) takes its inputs through this cache
      const started = env.then((e) => evaluateMetric(def, query, e, (n, q) => this.evaluate(n, q, opts)));
      const made: Entry = { name, query, askedAt: opts.asked === false ? 0 : this.clock(), result: started };
      entry = made;
      // what the answer depends on is known before it is: a flush in between drops it
      void env.then((e) => dependencies(query, e)).then(
        (deps) => (made.deps = deps),
        () => undefined,
      );
      const forget = (map: Map<string, Entry>) => map.get(key) === made && map.delete(key);
      this.inflight.set(key, made);
      void started.then(
        () => forget(this.inflight),
        () => forget(this.inflight),
      );
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, made);
      started.catch(() => forget(this.cache));
    }
    try {
      const result = await entry.result;
      // a previous period before the data has no change to show (the cache keeps the plain answer)
      const answer = result.kind === "series" ? withEarlierData(result, await this.dataStart()) : result;
      return { ...answer, asOf: this.asOf };
    } catch (err) {
      if (err instanceof MetricInputError) throw AppError.validation([{ code: "invalid_value", path: `query.${err.param}`, message: err.message.slice(err.param.length + 2) }]);
      throw err;
    }
  }
}

function sortedFilters(filters: Filters): [string, string[]][] {
  return Object.entries(filters)
    .filter(([, v]) => v && v.length)
    .map(([k, v]) => [k, [...(v as string[])].sort()] as [string, string[]])
    .sort(([a], [b]) => a.localeCompare(b));
}

const services = new WeakMap<Warehouse, MetricsService>();

/** One service per warehouse, shared by the metrics and dashboards routes. */
export function metricsServiceFor(warehouse: Warehouse, zone: string, log: FastifyBaseLogger): MetricsService {
  let s = services.get(warehouse);
  if (!s) {
    s = new MetricsService(warehouse, zone, log);
    services.set(warehouse, s);
  }
  return s;
}

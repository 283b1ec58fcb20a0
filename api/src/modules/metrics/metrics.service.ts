import { EventEmitter } from "node:events";
import type { FastifyBaseLogger } from "fastify";
import {
  evaluateMetric,
  getMetric,
  localMidnight,
  MetricInputError,
  presetWindow,
  rollupsReady,
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
 * Evaluates metrics for the api with a result cache. A cached result is keyed by the flush
 * generation (bumped by every flush that lands data), so nothing computed before the last flush
 * is served again; keys also carry the minute, which bounds what another api instance's flushes
 * can leave stale and keeps "today" current.
 */

export type MetricAnswer = MetricResult & { asOf: string };

/** Cached results kept at most (oldest dropped first). */
const CACHE_SIZE = 2_000;
/**
 * Results started this soon after a flush are served but not cached: the pool reloads the changed
 * rollup days right after the flush, and a query in that moment may still read the previous ones.
 */
const SETTLE_MS = 250;
/** How long the "rollups built for the zone?" answer is trusted without a flush. */
const ENV_TTL_MS = 30_000;

export class MetricsService extends EventEmitter<{ data: [string] }> {
  private generation = 0;
  private bumpedAt = 0;
  private readonly startedAt = new Date();
  private env: { at: number; value: Promise<MetricEnv> } | undefined;
  private readonly cache = new Map<string, Promise<MetricResult>>();
  /** Evaluations under way, so concurrent panels asking the same thing share one query. */
  private readonly inflight = new Map<string, Promise<MetricResult>>();

  constructor(
    private readonly warehouse: Warehouse,
    readonly zone: string,
    private readonly log: FastifyBaseLogger,
  ) {
    super();
    this.setMaxListeners(0);
    warehouse.onFlushed(() => this.bump());
  }

  /** New data landed: forget every result, tell the streams. */
  bump(): void {
    this.generation++;
    this.bumpedAt = Date.now();
    this.cache.clear();
    this.inflight.clear();
    this.env = undefined;
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

  /** The window a query asks for; without one, `fallback` (a dashboard's preset) at its grain. */
  window(input: WindowInput, fallback: { preset: string; grain: Grain }, now = new Date()): Pick<MetricQuery, "from" | "to" | "grain"> {
    const at = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? localMidnight(v, this.zone) : new Date(v));
    const preset = presetWindow(fallback.preset, this.zone, now);
    const to = input.to ? at(input.to) : preset.to;
    const from = input.from ? at(input.from) : input.to ? new Date(to.getTime() - (preset.to.getTime() - preset.from.getTime())) : preset.from;
    return { from, to, grain: input.grain ?? fallback.grain };
  }

  async evaluate(name: string, query: MetricQuery): Promise<MetricAnswer> {
    const def = getMetric(name);
    if (!def) throw AppError.notFound("metric", name);
    const key = JSON.stringify([
      this.generation,
      Math.floor(Date.now() / 60_000),
      name,
      query.from.toISOString(),
      query.to.toISOString(),
      query.grain,
      query.groupBy ?? null,
      sortedFilters(query.filters ?? {}),
      query.limit ?? null,
    ]);
    let pending = this.cache.get(key) ?? this.inflight.get(key);
    if (!pending) {
      const settled = Date.now() - this.bumpedAt >= SETTLE_MS;
      // a derived metric (ARR, stickiness) takes its inputs through this cache
      const started = this.environment().then((env) => evaluateMetric(def, query, env, (n, q) => this.evaluate(n, q)));
      pending = started;
      this.inflight.set(key, started);
      void started.then(
        () => this.inflight.delete(key),
        () => this.inflight.delete(key),
      );
      if (settled) {
        if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
        this.cache.set(key, started);
        started.catch(() => this.cache.delete(key));
      }
    }
    try {
      return { ...(await pending), asOf: this.asOf };
    } catch (err) {
      if (err instanceof MetricInputError) throw AppError.validation([{ path: `query.${err.param}`, message: err.message.slice(err.param.length + 2) }]);
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

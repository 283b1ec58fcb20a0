import { buildWindow, MetricInputError, type Grain, type MetricQuery } from "@ist/warehouse";
import { AppError } from "../../errors";

/**
 * What keeps one user's analytics from taking the instance down (Grafana's and Metabase's
 * advisories: a dashboard request is a fan-out of warehouse queries): a cap on the buckets a
 * window asks for, checked before anything runs, and a per-user gate on analytics requests.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** the longest bucket of each grain: the count is an upper bound */
const BUCKET_MS: Record<Grain, number> = { hour: HOUR, day: DAY, week: 7 * DAY, month: 28 * DAY };

/** How many buckets of `grain` the window [from, to) spans (rounded up). */
export function bucketCount(window: Pick<MetricQuery, "from" | "to" | "grain">): number {
  return Math.ceil((window.to.getTime() - window.from.getTime()) / BUCKET_MS[window.grain]);
}

/**
 * A window the metric library would refuse, or one over `maxBuckets` buckets, is a 400 naming
 * the field before any query runs (a dashboard would otherwise answer 200 with every tile failed).
 */
export function checkWindow(window: Pick<MetricQuery, "from" | "to" | "grain">, zone: string, maxBuckets: number): void {
  const buckets = bucketCount(window);
  if (buckets > maxBuckets) {
    throw AppError.validation([
      {
        code: "too_big",
        path: "query.from",
        message: `the window spans ${buckets} ${window.grain} buckets; at most ${maxBuckets} are allowed (ANALYTICS_MAX_BUCKETS): narrow the window or choose a coarser grain`,
      },
    ]);
  }
  try {
    buildWindow(window, zone);
  } catch (err) {
    if (err instanceof MetricInputError) throw AppError.validation([{ code: "invalid_value", path: `query.${err.param}`, message: err.message.slice(err.param.length + 2) }]);
    throw err;
  }
}

export interface AnalyticsGateOptions {
  /** analytics requests of one user evaluated at once */
  perUser: number;
  /** more of that user's requests wait in line; beyond that they get 429 */
  queuePerUser: number;
}

interface Lane {
  running: number;
  waiting: Array<() => void>;
}

/**
 * Per-user concurrency for analytics requests: `perUser` run, `queuePerUser` more wait their turn
 * (in order), and any beyond that answer 429 with a Retry-After from the user's recent request
 * times. Other users' requests are never behind them in this gate (the DuckDB pool still runs
 * two queries at a time for everyone, but one user holds at most `perUser` of its turns).
 */
export class AnalyticsGate {
  private readonly lanes = new Map<number | string, Lane>();
  /** moving average of request durations, for Retry-After */
  private averageMs = 1_000;

  constructor(private readonly options: AnalyticsGateOptions) {}

  async run<T>(user: number | string, work: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(user);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(user, lane);
    }
    if (lane.running >= this.options.perUser) {
      if (lane.waiting.length >= this.options.queuePerUser) {
        const seconds = Math.max(1, Math.ceil((this.averageMs * (lane.waiting.length + 1)) / this.options.perUser / 1000));
        throw new AppError("rate_limited", `too many analytics requests at once (${this.options.perUser} run and ${this.options.queuePerUser} wait per user); try again in ${seconds} s`, {
          retryAfterSeconds: seconds,
        });
      }
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    } else {
      lane.running++;
    }
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (Date.now() - started);
      const next = lane.waiting.shift();
      // the slot passes straight to the next in line, so `running` stays as it is
      if (next) next();
      else if (--lane.running === 0) this.lanes.delete(user);
    }
  }

  /** requests of `user` running and waiting (for tests and metrics) */
  load(user: number | string): { running: number; waiting: number } {
    const lane = this.lanes.get(user);
    return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
  }
}

const gates = new WeakMap<object, AnalyticsGate>();

/** One gate per app (keyed by its warehouse), shared by the metrics and dashboards routes. */
export function analyticsGateFor(owner: object, options: AnalyticsGateOptions): AnalyticsGate {
  let gate = gates.get(owner);
  if (!gate) {
    gate = new AnalyticsGate(options);
    gates.set(owner, gate);
  }
  return gate;
}

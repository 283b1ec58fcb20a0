import type { QueryParam } from "../query.js";

/**
 * The metric catalogue's vocabulary: what a metric is (name, labels, exact definition, unit, kind,
 * grains, group-bys) and what evaluating one returns. The api serves these shapes unchanged.
 */

export const GRAINS = ["hour", "day", "week", "month"] as const;
export type Grain = (typeof GRAINS)[number];

/** Dimensions a metric may be filtered or grouped by; `partner` is the user's referral partner. */
export const DIMENSIONS = ["country", "channel", "device", "tier", "partner"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const UNITS = ["count", "currency", "percent", "ratio", "duration", "score"] as const;
export type Unit = (typeof UNITS)[number];

export type MetricKind = "series" | "funnel" | "cohort" | "table";

export interface Localized {
  en: string;
  "zh-CN": string;
}

/** Filter values per dimension; a user matches when their value is any of the listed ones. */
export type Filters = Partial<Record<Dimension, readonly string[]>>;

/** What the catalogue says about a metric (`GET /api/metrics`). */
export interface MetricInfo {
  name: string;
  label: Localized;
  description: Localized;
  unit: Unit;
  kind: MetricKind;
  grains: Grain[];
  groupBys: Dimension[];
  /** which way is good news; absent means up */
  goodDirection?: "up" | "down";
  /** ISO currency of a currency metric */
  currency?: string;
}

/** The reader a metric runs its SQL on: `QueryPool` and the api's warehouse both fit. */
export interface MetricsReader {
  /** `trusted`: the SQL is the library's own (its values bound or validated), see `QueryPool.query`. */
  query<T = Record<string, unknown>>(sql: string, params?: Readonly<Record<string, QueryParam>>, opts?: { trusted?: boolean }): Promise<T[]>;
}

export interface MetricQuery {
  /** start of the window (inclusive) */
  from: Date;
  /** end of the window (exclusive) */
  to: Date;
  grain: Grain;
  filters?: Filters;
  groupBy?: Dimension;
  /** rows of a table metric */
  limit?: number;
}

export interface MetricEnv {
  reader: MetricsReader;
  /** IANA zone that days, weeks and months are bucketed in (`REPORTING_TZ`) */
  zone: string;
  /**
   * Whether the reader's rollup views (`rollup_daily_type`, `rollup_user_day`, `user_first_seen`)
   * are built and in `zone`; without them every metric reads raw events (same answers, slower).
   */
  rollups: boolean;
  /** the clock, for "today" (days after it do not count in averages); default now */
  now?: Date;
}

export interface Point {
  t: string;
  value: number | null;
}

interface ResultBase {
  name: string;
  unit: Unit;
  grain: Grain;
  /** the window actually evaluated (day grains: whole reporting-zone days) */
  from: string;
  to: string;
  currency?: string;
}

/** `relative`: (value − previous) / |previous|; `points`: value − previous (percentage points for percent units). */
export type ChangeKind = "relative" | "points";

export interface SeriesTotal {
  value: number | null;
  previous: number | null;
  /** against the previous period of the same length, as `changeKind` says; null when there is nothing to compare with */
  change: number | null;
  changeKind: ChangeKind;
  /** how much of the previous period lies within the lake's data: "none" or "partial" leave `change` null */
  previousData: "full" | "partial" | "none";
}

export interface SeriesResult extends ResultBase {
  kind: "series";
  total: SeriesTotal;
  series: { group: string | null; points: Point[] }[];
}

export interface FunnelResult extends ResultBase {
  kind: "funnel";
  steps: { key: string; label: Localized; value: number; rate: number | null }[];
}

export interface CohortResult extends ResultBase {
  kind: "cohort";
  /** what a column is: the k-th week or month after the signup period (whatever the query's grain) */
  period: "week" | "month";
  cohorts: { cohort: string; size: number; values: (number | null)[] }[];
}

export interface TableResult extends ResultBase {
  kind: "table";
  columns: { key: string; label: Localized; unit?: Unit }[];
  rows: Record<string, string | number | null>[];
}

export type MetricResult = SeriesResult | FunnelResult | CohortResult | TableResult;

/** A bad query, naming the parameter (`grain`, `groupBy`, `to`, …) it is about. */
export class MetricInputError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(`${param}: ${message}`);
    this.name = "MetricInputError";
  }
}

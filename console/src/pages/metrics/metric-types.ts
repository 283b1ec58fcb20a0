/**
 * What `GET /api/metrics`, `/api/metrics/:name` and `/api/dashboards/:slug` answer (issue 4's contract).
 * The console only reads these; the metric definitions live in `warehouse/src/metrics/`.
 */

export type Localized = { en: string; "zh-CN": string };
export type Unit = "count" | "currency" | "percent" | "ratio" | "duration" | "score";
export type MetricKind = "series" | "funnel" | "cohort" | "table";
export type Grain = "hour" | "day" | "week" | "month";
export type Direction = "up" | "down";

export const GRAINS: readonly Grain[] = ["hour", "day", "week", "month"];
export const DIMENSIONS = ["country", "channel", "device", "tier", "partner"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One entry of `GET /api/metrics`. */
export interface MetricInfo {
  name: string;
  label: Localized;
  description: Localized;
  unit: Unit;
  kind: MetricKind;
  grains: Grain[];
  groupBys: Dimension[];
  /** which way is better; absent means up */
  goodDirection?: Direction;
  /** ISO currency of a currency metric; absent means USD */
  currency?: string;
}

interface ResultBase {
  name: string;
  unit: Unit;
  grain: Grain;
  from: string;
  to: string;
  asOf: string;
  currency?: string;
}

export interface Point {
  t: string;
  value: number | null;
}

export interface SeriesResult extends ResultBase {
  kind: "series";
  total: { value: number | null; previous: number | null; change: number | null };
  series: { group: string | null; points: Point[] }[];
}

export interface FunnelResult extends ResultBase {
  kind: "funnel";
  steps: { key: string; label: Localized; value: number; rate: number | null }[];
}

export interface CohortResult extends ResultBase {
  kind: "cohort";
  cohorts: { cohort: string; size: number; values: (number | null)[] }[];
}

export interface TableResult extends ResultBase {
  kind: "table";
  columns: { key: string; label: Localized; unit?: Unit }[];
  rows: Record<string, unknown>[];
}

export type MetricResult = SeriesResult | FunnelResult | CohortResult | TableResult;

/** `Localized` text in the UI language, English when a translation is missing. */
export function localized(text: Localized | string | undefined, language: string): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  return (language === "zh-CN" ? text["zh-CN"] : text.en) || text.en;
}

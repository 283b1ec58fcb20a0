import dayjs, { type Dayjs } from "dayjs";
import type { Dimension, Grain } from "../../api/types";
import { DIMENSIONS, GRAINS } from "./metric-helpers";

/**
 * The date range, grain and filters of a dashboard or the explorer, kept in the URL's search params
 * so that a link reproduces the view: `?preset=last_7_days&grain=day&country=CN`, or a custom range
 * as calendar days `?from=2026-01-01&to=2026-01-31` (both ends included).
 */

export const PRESETS = [
  "today",
  "yesterday",
  "last_7_days",
  "last_30_days",
  "last_90_days",
  "last_180_days",
  "month_to_date",
  "last_month",
  "quarter_to_date",
  "year_to_date",
] as const;
export type Preset = (typeof PRESETS)[number];

export type Filters = Partial<Record<Dimension, string>>;

export interface ViewState {
  preset: Preset | "custom";
  /** first and last calendar day (YYYY-MM-DD) of a custom range */
  from?: string;
  to?: string;
  grain: Grain;
  filters: Filters;
}

export interface ViewDefaults {
  preset: string;
  grain: string;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isPreset(value: unknown): value is Preset {
  return typeof value === "string" && (PRESETS as readonly string[]).includes(value);
}

export function isGrain(value: unknown): value is Grain {
  return typeof value === "string" && (GRAINS as readonly string[]).includes(value);
}

/** The view a URL describes; anything missing or malformed falls back to the defaults. */
export function readView(params: URLSearchParams, defaults: ViewDefaults): ViewState {
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const preset = params.get("preset");
  const grain = params.get("grain");
  const filters: Filters = {};
  for (const dimension of DIMENSIONS) {
    const value = params.get(dimension)?.trim();
    if (value) filters[dimension] = value;
  }
  const custom = !isPreset(preset) && DATE_RE.test(from) && DATE_RE.test(to) && from <= to;
  return {
    preset: custom ? "custom" : isPreset(preset) ? preset : isPreset(defaults.preset) ? defaults.preset : "last_30_days",
    ...(custom ? { from, to } : {}),
    grain: isGrain(grain) ? grain : isGrain(defaults.grain) ? defaults.grain : "day",
    filters,
  };
}

/** A copy of `params` with the view written into it (other params, like `metric`, are kept). */
export function writeView(params: URLSearchParams, view: ViewState): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ["preset", "from", "to", "grain", ...DIMENSIONS]) next.delete(key);
  if (view.preset === "custom" && view.from && view.to) {
    next.set("from", view.from);
    next.set("to", view.to);
  } else if (view.preset !== "custom") {
    next.set("preset", view.preset);
  }
  next.set("grain", view.grain);
  for (const dimension of DIMENSIONS) {
    const value = view.filters[dimension];
    if (value) next.set(dimension, value);
  }
  return next;
}

/** The half-open range [from, to) of calendar days in the browser's time zone. */
export function viewRange(view: ViewState, now: Dayjs = dayjs()): { from: Dayjs; to: Dayjs } {
  const today = now.startOf("day");
  const tomorrow = today.add(1, "day");
  const lastDays = (n: number) => ({ from: today.subtract(n - 1, "day"), to: tomorrow });
  switch (view.preset) {
    case "custom":
      return { from: dayjs(view.from).startOf("day"), to: dayjs(view.to).startOf("day").add(1, "day") };
    case "today":
      return { from: today, to: tomorrow };
    case "yesterday":
      return { from: today.subtract(1, "day"), to: today };
    case "last_7_days":
      return lastDays(7);
    case "last_30_days":
      return lastDays(30);
    case "last_90_days":
      return lastDays(90);
    case "last_180_days":
      return lastDays(180);
    case "month_to_date":
      return { from: today.startOf("month"), to: tomorrow };
    case "last_month":
      return { from: today.startOf("month").subtract(1, "month"), to: today.startOf("month") };
    case "quarter_to_date":
      return { from: today.startOf("month").subtract(today.month() % 3, "month"), to: tomorrow };
    case "year_to_date":
      return { from: today.startOf("year"), to: tomorrow };
  }
}

/** What the api gets: `from`/`to` as ISO instants, the grain and the filters that are set. */
export function apiQuery(view: ViewState, now?: Dayjs): Record<string, string> {
  const { from, to } = viewRange(view, now);
  const query: Record<string, string> = { from: from.toISOString(), to: to.toISOString(), grain: view.grain };
  for (const [dimension, value] of Object.entries(view.filters)) if (value) query[dimension] = value;
  return query;
}

/**
 * A grain that suits the range: hours for today or yesterday, never hours over more than a week
 * (thousands of points), never months inside a month. A custom range keeps the grain the user
 * chose whenever it can draw it: a typed two-day range switching to hours by itself was a surprise.
 */
export function fitGrain(view: ViewState, now?: Dayjs): Grain {
  const { from, to } = viewRange(view, now);
  const days = to.diff(from, "day");
  if (view.preset !== "custom" && days <= 2) return "hour";
  if (view.grain === "hour" && days > 7) return "day";
  if (view.grain === "month" && days <= 31) return "day";
  return view.grain;
}

/**
 * The custom range two picked or typed ends make: both ends as calendar days, in order; null while
 * an end is missing or is not a date.
 */
export function customRange(start: Dayjs | null | undefined, end: Dayjs | null | undefined): { from: string; to: string } | null {
  if (!start?.isValid() || !end?.isValid()) return null;
  const [a, b] = start.isAfter(end, "day") ? [end, start] : [start, end];
  return { from: a.format("YYYY-MM-DD"), to: b.format("YYYY-MM-DD") };
}

/** A copy of `params` with one filter set (or removed): the rest of the view as it stands. */
export function withFilter(params: URLSearchParams, dimension: Dimension, value: string | undefined): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value?.trim()) next.set(dimension, value.trim());
  else next.delete(dimension);
  return next;
}

import type { Unit } from "../../api/types";
import { formatDuration } from "../formatted";

/** the metric library's units */
export type ValueUnit = Unit;

export interface FormatOptions {
  /** "1.2M" / "120万" instead of every digit: cards and axes */
  compact?: boolean;
  /** ISO code of a currency value; USD when the api does not say */
  currency?: string;
}

/**
 * A metric value in the UI language, by unit. Percent values arrive as fractions (0.123 → 12.3 %),
 * durations in seconds, money as a number in `currency`.
 */
export function formatValue(value: number | null | undefined, unit: ValueUnit | undefined, language: string, options: FormatOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const compact: Intl.NumberFormatOptions = options.compact && Math.abs(value) >= 10_000 ? { notation: "compact", maximumFractionDigits: 1 } : {};
  switch (unit) {
    case "currency":
      return new Intl.NumberFormat(language, {
        style: "currency",
        currency: options.currency ?? "USD",
        ...(Math.abs(value) >= 1000 ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
        ...compact,
      }).format(value);
    case "percent":
      return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: Math.abs(value) < 0.1 ? 2 : 1 }).format(value);
    case "ratio":
      return new Intl.NumberFormat(language, { maximumFractionDigits: Math.abs(value) < 10 ? 3 : 1 }).format(value);
    case "duration":
      return formatDuration(value * 1000, language);
    case "score":
      return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
    default:
      return new Intl.NumberFormat(language, { maximumFractionDigits: Math.abs(value) < 10 ? 1 : 0, ...compact }).format(value);
  }
}

/** A relative change (0.052 → "+5.2%"), signed so a fall reads as one without colour. */
export function formatChange(change: number | null | undefined, language: string): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return "—";
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(change);
}

/**
 * A bucket's start in the UI language, as precise as its grain. Day, week and month buckets are
 * calendar dates in the api's reporting time zone, so a midnight stamp shows its own date wherever
 * the browser is; hours show in the browser's time.
 */
export function formatBucket(t: string | number, grain: string | undefined, language: string): string {
  const date = new Date(t);
  if (Number.isNaN(date.getTime())) return String(t);
  if (grain === "hour") return new Intl.DateTimeFormat(language, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(date);
  const calendar = typeof t === "string" ? /^(\d{4}-\d{2}-\d{2})(T00:00(:00(\.0+)?)?([Z+-].*)?)?$/.exec(t) : null;
  const day = calendar ? new Date(`${calendar[1]}T00:00:00Z`) : date;
  const options: Intl.DateTimeFormatOptions = grain === "month" ? { year: "numeric", month: "short" } : { year: "numeric", month: "short", day: "numeric" };
  return new Intl.DateTimeFormat(language, { ...options, ...(calendar ? { timeZone: "UTC" } : {}) }).format(day);
}

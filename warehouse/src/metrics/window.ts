import { addDays, checkZone, localDay } from "../rollups/zone.js";
import { MetricInputError, type Grain } from "./types.js";

/**
 * The window a metric is evaluated over, in the reporting zone. Day, week and month grains work
 * in whole reporting-zone days: `from` and `to` are rounded to the nearest local midnight, so a
 * browser a few hours off the reporting zone still asks for the days it means. Hour grain keeps
 * instants, floored and ceiled to local hours. The previous window has the same length and ends
 * where this one starts. `dt` partitions are UTC, so reads cover one extra day either side.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Longest windows: ten years of days, a month of hours (744 points). */
export const MAX_DAYS = 3_660;
export const MAX_HOURLY_DAYS = 31;

export interface Window {
  grain: Grain;
  zone: string;
  hourly: boolean;
  /** local days, `to` exclusive */
  fromDay: string;
  toDay: string;
  prevFromDay: string;
  /** instants of the bounds (hour grain: the floored/ceiled hours; day grains: local midnights) */
  from: Date;
  to: Date;
  prevFrom: Date;
  /** the local day of "now": days after it are in the future */
  today: string;
  /** UTC partitions (`dt`) that can hold events of the previous and current windows */
  dtLo: string;
  dtHi: string;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (east positive). */
export function zoneOffsetMs(zone: string, ms: number): number {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    offsetFormats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a local day starts in `zone`. */
export function localMidnight(day: string, zone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  let ms = guess - zoneOffsetMs(zone, guess);
  // a second pass settles days whose offset differs from the guess's (DST changes)
  ms = guess - zoneOffsetMs(zone, ms);
  return new Date(ms);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

function floorLocalHour(ms: number, zone: string, up: boolean): number {
  const off = zoneOffsetMs(zone, ms);
  const local = ms + off;
  const floored = Math.floor(local / HOUR) * HOUR;
  const rounded = up && floored < local ? floored + HOUR : floored;
  return rounded - off;
}

export function buildWindow(q: { from: Date; to: Date; grain: Grain }, zoneName: string, now: Date = new Date()): Window {
  const zone = checkZone(zoneName);
  if (Number.isNaN(q.from.getTime())) throw new MetricInputError("from", "must be a date or an ISO-8601 instant");
  if (Number.isNaN(q.to.getTime())) throw new MetricInputError("to", "must be a date or an ISO-8601 instant");
  if (q.to.getTime() <= q.from.getTime()) throw new MetricInputError("to", "must be after from");
  const today = localDay(now.getTime(), zone);
  if (q.grain === "hour") {
    const from = floorLocalHour(q.from.getTime(), zone, false);
    const to = floorLocalHour(q.to.getTime(), zone, true);
    if (to - from > MAX_HOURLY_DAYS * DAY) throw new MetricInputError("grain", `hour needs a window of at most ${MAX_HOURLY_DAYS} days; use day`);
    const prevFrom = from - (to - from);
    return {
      grain: "hour",
      zone,
      hourly: true,
      fromDay: localDay(from, zone),
      toDay: addDays(localDay(to - 1, zone), 1),
      prevFromDay: localDay(prevFrom, zone),
      from: new Date(from),
      to: new Date(to),
      prevFrom: new Date(prevFrom),
      today,
      dtLo: new Date(prevFrom).toISOString().slice(0, 10),
      dtHi: new Date(to - 1).toISOString().slice(0, 10),
    };
  }
  // nearest local midnight: the local day of the instant twelve hours later
  const fromDay = localDay(q.from.getTime() + DAY / 2, zone);
  let toDay = localDay(q.to.getTime() + DAY / 2, zone);
  if (toDay <= fromDay) toDay = addDays(fromDay, 1);
  const n = daysBetween(fromDay, toDay);
  if (n > MAX_DAYS) throw new MetricInputError("from", `the window may span at most ${MAX_DAYS} days, got ${n}`);
  const prevFromDay = addDays(fromDay, -n);
  const margin = zone === "UTC" ? 0 : 1;
  return {
    grain: q.grain,
    zone,
    hourly: false,
    fromDay,
    toDay,
    prevFromDay,
    from: localMidnight(fromDay, zone),
    to: localMidnight(toDay, zone),
    prevFrom: localMidnight(prevFromDay, zone),
    today,
    dtLo: addDays(prevFromDay, -margin),
    dtHi: addDays(toDay, margin - 1),
  };
}

/** The default window: the last `days` local days, today included. */
export function lastDays(days: number, zone: string, now: Date = new Date()): { from: Date; to: Date } {
  const tomorrow = addDays(localDay(now.getTime(), checkZone(zone)), 1);
  return { from: localMidnight(addDays(tomorrow, -days), zone), to: localMidnight(tomorrow, zone) };
}

/** Date presets of dashboards (`defaults.preset`), in the reporting zone; unknown ones mean the last 30 days. */
export function presetWindow(preset: string, zoneName: string, now: Date = new Date()): { from: Date; to: Date } {
  const zone = checkZone(zoneName);
  const today = localDay(now.getTime(), zone);
  const tomorrow = addDays(today, 1);
  const span = (from: string, to: string) => ({ from: localMidnight(from, zone), to: localMidnight(to, zone) });
  const last = /^last_(\d+)_days$/.exec(preset);
  if (last) return lastDays(Number(last[1]), zone, now);
  const [y, m] = today.split("-").map(Number) as [number, number];
  const pad = (n: number) => String(n).padStart(2, "0");
  switch (preset) {
    case "today":
      return span(today, tomorrow);
    case "yesterday":
      return span(addDays(today, -1), today);
    case "month_to_date":
      return span(`${y}-${pad(m)}-01`, tomorrow);
    case "quarter_to_date":
      return span(`${y}-${pad(m - ((m - 1) % 3))}-01`, tomorrow);
    case "year_to_date":
      return span(`${y}-01-01`, tomorrow);
    default:
      return lastDays(30, zone, now);
  }
}

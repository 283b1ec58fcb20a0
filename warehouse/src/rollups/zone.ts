/**
 * Reporting time zones. `dt` partitions are UTC; a rollup converts `ts` to the reporting zone once,
 * when it is built, so dashboards group by a plain DATE instead of paying for a time-zone-aware
 * `date_trunc` on every query. One UTC day spans at most two local days in any zone, and a local
 * day lies within the UTC days before, on and after it.
 */

const DAY_MS = 86_400_000;
const DT_RE = /^\d{4}-\d{2}-\d{2}$/;
const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's canonical IANA name; throws naming the zone when it is unknown. */
export function checkZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`time zone: unknown zone ${JSON.stringify(zone)}`);
  }
}

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(zone, f);
  }
  return f;
}

/** Local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDay(ms: number, zone: string): string {
  return format(zone).format(new Date(ms));
}

export function addDays(day: string, n: number): string {
  if (!DT_RE.test(day)) throw new Error(`day: must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Local days that events of the UTC day `dt` can fall on (one in UTC, at most two elsewhere). */
export function localDaysOfDt(dt: string, zone: string): string[] {
  if (zone === "UTC") return [addDays(dt, 0)];
  const start = Date.parse(`${dt}T00:00:00Z`);
  return [...new Set([localDay(start, zone), localDay(start + DAY_MS - 1, zone)])];
}

/** UTC partitions that can hold events of the local day `day` (the neighbours too: a part misfiled by a writer is still counted). */
export function dtsOfLocalDay(day: string): string[] {
  return [addDays(day, -1), day, addDays(day, 1)];
}

/**
 * SQL for the reporting-zone date of an events row's `ts`. In UTC it is integer arithmetic on the
 * epoch (no time-zone lookup per row); the day always comes from `ts`, never from the `dt` path,
 * so a rollup is right even for a row a writer filed under the wrong partition.
 */
export function localDaySql(zone: string): string {
  return zone === "UTC"
    ? `(date '1970-01-01' + cast(floor(epoch_ms(ts) / 86400000) as integer))`
    : `cast(timezone('${zone.replaceAll("'", "''")}', ts) as date)`;
}

/** `ts` bounds of local days first..last (inclusive), for Parquet row-group pruning: exact in UTC, ±14 h elsewhere. */
export function tsRangeSql(zone: string, first: string, last: string): string {
  const margin = zone === "UTC" ? 0 : 14 * 3_600_000;
  const from = new Date(Date.parse(`${addDays(first, 0)}T00:00:00Z`) - margin).toISOString();
  const to = new Date(Date.parse(`${addDays(last, 1)}T00:00:00Z`) + margin).toISOString();
  return `ts >= '${from}'::timestamptz and ts < '${to}'::timestamptz`;
}

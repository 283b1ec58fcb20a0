import path from "node:path";
import { lakeLayout } from "../lake/layout.js";
import { checkZone } from "./zone.js";

/**
 * Where rollups live in the lake:
 *
 *   rollups/user_dict/part-<ulid>.parquet               user_id → dense user_key, append-only
 *   rollups/<rollup>/tz=<zone>/<YYYY-MM-DD>.parquet     one file per reporting-zone day
 *   rollups/_zones/tz=<zone>.json                       written once the zone was fully built
 *   rollups/_dirty/<YYYY-MM-DD>                         a flush wrote this dt; cleared once rolled up
 *
 * `<zone>` is the IANA name URI-encoded (`Asia%2FShanghai`). Files are written as `*.tmp` and
 * renamed, so readers globbing `*.parquet` never see half a file.
 */

/** Bump when a rollup's columns or meaning change: zones built by an older format are rebuilt. */
export const ROLLUP_FORMAT = 3;

export const ZONED_ROLLUPS = ["daily_type", "user_day", "user_first_seen", "trade_day", "key_events"] as const;
export type ZonedRollup = (typeof ZONED_ROLLUPS)[number];

/** The DATE column a zoned rollup's files are split by. */
export const DAY_COLUMN: Record<ZonedRollup, string> = { daily_type: "day", user_day: "day", user_first_seen: "first_seen_day", trade_day: "day", key_events: "day" };

const DAY_FILE_RE = /^(\d{4}-\d{2}-\d{2})\.parquet$/;
export const DICT_PART_RE = /^part-[0-9A-Z]{26}\.parquet$/;

export interface RollupLayout {
  root: string;
  tmpDir: string;
  eventsDayDir(dt: string): string;
  dictDir: string;
  dictPart(id: string): string;
  zoneDir(name: ZonedRollup, zone: string): string;
  dayFile(name: ZonedRollup, zone: string, day: string): string;
  zonesDir: string;
  markerFile(zone: string): string;
  /** Days written by a flush and not rolled up yet: survives a crash between the two. */
  dirtyDir: string;
  dirtyFile(dt: string): string;
  lockFile: string;
}

export function rollupLayout(lakeDir: string): RollupLayout {
  const lake = lakeLayout(lakeDir);
  const zonePart = (zone: string) => `tz=${encodeURIComponent(checkZone(zone))}`;
  const dictDir = lake.rollupDir("user_dict");
  const zonesDir = path.join(lake.rollupsDir, "_zones");
  const dirtyDir = path.join(lake.rollupsDir, "_dirty");
  return {
    root: lake.root,
    tmpDir: lake.tmpDir,
    eventsDayDir: lake.eventsDayDir,
    dictDir,
    dictPart: (id) => path.join(dictDir, `part-${id}.parquet`),
    zoneDir: (name, zone) => path.join(lake.rollupDir(name), zonePart(zone)),
    dayFile: (name, zone, day) => path.join(lake.rollupDir(name), zonePart(zone), `${day}.parquet`),
    zonesDir,
    markerFile: (zone) => path.join(zonesDir, `${zonePart(zone)}.json`),
    dirtyDir,
    dirtyFile: (dt) => path.join(dirtyDir, path.basename(lake.eventsDayDir(dt)).slice(3)),
    lockFile: path.join(lake.locksDir, "rollups.lock"),
  };
}

/** Day of a zoned rollup file name, or null. */
export function dayOfFile(name: string): string | null {
  return DAY_FILE_RE.exec(name)?.[1] ?? null;
}

/** Zone of a marker file name (`tz=Asia%2FShanghai.json`), or null. */
export function zoneOfMarker(name: string): string | null {
  const m = /^tz=(.+)\.json$/.exec(name);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

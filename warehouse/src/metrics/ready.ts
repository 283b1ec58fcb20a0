import { readdir, readFile } from "node:fs/promises";
import { dtOfDirName, lakeLayout } from "../lake/layout.js";
import { ROLLUP_FORMAT, rollupLayout } from "../rollups/layout.js";
import { checkZone } from "../rollups/zone.js";

/**
 * Whether the lake's rollups are fully built for `zone` in the current format (the maintainer
 * writes the zone's marker only after a complete build). Until then metrics read raw events.
 */
export async function rollupsReady(lakeDir: string, zone: string): Promise<boolean> {
  const text = await readFile(rollupLayout(lakeDir).markerFile(checkZone(zone)), "utf8").catch(() => null);
  if (text === null) return false;
  try {
    return (JSON.parse(text) as { format?: number }).format === ROLLUP_FORMAT;
  } catch {
    return false;
  }
}

/**
 * The first UTC day (`dt`) with events in the lake, or null for an empty lake: where the data
 * begins, so a previous period before it is not compared with (read from the partition names).
 */
export async function firstEventDay(lakeDir: string): Promise<string | null> {
  const names = await readdir(lakeLayout(lakeDir).eventsDir).catch(() => [] as string[]);
  let first: string | null = null;
  for (const name of names) {
    const dt = dtOfDirName(name);
    if (dt !== null && (first === null || dt < first)) first = dt;
  }
  return first;
}

import { readFile } from "node:fs/promises";
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

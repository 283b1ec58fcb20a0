import { presetPalettes } from "@ant-design/colors";

/**
 * Series colours: antd's twelve hues at three weights, neighbours far apart on the wheel, so the 25
 * groups a metric may return (the api keeps the 25 largest) never share a colour; ECharts' own
 * palette has nine, which is how US and JP came to look the same.
 */
const HUES = ["blue", "orange", "green", "red", "purple", "cyan", "magenta", "gold", "lime", "volcano", "geekblue", "yellow"] as const;
export const PALETTE: readonly string[] = [6, 4, 8].flatMap((weight) => HUES.map((hue) => presetPalettes[hue]![weight - 1]!));

/** FNV-1a: a small, stable hash of a series key. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A colour per series key, stable per value (a country keeps its colour across charts, refreshes
 * and ranges) and distinct within one chart: each key takes the slot its hash points at, or the
 * next free one when another key of the same chart holds it. Keys are placed in sorted order, so
 * the same set of keys is always coloured alike.
 */
export function seriesColors(keys: readonly string[], palette: readonly string[] = PALETTE): Map<string, string> {
  const taken = new Set<number>();
  const out = new Map<string, string>();
  for (const key of [...new Set(keys)].sort()) {
    let slot = hash(key) % palette.length;
    // more keys than colours: the rest repeat from the preferred slot
    if (taken.size < palette.length) while (taken.has(slot)) slot = (slot + 1) % palette.length;
    taken.add(slot);
    out.set(key, palette[slot]!);
  }
  return out;
}

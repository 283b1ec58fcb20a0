import type { Direction } from "../../api/types";

/** Metrics whose fall is the good news, until the catalogue says so itself. */
const DOWN_IS_GOOD = new Set(["churn_rate", "refunds", "chargebacks"]);

export function goodDirectionOf(metric: string, ...hints: (Direction | undefined)[]): Direction {
  return hints.find(Boolean) ?? (DOWN_IS_GOOD.has(metric) ? "down" : "up");
}

/** Colour of a change: good news green, bad news red, no change (or no previous value) neutral. */
export function changeTone(change: number | null | undefined, good: Direction): "good" | "bad" | "flat" {
  if (change === null || change === undefined || !Number.isFinite(change) || change === 0) return "flat";
  return (change > 0) === (good === "up") ? "good" : "bad";
}

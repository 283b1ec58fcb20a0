import { describe, expect, it } from "vitest";
import { change, changeKindOf, withEarlierData } from "./evaluate.js";
import type { SeriesResult } from "./types.js";

describe("period-over-period change", () => {
  it.each([
    // amounts: relative to the previous value
    ["count", 150, 100, 0.5],
    ["currency", 80, 100, -0.2],
    ["count", 5, 0, null],
    ["ratio", 1.5, 1, 0.5],
    // rates: percentage points (0.42 − 0.30 = 0.12, i.e. +12 points, not +40 %)
    ["percent", 0.42, 0.3, 0.12],
    ["percent", 0.1, 0, 0.1],
    // NPS: points (33.3 − (−100) = 133.3)
    ["score", 100 / 3, -100, 133.33333333],
    ["score", 10, null, null],
  ] as const)("%s %s against %s → %s", (unit, value, previous, expected) => {
    expect(change(value, previous, unit)).toBe(expected);
  });

  it("says which kind a unit's change is", () => {
    expect(["count", "currency", "ratio", "duration", "percent", "score"].map((u) => changeKindOf(u as never))).toEqual([
      "relative",
      "relative",
      "relative",
      "relative",
      "points",
      "points",
    ]);
  });
});

describe("a previous period before the data", () => {
  // the window Mar 1 – Mar 31 (30 days); its previous period Jan 30 – Mar 1
  const result: SeriesResult = {
    name: "daily_active_users",
    kind: "series",
    unit: "count",
    grain: "day",
    from: "2026-03-01T00:00:00.000Z",
    to: "2026-03-31T00:00:00.000Z",
    total: { value: 5205, previous: 1, change: 5204, changeKind: "relative", previousData: "full" },
    series: [],
  };

  it.each([
    // the lake starts before the previous period: compared as usual
    ["2026-01-01", "full", 5204],
    ["2026-01-30", "full", 5204],
    // it starts inside the previous period: part of it is empty, so no change
    ["2026-02-15", "partial", null],
    // it starts in the window itself (the "+520,464.9 %" of last 180 days on a 180-day lake)
    ["2026-03-01", "none", null],
    ["2026-03-10", "none", null],
    // where the data begins is unknown: left as computed
    [null, "full", 5204],
  ] as const)("data from %s: previous period %s, change %s", (firstDay, previousData, expected) => {
    const out = withEarlierData(result, firstDay);
    expect(out.total.previousData).toBe(previousData);
    expect(out.total.change).toBe(expected);
    // the values themselves stay as computed
    expect(out.total.value).toBe(5205);
    expect(out.total.previous).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import type { CohortResult, SeriesResult } from "../../api/types";
import { goodDirectionOf, changeTone } from "../dashboards/kpi-direction";
import { resultRows } from "./result-csv";

const base = { unit: "count", grain: "day", from: "2026-03-01T00:00:00Z", to: "2026-03-03T00:00:00Z", asOf: "2026-03-03T00:00:00Z" } as const;
const series = (name: string, groups: [string | null, number[]][]): SeriesResult => ({
  ...base,
  name,
  kind: "series",
  total: { value: 10, previous: 8, change: 0.25, changeKind: "relative", previousData: "full" },
  series: groups.map(([group, values]) => ({ group, points: values.map((value, i) => ({ t: `2026-03-0${i + 1}T00:00:00Z`, value })) })),
});
const ctx = { language: "en", labelOf: (m: string) => ({ new_users: "New users", trades: "Trades" })[m] ?? m };

describe("what a panel exports", () => {
  it("puts every series of every metric on one time column", () => {
    const rows = resultRows([series("new_users", [[null, [1, 2]]]), series("trades", [["ios", [3]], ["web", [4, 5]]])], ctx);
    expect(rows).toEqual([
      ["t", "New users", "Trades · ios", "Trades · web"],
      ["2026-03-01T00:00:00Z", 1, 3, 4],
      ["2026-03-02T00:00:00Z", 2, null, 5],
    ]);
  });

  it("exports a KPI card as its value against the previous period", () => {
    expect(resultRows([series("new_users", [[null, [1, 2]]])], ctx, { summary: true })).toEqual([
      ["metric", "from", "to", "value", "previous", "change", "change_kind", "previous_data"],
      ["new_users", base.from, base.to, 10, 8, 0.25, "relative", "full"],
    ]);
  });

  it("exports cohorts as a triangle, one column per period", () => {
    const cohort: CohortResult = { ...base, unit: "percent", name: "cohort_retention_weekly", kind: "cohort", period: "week", cohorts: [{ cohort: "2026-03-02", size: 10, values: [1, 0.5] }, { cohort: "2026-03-09", size: 4, values: [1] }] };
    expect(resultRows([cohort], ctx)).toEqual([
      ["cohort", "size", "week_0", "week_1"],
      ["2026-03-02", 10, 1, 0.5],
      ["2026-03-09", 4, 1],
    ]);
  });
});

describe("KPI delta colour", () => {
  it.each([
    [0.1, "new_users", "good"],
    [-0.1, "new_users", "bad"],
    [0.1, "churn_rate", "bad"],
    [-0.1, "churn_rate", "good"],
    [0, "new_users", "flat"],
    [null, "new_users", "flat"],
  ] as const)("%s on %s is %s", (change, metric, tone) => {
    expect(changeTone(change, goodDirectionOf(metric))).toBe(tone);
  });
  it("lets the tile or the catalogue say which way is good", () => {
    expect(goodDirectionOf("churn_rate", "up")).toBe("up");
    expect(goodDirectionOf("new_users", undefined, "down")).toBe("down");
  });
});

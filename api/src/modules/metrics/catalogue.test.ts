import { describe, expect, it } from "vitest";
import { DIMENSIONS as DASHBOARD_DIMENSIONS, loadDashboards, METRIC_NAMES } from "@ist/dashboards";
import { DIMENSIONS, getMetric, listMetrics } from "@ist/warehouse";

/** The metrics library against the names and dimensions the dashboards were written for. */
describe("metric catalogue", () => {
  it("implements exactly the fixed metric names", () => {
    expect(listMetrics().map((m) => m.name).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it("uses the dashboards' dimensions", () => {
    expect([...DIMENSIONS]).toEqual([...DASHBOARD_DIMENSIONS]);
  });

  const VIZ_KIND: Record<string, string> = { funnel: "funnel", cohort_heatmap: "cohort", table: "table" };
  const tiles = loadDashboards().flatMap((d) => d.tiles.map((t) => [`${d.slug}/${t.id}`, t] as const));

  it.each(tiles)("%s: its metrics fit the visualisation, the group-by and the dashboard's grain", (_id, tile) => {
    for (const name of tile.metrics) {
      const metric = getMetric(name)!;
      expect(metric.kind).toBe(VIZ_KIND[tile.viz] ?? "series");
      if (tile.groupBy) expect(metric.groupBys).toContain(tile.groupBy);
    }
  });
});

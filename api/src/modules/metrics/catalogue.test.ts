import { describe, expect, it } from "vitest";
import { loadDashboards } from "@ist/dashboards";
import { getMetric } from "@ist/warehouse";

/** The metrics library against the dashboards (which validate against its registry: one list of names and dimensions). */
describe("metric catalogue", () => {
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

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getMetric, metricInfo } from "@ist/warehouse";
import { DashboardError, DashboardsError, loadDashboards, metricsOf, parseDashboard } from "./load";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "ist-dashboards-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const minimal = (tiles: string) => `version: 1
slug: revenue
title: { en: Revenue, zh-CN: 收入 }
defaults: { preset: last_30_days, grain: day }
tiles:
${tiles}`;

const tile = (id: string, metrics: string, y: number, extra = "") =>
  `  - { id: ${id}, viz: line, metrics: [${metrics}], layout: { x: 0, y: ${y}, w: 12, h: 4 }${extra} }\n`;

describe("shipped dashboards", () => {
  const dashboards = loadDashboards();

  it("are the four of issue 4, each valid", () => {
    expect(dashboards.map((d) => d.slug)).toEqual(["growth-retention", "operations-overview", "revenue", "trading"]);
  });

  it.each(dashboards.map((d) => [d.slug, d] as const))("%s names only metrics that exist", (_slug, dashboard) => {
    for (const metric of metricsOf(dashboard)) expect(getMetric(metric), metric).toBeDefined();
  });

  it("operations-overview shows every headline KPI as a card with sparkline and delta", () => {
    const ops = dashboards.find((d) => d.slug === "operations-overview")!;
    const cards = ops.tiles.filter((t) => t.viz === "kpi");
    expect(cards.length).toBeGreaterThanOrEqual(25);
    expect(cards.every((c) => c.sparkline && c.delta)).toBe(true);
  });

  it("growth-retention has the funnel and the weekly cohort heatmap; revenue the LTV cohorts; trading the top leaders", () => {
    const viz = (slug: string) => dashboards.find((d) => d.slug === slug)!.tiles.map((t) => `${t.viz}:${t.metrics.join("+")}${t.groupBy ? `/${t.groupBy}` : ""}`);
    expect(viz("growth-retention")).toEqual(expect.arrayContaining(["funnel:activation_funnel", "cohort_heatmap:cohort_retention_weekly", "stacked_bar:new_users/channel"]));
    expect(viz("revenue")).toEqual(expect.arrayContaining(["cohort_heatmap:ltv_by_cohort", "line:mrr+arr"]));
    expect(viz("trading")).toEqual(expect.arrayContaining(["table:top_leaders"]));
  });

  it("is cached: a second load returns the same objects", () => {
    expect(loadDashboards()).toBe(dashboards);
  });
});

describe("a broken dashboard", () => {
  it("names the file and the path of an unknown metric", () => {
    const text = minimal(tile("a", "revenue_total", 0) + tile("b", "mrr", 4) + tile("c", "arr", 8) + tile("d", "revenu_total", 12));
    expect(() => parseDashboard(text, "revenue.yaml")).toThrow('revenue.yaml: tiles.3.metrics.0: unknown metric "revenu_total" (did you mean "revenue_total"?)');
  });

  it.each([
    ["a bad slug", minimal(tile("a", "mrr", 0)).replace("slug: revenue", "slug: Revenue!"), "revenue.yaml: slug: must match ^[a-z0-9-]+$"],
    ["a slug unlike the file name", minimal(tile("a", "mrr", 0)).replace("slug: revenue", "slug: money"), 'revenue.yaml: slug: must match the file name "revenue"'],
    ["a missing title translation", minimal(tile("a", "mrr", 0)).replace(", zh-CN: 收入", ""), "revenue.yaml: title.zh-CN:"],
    ["a tile past the 24th column", minimal("  - { id: a, viz: line, metrics: [mrr], layout: { x: 20, y: 0, w: 6, h: 4 } }\n"), "revenue.yaml: tiles.0.layout.w: x + w must be at most 24"],
    ["overlapping tiles", minimal(tile("a", "mrr", 0) + tile("b", "arr", 2)), 'revenue.yaml: tiles.1.layout: overlaps tile "a" (tiles.0)'],
    ["a kpi with two metrics", minimal(tile("a", "mrr, arr", 0).replace("viz: line", "viz: kpi")), "revenue.yaml: tiles.0.metrics: a kpi tile shows exactly one metric, got 2"],
    ["a donut with nothing to slice", minimal(tile("a", "mrr", 0).replace("viz: line", "viz: donut")), "revenue.yaml: tiles.0.groupBy: a donut tile needs a groupBy"],
    ["an unknown group-by", minimal(tile("a", "mrr", 0, ", groupBy: planet")), "revenue.yaml: tiles.0.groupBy:"],
    ["an unknown visualisation", minimal(tile("a", "mrr", 0).replace("viz: line", "viz: pie")), "revenue.yaml: tiles.0.viz:"],
    ["a duplicate tile id", minimal(tile("a", "mrr", 0) + tile("a", "arr", 4)), 'revenue.yaml: tiles.1.id: tile id "a" is already used by tiles.0'],
    ["an unknown key", minimal(tile("a", "mrr", 0)).replace("version: 1", "version: 1\ncolour: red"), "revenue.yaml: (root): Unrecognized key"],
    ["a YAML syntax error", "version: 1\nslug: [revenue\n", "revenue.yaml: line "],
    ["a metric that cannot be grouped", minimal(tile("a", "ltv_by_cohort", 0, ", groupBy: country").replace("viz: line", "viz: stacked_bar")), 'revenue.yaml: tiles.0.groupBy: metric "ltv_by_cohort" cannot be grouped by country (it cannot be grouped)'],
    ["a metric of the wrong kind", minimal(tile("a", "activation_funnel", 0)), 'revenue.yaml: tiles.0.metrics.0: metric "activation_funnel" is a funnel; a line tile shows a series'],
    ["a series in a table", minimal(tile("a", "mrr", 0).replace("viz: line", "viz: table")), 'revenue.yaml: tiles.0.metrics.0: metric "mrr" is a series; a table tile shows a table'],
    ["a grain the metric lacks", minimal(tile("a", "revenue_total", 0) + tile("b", "mrr", 4)).replace("grain: day", "grain: hour"), 'revenue.yaml: tiles.1.metrics.0: metric "mrr" has no hour grain, the dashboard\'s default (its grains: day, week, month)'],
    ["an unknown grain", minimal(tile("a", "mrr", 0)).replace("grain: day", "grain: minute"), "revenue.yaml: defaults.grain:"],
    ["an unknown filter", minimal(tile("a", "mrr", 0)).replace("version: 1", "version: 1\nfilters: [country, planet]"), "revenue.yaml: filters.1:"],
  ])("reports %s", (_what, text, expected) => {
    const error = (() => {
      try {
        parseDashboard(text, "revenue.yaml");
      } catch (e) {
        return e as DashboardError;
      }
    })();
    expect(error).toBeInstanceOf(DashboardError);
    expect(error!.message).toContain(expected);
  });

  it("fails the whole directory load, listing every bad file", () => {
    const dir = tempDir({
      "revenue.yaml": minimal(tile("a", "revenu_total", 0)),
      "trading.yaml": minimal(tile("a", "trades", 0)).replace("slug: revenue", "slug: trading"),
      "ops.yaml": "version: 2\n",
    });
    const error = (() => {
      try {
        loadDashboards(dir);
      } catch (e) {
        return e as DashboardsError;
      }
    })();
    expect(error).toBeInstanceOf(DashboardsError);
    expect(error!.errors.map((e) => e.file)).toEqual(["ops.yaml", "revenue.yaml"]);
    expect(error!.message).toMatch(/^ops\.yaml: version: /m);
    expect(error!.message).toMatch(/^revenue\.yaml: tiles\.0\.metrics\.0: unknown metric "revenu_total"/m);
  });

  it("validates against another catalogue when given one", () => {
    const dir = tempDir({ "revenue.yaml": minimal(tile("a", "gross_margin", 0)) });
    const grossMargin = { ...metricInfo(getMetric("revenue_total")!), name: "gross_margin" };
    expect(loadDashboards(dir, { metrics: [grossMargin] })[0]!.tiles[0]!.metrics).toEqual(["gross_margin"]);
    expect(() => loadDashboards(dir)).toThrow('revenue.yaml: tiles.0.metrics.0: unknown metric "gross_margin"');
  });

  it("takes a group-by, a kind and a grain the metric has", () => {
    const text = minimal(tile("a", "daily_active_users", 0, ", groupBy: tier") + tile("b", "top_leaders", 4).replace("viz: line", "viz: table")).replace("grain: day", "grain: hour");
    // top_leaders (a table) has no hour grain either
    expect(() => parseDashboard(text, "revenue.yaml")).toThrow('tiles.1.metrics.0: metric "top_leaders" has no hour grain');
    expect(parseDashboard(text.replace("grain: hour", "grain: day"), "revenue.yaml").tiles.map((t) => t.groupBy ?? null)).toEqual(["tier", null]);
  });
});

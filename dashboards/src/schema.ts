import { z } from "zod";
import { DIMENSIONS, GRAINS, listMetrics, type MetricInfo, type MetricKind } from "@ist/warehouse";

/**
 * The shape of `dashboards/<slug>.yaml` (STYLE.md: dashboards as code, Lightdash `contentAsCode/`).
 * Tiles name metrics only; how a metric is computed lives in the metric catalogue, and the schema
 * checks every tile against it (`@ist/warehouse`'s registry): the metric exists, is the kind the
 * visualisation draws, can be grouped by the tile's group-by and has the dashboard's grain.
 */

export const VISUALISATIONS = ["kpi", "line", "area", "bar", "stacked_bar", "donut", "funnel", "cohort_heatmap", "table"] as const;
export type Visualisation = (typeof VISUALISATIONS)[number];
export const DATE_PRESETS = ["today", "yesterday", "last_7_days", "last_30_days", "last_90_days", "last_180_days", "month_to_date", "quarter_to_date", "year_to_date"] as const;
export const GRID_COLUMNS = 24;
/** The metric kind each visualisation draws; the rest draw series. */
const VIZ_KIND: Partial<Record<Visualisation, MetricKind>> = { funnel: "funnel", cohort_heatmap: "cohort", table: "table" };

const SLUG_RE = /^[a-z0-9-]+$/;
const METRIC_RE = /^[a-z][a-z0-9_]*$/;

const Localized = z.object({ en: z.string().trim().min(1), "zh-CN": z.string().trim().min(1) }).strict();

const Layout = z
  .object({
    x: z.number().int().min(0).max(GRID_COLUMNS - 1),
    y: z.number().int().min(0),
    w: z.number().int().min(1).max(GRID_COLUMNS),
    h: z.number().int().min(1).max(24),
  })
  .strict()
  .refine((l) => l.x + l.w <= GRID_COLUMNS, { message: `x + w must be at most ${GRID_COLUMNS} (the grid's columns)`, path: ["w"] });
export type TileLayout = z.infer<typeof Layout>;

/** What each visualisation needs: how many metrics, and whether a group-by makes sense. */
function checkTile(tile: { viz: Visualisation; metrics: string[]; groupBy?: string; sparkline?: boolean; delta?: boolean }, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const n = tile.metrics.length;
  const single = tile.viz === "kpi" || tile.viz === "cohort_heatmap";
  if (single && n !== 1) issue(["metrics"], `a ${tile.viz} tile shows exactly one metric, got ${n}`);
  if ((single || tile.viz === "funnel") && tile.groupBy) issue(["groupBy"], `a ${tile.viz} tile cannot be grouped`);
  if ((tile.viz === "donut" || tile.viz === "stacked_bar") && !tile.groupBy && n < 2) {
    issue(["groupBy"], `a ${tile.viz} tile needs a groupBy or at least two metrics`);
  }
  if (tile.viz !== "kpi") {
    if (tile.sparkline !== undefined) issue(["sparkline"], "only kpi tiles have a sparkline");
    if (tile.delta !== undefined) issue(["delta"], "only kpi tiles have a delta");
  }
  const seen = new Set<string>();
  tile.metrics.forEach((m, i) => {
    if (seen.has(m)) issue(["metrics", i], `metric "${m}" is listed twice`);
    seen.add(m);
  });
}

function overlaps(a: TileLayout, b: TileLayout): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The closest known name, for "did you mean" in an unknown-metric error. */
function suggest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(name, k);
    if (!best || d < best.d) best = { name: k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** What a tile's metrics must be in the catalogue `byName`: there, of the visualisation's kind, groupable, at the grain. */
function checkMetrics(tile: { viz: Visualisation; metrics: string[]; groupBy?: string }, grain: string, byName: ReadonlyMap<string, MetricInfo>, issue: (path: (string | number)[], message: string) => void) {
  const kind = VIZ_KIND[tile.viz] ?? "series";
  tile.metrics.forEach((name, j) => {
    const m = byName.get(name);
    if (!m) return; // reported by the name check
    if (m.kind !== kind) issue(["metrics", j], `metric "${name}" is a ${m.kind}; a ${tile.viz} tile shows a ${kind}`);
    if (tile.groupBy && !(m.groupBys as readonly string[]).includes(tile.groupBy)) {
      issue(["groupBy"], `metric "${name}" cannot be grouped by ${tile.groupBy} (${m.groupBys.length ? `its group-bys: ${m.groupBys.join(", ")}` : "it cannot be grouped"})`);
    }
    if (!(m.grains as readonly string[]).includes(grain)) issue(["metrics", j], `metric "${name}" has no ${grain} grain, the dashboard's default (its grains: ${m.grains.join(", ")})`);
  });
}

/** The dashboard schema, checking every tile against the metric catalogue (`listMetrics()` by default). */
export function dashboardSchema(metrics: readonly MetricInfo[] = listMetrics()) {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const metricNames = metrics.map((m) => m.name);
  const known = new Set(metricNames);
  const MetricRef = z
    .string()
    .regex(METRIC_RE, "must be a snake_case metric name")
    .superRefine((name, ctx) => {
      if (known.has(name) || !METRIC_RE.test(name)) return;
      const hint = suggest(name, metricNames);
      ctx.addIssue({ code: "custom", message: `unknown metric "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}` });
    });

  const Tile = z
    .object({
      id: z.string().regex(SLUG_RE, "must match ^[a-z0-9-]+$"),
      title: Localized.optional(),
      viz: z.enum(VISUALISATIONS),
      metrics: z.array(MetricRef).min(1),
      groupBy: z.enum(DIMENSIONS).optional(),
      sparkline: z.boolean().optional(),
      delta: z.boolean().optional(),
      /** rows of a table tile (top leaders) */
      limit: z.number().int().min(1).max(1000).optional(),
      layout: Layout,
    })
    .strict()
    .superRefine(checkTile);

  return z
    .object({
      version: z.literal(1),
      slug: z.string().regex(SLUG_RE, "must match ^[a-z0-9-]+$"),
      title: Localized,
      description: Localized.optional(),
      filters: z.array(z.enum(DIMENSIONS)).default([]),
      defaults: z.object({ preset: z.enum(DATE_PRESETS), grain: z.enum(GRAINS) }).strict(),
      tiles: z.array(Tile).min(1),
    })
    .strict()
    .superRefine((d, ctx) => {
      const ids = new Map<string, number>();
      d.filters.forEach((f, i) => {
        if (d.filters.indexOf(f) !== i) ctx.addIssue({ code: "custom", path: ["filters", i], message: `filter "${f}" is listed twice` });
      });
      d.tiles.forEach((tile, i) => {
        checkMetrics(tile, d.defaults.grain, byName, (path, message) => ctx.addIssue({ code: "custom", path: ["tiles", i, ...path], message }));
        const first = ids.get(tile.id);
        if (first !== undefined) ctx.addIssue({ code: "custom", path: ["tiles", i, "id"], message: `tile id "${tile.id}" is already used by tiles.${first}` });
        else ids.set(tile.id, i);
        for (let j = 0; j < i; j++) {
          const other = d.tiles[j]!;
          if (overlaps(other.layout, tile.layout)) {
            ctx.addIssue({ code: "custom", path: ["tiles", i, "layout"], message: `overlaps tile "${other.id}" (tiles.${j})` });
          }
        }
      });
    });
}

export type Dashboard = z.infer<ReturnType<typeof dashboardSchema>>;
export type Tile = Dashboard["tiles"][number];

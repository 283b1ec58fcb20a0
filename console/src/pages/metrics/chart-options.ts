import type { CohortResult, Dimension, FunnelResult, MetricResult, SeriesResult, Unit } from "../../api/types";
import type { ChartOption } from "../../components/charts/echarts";
import { formatBucket, formatValue } from "../../components/charts/format-value";
import { seriesColors } from "../../components/charts/palette";
import { localized } from "./metric-helpers";

/** How a set of series is drawn: the tile visualisations that have axes. */
export type AxisViz = "line" | "area" | "bar" | "stacked_bar";

export interface OptionContext {
  language: string;
  /** a metric's label in the UI language */
  labelOf: (metric: string) => string;
  /** what the results are grouped by, and how a group's value reads (country names, channel labels) */
  groupBy?: Dimension;
  labelOfValue?: (dimension: Dimension | undefined, value: string) => string;
}

/** A group's value as the UI shows it. */
export const groupLabel = (ctx: OptionContext, group: string) => ctx.labelOfValue?.(ctx.groupBy, group) ?? group;

/** The id ECharts carries for a series, so a click knows which metric it was. */
export const seriesId = (metric: string, group: string | null) => `${metric}|${group ?? ""}`;
export const metricOfSeriesId = (id: string | undefined) => id?.split("|")[0];

export interface SeriesLine {
  id: string;
  name: string;
  metric: string;
  /** what the series' colour follows: its group's value, or the metric when ungrouped or several metrics share the chart */
  colorKey: string;
  unit: Unit;
  currency?: string;
  values: (number | null)[];
}

/** Every series of every result on one shared time axis: what a chart draws and a CSV lists. */
export function seriesTable(results: SeriesResult[], ctx: OptionContext): { buckets: string[]; lines: SeriesLine[] } {
  const buckets = [...new Set(results.flatMap((r) => r.series.flatMap((s) => s.points.map((p) => p.t))))].sort((a, b) => Date.parse(a) - Date.parse(b));
  const index = new Map(buckets.map((t, i) => [t, i]));
  const several = results.length > 1;
  const lines = results.flatMap((r) =>
    r.series.map((s) => {
      const values: (number | null)[] = buckets.map(() => null);
      for (const p of s.points) values[index.get(p.t)!] = p.value;
      const label = ctx.labelOf(r.name);
      const name = s.group === null ? label : several ? `${label} · ${groupLabel(ctx, s.group)}` : groupLabel(ctx, s.group);
      const colorKey = s.group === null ? r.name : several ? seriesId(r.name, s.group) : s.group;
      return { id: seriesId(r.name, s.group), name, metric: r.name, colorKey, unit: r.unit, currency: r.currency, values };
    }),
  );
  return { buckets, lines };
}

export function seriesOption(results: SeriesResult[], viz: AxisViz, ctx: OptionContext): ChartOption {
  const { buckets, lines } = seriesTable(results, ctx);
  const grain = results[0]?.grain;
  const units = [...new Set(lines.map((l) => l.unit))].slice(0, 2);
  const axisOf = (unit: Unit) => Math.max(0, units.indexOf(unit));
  const format = (line: SeriesLine, compact = false) => (value: unknown) =>
    formatValue(typeof value === "number" ? value : null, line.unit, ctx.language, { compact, currency: line.currency });
  const colors = seriesColors(lines.map((l) => l.colorKey));
  return {
    color: lines.map((l) => colors.get(l.colorKey)!),
    tooltip: { trigger: "axis", confine: true },
    legend: lines.length > 1 ? { type: "scroll", top: 0 } : undefined,
    grid: { left: 8, right: 16, top: lines.length > 1 ? 40 : 16, bottom: 8 },
    xAxis: { type: "category", data: buckets, boundaryGap: viz !== "line" && viz !== "area", axisLabel: { formatter: (t: string) => formatBucket(t, grain, ctx.language) } },
    yAxis: units.map((unit, i) => ({
      type: "value",
      position: i === 0 ? "left" : "right",
      splitLine: { show: i === 0 },
      axisLabel: { formatter: (v: number) => formatValue(v, unit, ctx.language, { compact: true, currency: lines.find((l) => l.unit === unit)?.currency }) },
    })),
    series: lines.map((line) => ({
      id: line.id,
      name: line.name,
      type: viz === "line" || viz === "area" ? "line" : "bar",
      data: line.values,
      yAxisIndex: axisOf(line.unit),
      showSymbol: buckets.length <= 31,
      connectNulls: true,
      ...(viz === "area" ? { areaStyle: { opacity: lines.length > 1 ? 0.1 : 0.2 } } : {}),
      ...(viz === "stacked_bar" ? { stack: `unit-${line.unit}` } : {}),
      tooltip: { valueFormatter: format(line) },
    })),
  };
}

/** Donut slices: one metric's groups (summed over the range), or several metrics' totals. */
export function donutOption(results: SeriesResult[], ctx: OptionContext): ChartOption {
  const first = results[0];
  const slices =
    results.length === 1 && first && first.series.some((s) => s.group !== null)
      ? first.series.map((s) => ({ id: seriesId(first.name, s.group), key: s.group ?? first.name, name: s.group === null ? ctx.labelOf(first.name) : groupLabel(ctx, s.group), value: s.points.reduce((sum, p) => sum + (p.value ?? 0), 0) }))
      : results.map((r) => ({ id: seriesId(r.name, null), key: r.name, name: ctx.labelOf(r.name), value: r.total.value ?? 0 }));
  const unit = first?.unit;
  const colors = seriesColors(slices.map((s) => s.key));
  // every slice's name at once: a paged legend in a narrow tile showed two names a page
  const rows = Math.ceil(slices.length / 2);
  return {
    color: slices.map((s) => colors.get(s.key)!),
    tooltip: { trigger: "item", confine: true, valueFormatter: (v: unknown) => formatValue(Number(v), unit, ctx.language, { currency: first?.currency }) },
    legend: { type: "plain", orient: "horizontal", bottom: 0, left: "center", itemWidth: 12, itemHeight: 10, itemGap: 8, textStyle: { fontSize: 12 } },
    series: [
      {
        type: "pie",
        id: first ? seriesId(first.name, null) : "donut",
        radius: ["36%", "58%"],
        center: ["50%", `${Math.max(32, 46 - rows * 3)}%`],
        // percentages inside the ring: outside labels get cut short in a narrow tile
        label: { position: "inside", fontSize: 11, formatter: (p: { percent: number }) => (p.percent >= 4 ? `${Math.round(p.percent)}%` : "") },
        data: slices.map(({ key: _key, ...slice }) => slice),
      },
    ],
  };
}

export function funnelOption(result: FunnelResult, ctx: OptionContext): ChartOption {
  const percent = (rate: number | null) => formatValue(rate, "percent", ctx.language);
  return {
    tooltip: { trigger: "item", confine: true },
    series: [
      {
        type: "funnel",
        id: seriesId(result.name, null),
        sort: "none",
        // labels beside the steps: inside, no one colour reads on every step's fill
        left: 8,
        width: "58%",
        top: 8,
        bottom: 8,
        minSize: "8%",
        gap: 2,
        label: { position: "right", formatter: (p: { name: string; value: number; data: { rate: number | null } }) => `${p.name}  ${formatValue(p.value, "count", ctx.language, { compact: true })} (${percent(p.data.rate)})` },
        tooltip: { valueFormatter: (v: unknown) => formatValue(Number(v), "count", ctx.language) },
        data: result.steps.map((s) => ({ name: localized(s.label, ctx.language), value: s.value, rate: s.rate })),
      },
    ],
  };
}

/**
 * The cells a cohort grid's colour scale spans: all of them, except period 0 of a retention grid
 * (everyone, 100 %), which would wash out every later period. An LTV grid's period 0 is its
 * lowest value, so it stays (leaving it out drew the lowest cells outside the scale).
 */
export function cohortScale(result: CohortResult): { min: number; max: number } {
  const cells = result.cohorts.flatMap((c) => c.values.flatMap((v, k) => (v === null ? [] : [{ k, v }])));
  const everyone = result.unit === "percent" && cells.every((c) => c.k > 0 || c.v === 1);
  const values = (everyone && cells.some((c) => c.k > 0) ? cells.filter((c) => c.k > 0) : cells).map((c) => c.v);
  if (!values.length) return { min: 0, max: 1 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  // one value (a single cohort): a scale from zero still tells light from dark
  return min === max ? { min: Math.min(0, min), max: max === 0 ? 1 : max } : { min, max };
}

/** Signup cohorts down, periods since signup (weeks or months, as the result says) across, each cell coloured by its value. */
export function cohortOption(result: CohortResult, ctx: OptionContext, periodLabel: (n: number) => string): ChartOption {
  const width = Math.max(0, ...result.cohorts.map((c) => c.values.length));
  const rows = result.cohorts.map((c) => `${formatBucket(c.cohort, result.period === "month" ? "month" : "day", ctx.language)} (${formatValue(c.size, "count", ctx.language)})`);
  const cells = result.cohorts.flatMap((c, y) => c.values.flatMap((v, x) => (v === null ? [] : [[x, y, v]])));
  const scale = cohortScale(result);
  const fmt = (v: number) => formatValue(v, result.unit, ctx.language, { compact: true, currency: result.currency });
  return {
    tooltip: { confine: true, formatter: (p: { data: number[] }) => `${rows[p.data[1]!]}<br/>${periodLabel(p.data[0]!)}: <b>${fmt(p.data[2]!)}</b>` },
    grid: { left: 8, right: 80, top: 8, bottom: 8 },
    xAxis: { type: "category", data: Array.from({ length: width }, (_, i) => periodLabel(i)), splitArea: { show: true }, axisLabel: { fontSize: 12 } },
    yAxis: { type: "category", data: rows, inverse: true, splitArea: { show: true }, axisLabel: { fontSize: 12 } },
    visualMap: {
      ...scale,
      calculable: true,
      orient: "vertical",
      right: 0,
      top: "middle",
      itemHeight: 120,
      // a value outside the scale (the hover handles narrowed it) is drawn faintly, never left out
      inRange: { color: ["#e6f4ff", "#69b1ff", "#0958d9"] },
      outOfRange: { color: ["#f0f0f0"] },
      textStyle: { fontSize: 12 },
      formatter: (v: number) => fmt(v),
    },
    series: [
      {
        type: "heatmap",
        id: seriesId(result.name, null),
        data: cells,
        // dark text on light cells, light on dark: readable at 12 px on every step of the scale
        label: {
          show: width <= 16,
          fontSize: 12,
          formatter: (p: { data: number[] }) => fmt(p.data[2]!),
          color: "#1f1f1f",
          textBorderColor: "rgba(255,255,255,0.85)",
          textBorderWidth: 2,
        },
      },
    ],
  };
}

/** A KPI card's sparkline: no axes, no labels, just the shape. */
export function sparklineOption(result: SeriesResult, color: string): ChartOption {
  const points = result.series[0]?.points ?? [];
  return {
    grid: { left: 0, right: 0, top: 2, bottom: 2 },
    xAxis: { type: "category", show: false, data: points.map((p) => p.t), boundaryGap: false },
    yAxis: { type: "value", show: false, scale: true },
    series: [{ type: "line", data: points.map((p) => p.value), showSymbol: false, smooth: true, lineStyle: { width: 1.5, color }, areaStyle: { color, opacity: 0.12 } }],
  };
}

export const isSeries = (r: MetricResult | undefined): r is SeriesResult => r?.kind === "series";

import type { MetricResult, SeriesResult } from "../../api/types";
import type { Cell } from "../../components/charts/download";
import { seriesTable, type OptionContext } from "./chart-options";
import { localized } from "./metric-helpers";

/**
 * The rows a panel shows, as CSV cells: raw numbers (not formatted) so a spreadsheet can compute
 * with them, labels in the UI language. One table per panel, whatever its kind.
 */
export function resultRows(results: MetricResult[], ctx: OptionContext, options: { summary?: boolean } = {}): Cell[][] {
  const first = results[0];
  if (!first) return [];
  switch (first.kind) {
    case "funnel":
      return [["step", "label", "value", "rate"], ...first.steps.map((s) => [s.key, localized(s.label, ctx.language), s.value, s.rate])];
    case "cohort": {
      const width = Math.max(0, ...first.cohorts.map((c) => c.values.length));
      return [
        ["cohort", "size", ...Array.from({ length: width }, (_, i) => `period_${i}`)],
        ...first.cohorts.map((c) => [c.cohort, c.size, ...c.values]),
      ];
    }
    case "table":
      return [
        first.columns.map((c) => localized(c.label, ctx.language)),
        ...first.rows.map((row) => first.columns.map((c) => toCell(row[c.key]))),
      ];
    case "series": {
      const series = results.filter((r): r is SeriesResult => r.kind === "series");
      // a KPI card shows the period's value against the previous period; its sparkline is the series below
      if (options.summary) {
        return [
          ["metric", "from", "to", "value", "previous", "change"],
          ...series.map((r) => [r.name, r.from, r.to, r.total.value, r.total.previous, r.total.change]),
        ];
      }
      const { buckets, lines } = seriesTable(series, ctx);
      return [["t", ...lines.map((l) => l.name)], ...buckets.map((t, i) => [t, ...lines.map((l) => l.values[i])])];
    }
  }
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  return JSON.stringify(value);
}

import type { MetricResult, SeriesResult, Unit } from "../../api/types";
import type { Cell } from "../../components/charts/download";
import { seriesTable, type OptionContext } from "./chart-options";
import { localized } from "./metric-helpers";

const minorDigits = new Map<string, number>();

/** Money rounded to its currency's minor unit (cents for USD, whole yen for JPY); other values as they are. */
export function moneyCell(value: number | null | undefined, unit: Unit | undefined, currency = "USD"): number | null {
  if (value === null || value === undefined) return null;
  if (unit !== "currency") return value;
  let digits = minorDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigits.set(currency, digits);
  }
  const scale = 10 ** digits;
  // toFixed-free rounding half away from zero, with the binary noise (1.005 → 1.00499…) nudged out
  return (Math.sign(value) * Math.round(Math.abs(value) * scale + 1e-7)) / scale;
}

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
        ["cohort", "size", ...Array.from({ length: width }, (_, i) => `${first.period}_${i}`)],
        ...first.cohorts.map((c) => [c.cohort, c.size, ...c.values.map((v) => moneyCell(v, first.unit, first.currency))]),
      ];
    }
    case "table":
      return [
        first.columns.map((c) => localized(c.label, ctx.language)),
        ...first.rows.map((row) => first.columns.map((c) => (typeof row[c.key] === "number" ? moneyCell(row[c.key] as number, c.unit, first.currency) : toCell(row[c.key])))),
      ];
    case "series": {
      const series = results.filter((r): r is SeriesResult => r.kind === "series");
      // a KPI card shows the period's value against the previous period; its sparkline is the series below
      if (options.summary) {
        return [
          ["metric", "from", "to", "value", "previous", "change", "change_kind", "previous_data"],
          ...series.map((r) => [
            r.name,
            r.from,
            r.to,
            moneyCell(r.total.value, r.unit, r.currency),
            moneyCell(r.total.previous, r.unit, r.currency),
            r.total.change,
            r.total.changeKind,
            r.total.previousData,
          ]),
        ];
      }
      const { buckets, lines } = seriesTable(series, ctx);
      return [["t", ...lines.map((l) => l.name)], ...buckets.map((t, i) => [t, ...lines.map((l) => moneyCell(l.values[i], l.unit, l.currency))])];
    }
  }
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  return JSON.stringify(value);
}

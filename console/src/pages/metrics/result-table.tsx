import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import type { MetricResult, SeriesResult, Unit } from "../../api/types";
import { formatBucket, formatValue } from "../../components/charts/format-value";
import { seriesTable, type OptionContext } from "./chart-options";
import { localized } from "./metric-helpers";

type Row = Record<string, unknown> & { key: string };

interface Props {
  results: MetricResult[];
  ctx: OptionContext;
  /** rows shown (a tile's `limit`) */
  limit?: number;
  /** body height; the table scrolls inside it */
  height?: number;
  periodLabel: (n: number) => string;
}

/** The numbers behind any result as a table, formatted by unit: the explorer's table and table tiles. */
export function ResultTable({ results, ctx, limit, height, periodLabel }: Props) {
  const { t } = useTranslation();
  const first = results[0];
  if (!first) return null;
  const value = (unit: Unit | undefined, currency?: string) => (v: unknown) => (typeof v === "number" ? formatValue(v, unit, ctx.language, { currency }) : v === null || v === undefined ? "—" : String(v));
  let columns: ColumnsType<Row> = [];
  let rows: Row[] = [];
  switch (first.kind) {
    case "table":
      columns = first.columns.map((c) => ({ key: c.key, dataIndex: c.key, title: localized(c.label, ctx.language), render: value(c.unit, first.currency), align: c.unit ? "right" : "left" }));
      rows = first.rows.map((r, i) => ({ ...r, key: String(i) }));
      break;
    case "funnel":
      columns = [
        { key: "label", dataIndex: "label", title: t("metrics.table.step") },
        { key: "value", dataIndex: "value", title: t("metrics.table.value"), render: value("count"), align: "right" },
        { key: "rate", dataIndex: "rate", title: t("metrics.table.rate"), render: value("percent"), align: "right" },
      ];
      rows = first.steps.map((s) => ({ key: s.key, label: localized(s.label, ctx.language), value: s.value, rate: s.rate }));
      break;
    case "cohort": {
      const width = Math.max(0, ...first.cohorts.map((c) => c.values.length));
      columns = [
        { key: "cohort", dataIndex: "cohort", title: t("metrics.table.cohort"), fixed: "left", render: (cohort: string) => formatBucket(cohort, "day", ctx.language) },
        { key: "size", dataIndex: "size", title: t("metrics.table.size"), render: value("count"), align: "right" },
        ...Array.from({ length: width }, (_, i) => ({ key: `p${i}`, dataIndex: `p${i}`, title: periodLabel(i), render: value(first.unit, first.currency), align: "right" as const })),
      ];
      rows = first.cohorts.map((c) => ({ key: c.cohort, cohort: c.cohort, size: c.size, ...Object.fromEntries(c.values.map((v, i) => [`p${i}`, v])) }));
      break;
    }
    case "series": {
      const { buckets, lines } = seriesTable(results.filter((r): r is SeriesResult => r.kind === "series"), ctx);
      columns = [
        { key: "t", dataIndex: "t", title: t("metrics.table.period"), fixed: "left", render: (bucket: string) => formatBucket(bucket, first.grain, ctx.language) },
        ...lines.map((l) => ({ key: l.id, dataIndex: l.id, title: l.name, render: value(l.unit, l.currency), align: "right" as const })),
      ];
      rows = buckets.map((t, i) => ({ key: t, t, ...Object.fromEntries(lines.map((l) => [l.id, l.values[i]])) }));
      break;
    }
  }
  return (
    <Table<Row>
      size="small"
      columns={columns}
      dataSource={limit ? rows.slice(0, limit) : rows}
      pagination={false}
      scroll={{ x: "max-content", ...(height ? { y: height } : {}) }}
      data-testid="result-table"
    />
  );
}

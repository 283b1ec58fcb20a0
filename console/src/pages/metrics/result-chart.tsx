import { Empty } from "antd";
import { useMemo, type Ref } from "react";
import { useTranslation } from "react-i18next";
import type { MetricResult } from "../../api/types";
import { Chart, type ChartHandle } from "../../components/charts/chart";
import { cohortOption, donutOption, funnelOption, isSeries, seriesOption, type AxisViz, type OptionContext } from "./chart-options";
import { periodLabeller } from "./metric-helpers";
import { ResultTable } from "./result-table";

export type ChartViz = AxisViz | "donut" | "funnel" | "cohort_heatmap" | "table";

/** The visualisation a result can take: the one asked for if it fits the result's kind, else the kind's own. */
export function vizFor(results: MetricResult[], wanted: ChartViz): ChartViz {
  const kind = results[0]?.kind;
  if (kind === "funnel") return "funnel";
  if (kind === "cohort") return "cohort_heatmap";
  if (kind === "table") return "table";
  return wanted === "funnel" || wanted === "cohort_heatmap" || wanted === "table" ? "line" : wanted;
}

interface Props {
  results: MetricResult[];
  viz: ChartViz;
  ctx: OptionContext;
  height: number;
  limit?: number;
  chartRef?: Ref<ChartHandle>;
  /** a click on a series or slice, with the metric it belongs to */
  onPick?: (metric: string | undefined) => void;
  "data-testid"?: string;
}

/** One panel's results drawn as the tile (or the explorer) asks, or as a table when it is one. */
export function ResultChart({ results, viz: wanted, ctx, height, limit, chartRef, onPick, ...rest }: Props) {
  const { t } = useTranslation();
  const viz = vizFor(results, wanted);
  const periodLabel = periodLabeller(t, results[0]);
  const option = useMemo(() => {
    const first = results[0];
    if (!first) return undefined;
    if (first.kind === "funnel") return funnelOption(first, ctx);
    if (first.kind === "cohort") return cohortOption(first, ctx, periodLabeller(t, first));
    const series = results.filter(isSeries);
    if (!series.length) return undefined;
    if (viz === "donut") return donutOption(series, ctx);
    return seriesOption(series, viz as AxisViz, ctx);
  }, [results, viz, ctx, t]);

  if (!results.length || (results[0]?.kind === "series" && results.every((r) => isSeries(r) && r.series.every((s) => s.points.length === 0)))) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("metrics.noData")} style={{ height, margin: 0, paddingTop: height / 4 }} />;
  }
  if (viz === "table") return <ResultTable results={results} ctx={ctx} limit={limit} height={height - 40} periodLabel={periodLabel} />;
  if (!option) return null;
  return (
    <Chart
      ref={chartRef}
      option={option}
      height={height}
      onItemClick={onPick ? ({ seriesId }) => onPick(seriesId?.split("|")[0]) : undefined}
      data-testid={rest["data-testid"]}
    />
  );
}

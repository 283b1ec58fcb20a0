import { useCustom } from "@refinedev/core";
import { Alert, Card, Empty, Flex, Spin, Typography } from "antd";
import { useCallback, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { Dimension, MetricResult } from "../../api/types";
import type { ChartHandle } from "../../components/charts/chart";
import { AsOfBadge } from "../dashboards/as-of-badge";
import { goodDirectionOf } from "../dashboards/kpi-direction";
import { KpiTile } from "../dashboards/kpi-tile";
import { useDashboardStream } from "../dashboards/use-dashboard-stream";
import type { OptionContext } from "./chart-options";
import { valueLabel } from "./dimension-labels";
import { ExplorerPicker } from "./explorer-picker";
import { ExportButtons } from "./export-buttons";
import { DIMENSIONS, GRAINS, localized, periodLabeller } from "./metric-helpers";
import { ResultChart, type ChartViz } from "./result-chart";
import { ResultTable } from "./result-table";
import { useMetricCatalogue } from "./use-metric-catalogue";
import { apiQuery, readView, viewRange, withFilter, writeView, type ViewState } from "./view-params";
import { ViewToolbar } from "./view-toolbar";

const DEFAULTS = { preset: "last_30_days", grain: "day" };
const CHARTS = ["line", "area", "bar", "stacked_bar"] as const;

/** One metric at a time, any range, grain, group-by and filters; everything in the URL (`/explore?metric=…`). */
export function MetricExplorerPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { metrics, byName, labelOf, isLoading: catalogueLoading } = useMetricCatalogue();
  const chart = useRef<ChartHandle>(null);

  const name = params.get("metric") ?? "";
  const info = byName.get(name);
  const grains = info?.grains?.length ? info.grains : GRAINS;
  const view = readView(params, DEFAULTS);
  if (!grains.includes(view.grain)) view.grain = grains[0]!;
  const groupBy = params.get("groupBy") && (!info || info.groupBys.includes(params.get("groupBy") as never)) ? params.get("groupBy")! : undefined;
  const chartType = (CHARTS as readonly string[]).includes(params.get("chart") ?? "") ? (params.get("chart") as ChartViz) : "line";

  const range = viewRange(view);
  const query = { ...apiQuery(view), ...(groupBy ? { groupBy } : {}) };
  const { result, query: request } = useCustom<MetricResult>({
    url: `/api/metrics/${encodeURIComponent(name)}`,
    method: "get",
    config: { query },
    errorNotification: false,
    queryOptions: { enabled: Boolean(name), placeholderData: (previous) => previous },
  });
  const data = name && result.data && "kind" in result.data ? (result.data as MetricResult) : undefined;
  const results = useMemo(() => (data ? [data] : []), [data]);

  const refetch = request.refetch;
  const live = useDashboardStream(useCallback(() => void (name && refetch({ cancelRefetch: false })), [name, refetch]));
  const ctx = useMemo<OptionContext>(
    () => ({ language: i18n.language, labelOf, groupBy: groupBy as Dimension | undefined, labelOfValue: (d, v) => valueLabel(d, v, t, i18n.language) }),
    [i18n.language, labelOf, groupBy, t],
  );

  const update = (changes: Record<string, string | undefined>, nextView: ViewState = view) => {
    const next = writeView(params, nextView);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <Flex vertical gap={16} data-testid="metric-explorer">
      <Flex justify="space-between" align="baseline" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("metrics.title")}
        </Typography.Title>
        <Flex gap={12} align="center">
          {request.isFetching && <Spin size="small" />}
          <AsOfBadge asOf={data?.asOf} status={live} />
        </Flex>
      </Flex>
      <Card size="small">
        <Flex vertical gap={12}>
          <ExplorerPicker
            metrics={metrics}
            loading={catalogueLoading}
            metric={name}
            groupBy={groupBy}
            chart={chartType}
            charts={CHARTS}
            onChange={(changes) => update(changes)}
          />
          {info && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="metric-description">
              {localized(info.description, i18n.language)}
            </Typography.Paragraph>
          )}
          <ViewToolbar view={view} onChange={(next) => update({}, next)} onFilter={(d, v) => setParams(withFilter(new URLSearchParams(window.location.search), d, v))} dimensions={DIMENSIONS} grains={grains} />
        </Flex>
      </Card>
      {!name ? (
        <Card>
          <Empty description={t("metrics.pickMetric")} />
        </Card>
      ) : request.error && !data ? (
        <Alert type="error" showIcon message={t("metrics.loadFailed")} description={request.error.message} />
      ) : (
        <Card
          size="small"
          title={info ? localized(info.label, i18n.language) : name}
          extra={<ExportButtons results={results} ctx={ctx} chart={chart} stem={[name, groupBy, range.from.format("YYYY-MM-DD"), range.to.subtract(1, "day").format("YYYY-MM-DD")]} />}
          loading={!data}
        >
          {data?.kind === "series" && (
            <KpiTile result={data} good={goodDirectionOf(name, info?.goodDirection)} sparkline={false} delta height={60} />
          )}
          {data?.kind !== "table" && <ResultChart results={results} viz={chartType} ctx={ctx} height={360} chartRef={chart} data-testid="explorer-chart" />}
          <div style={{ height: 16 }} />
          <ResultTable results={results} ctx={ctx} height={data?.kind === "table" ? 480 : 320} periodLabel={periodLabeller(t, data)} />
        </Card>
      )}
    </Flex>
  );
}

import { DownloadOutlined, FileImageOutlined, MoreOutlined, SearchOutlined, WarningOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Dropdown, Empty, theme, Tooltip, Typography, type MenuProps } from "antd";
import { useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { DashboardTile, MetricInfo, MetricResult } from "../../api/types";
import type { ChartHandle } from "../../components/charts/chart";
import { downloadCsv, downloadUrl, fileName } from "../../components/charts/download";
import { formatValue } from "../../components/charts/format-value";
import { usePreferences } from "../../providers/preferences";
import { isSeries, type OptionContext } from "../metrics/chart-options";
import { exploreHref } from "../metrics/explore-link";
import { localized } from "../metrics/metric-helpers";
import { ResultChart, vizFor } from "../metrics/result-chart";
import { resultRows } from "../metrics/result-csv";
import { viewRange, type ViewState } from "../metrics/view-params";
import { ROW_HEIGHT } from "./dashboard-helpers";
import { changeText } from "./kpi-change";
import { kpiPng } from "./kpi-png";
import { changeTone, goodDirectionOf } from "./kpi-direction";
import { KpiTile } from "./kpi-tile";

const HEADER = 38;
/** two lines of 15 px fit the 38 px header */
const KPI_TITLE = { fontSize: 13, lineHeight: "15px", display: "-webkit-box", WebkitBoxOrient: "vertical", WebkitLineClamp: 2, overflow: "hidden", wordBreak: "break-word" } as const;
const GUTTER = 12;

interface Props {
  slug: string;
  tile: DashboardTile;
  results: MetricResult[] | undefined;
  view: ViewState;
  ctx: OptionContext;
  catalogue: Map<string, MetricInfo>;
  /** why some or all of the tile's metrics are missing */
  error?: string;
}

/** One tile: its title, its visualisation, and a menu to explore its metric or export what it shows. */
export function TileCard({ slug, tile, results = [], view, ctx: pageCtx, catalogue, error }: Props) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const { colorMode } = usePreferences();
  const navigate = useNavigate();
  const chart = useRef<ChartHandle>(null);
  const ctx = useMemo(() => ({ ...pageCtx, groupBy: tile.groupBy }), [pageCtx, tile.groupBy]);
  const metric = tile.metrics[0]!;
  const title = tile.title ? localized(tile.title, i18n.language) : tile.metrics.map(ctx.labelOf).join(" · ");
  const height = tile.layout.h * ROW_HEIGHT - GUTTER;
  const bodyHeight = height - HEADER - 24;
  const first = results[0];
  const kpi = tile.viz === "kpi" && isSeries(first) ? first : undefined;
  const viz = vizFor(results, tile.viz === "kpi" ? "line" : tile.viz);
  const good = goodDirectionOf(metric, catalogue.get(metric)?.goodDirection);

  const explore = (name: string = metric) => navigate(exploreHref(name, view, tile.groupBy));
  const range = viewRange(view);
  const stem = [slug, tile.id, range.from.format("YYYY-MM-DD"), range.to.subtract(1, "day").format("YYYY-MM-DD")];
  const exportCsv = () => downloadCsv(fileName(stem, "csv"), resultRows(results, ctx, { summary: Boolean(kpi) }));
  const toneColor = { good: token.colorSuccess, bad: token.colorError, flat: token.colorTextSecondary };
  const delta = kpi ? changeText(kpi, t, i18n.language) : undefined;
  const exportPng = () => {
    const background = token.colorBgContainer;
    const url = kpi
      ? kpiPng(kpi, {
          label: title,
          value: formatValue(kpi.total.value, kpi.unit, i18n.language, { currency: kpi.currency }),
          delta: delta ? (delta.comparable ? `${delta.text} ${t("dashboards.vsPrevious")}` : delta.text) : "",
          colors: { background, text: token.colorText, secondary: token.colorTextSecondary, delta: toneColor[delta?.comparable ? changeTone(kpi.total.change, good) : "flat"], line: token.colorPrimary },
          dark: colorMode === "dark",
        })
      : chart.current?.instance()?.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: background });
    if (url) downloadUrl(fileName(stem, "png"), url);
  };

  const items: MenuProps["items"] = [
    { key: "explore", icon: <SearchOutlined />, label: t("dashboards.explore"), onClick: () => explore() },
    { key: "csv", icon: <DownloadOutlined />, label: t("dashboards.exportCsv"), disabled: !first, onClick: exportCsv },
    // a table has no picture worth exporting: CSV is its export
    ...(viz === "table" && !kpi ? [] : [{ key: "png", icon: <FileImageOutlined />, label: t("dashboards.exportPng"), disabled: !first, onClick: exportPng }]),
  ];

  return (
    <Card
      size="small"
      data-testid={`tile-${tile.id}`}
      style={{ height }}
      // a KPI card's title may take two lines: six cards a row at 1440 px cut "Daily active users (DAU)" short
      styles={{ header: { minHeight: HEADER, height: HEADER }, title: kpi ? { whiteSpace: "normal", overflow: "visible" } : undefined, body: { padding: 12, height: height - HEADER } }}
      title={
        <Tooltip title={tile.metrics.map((m) => localized(catalogue.get(m)?.description, i18n.language)).filter(Boolean).join(" · ") || undefined} placement="topLeft">
          {kpi ? (
            <Typography.Text type="secondary" style={KPI_TITLE} data-testid="tile-title">
              {title}
            </Typography.Text>
          ) : (
            <Typography.Text strong ellipsis style={{ fontWeight: 600 }} data-testid="tile-title">
              {title}
            </Typography.Text>
          )}
        </Tooltip>
      }
      extra={
        <>
          {error && first && (
            <Tooltip title={error}>
              <WarningOutlined style={{ color: token.colorWarning, marginRight: 4 }} aria-label={t("dashboards.tileFailed")} />
            </Tooltip>
          )}
          <Dropdown menu={{ items }} trigger={["click"]}>
            <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t("dashboards.tileMenu", { title })} data-testid="tile-menu" />
          </Dropdown>
        </>
      }
    >
      {error && !first ? (
        <Alert type="warning" showIcon message={t("dashboards.tileFailed")} description={error} data-testid="tile-error" />
      ) : !first ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("metrics.noData")} style={{ margin: 0 }} />
      ) : kpi ? (
        <div role="link" tabIndex={0} style={{ cursor: "pointer" }} onClick={() => explore()} onKeyDown={(e) => e.key === "Enter" && explore()}>
          <KpiTile result={kpi} good={good} sparkline={tile.sparkline !== false} delta={tile.delta !== false} height={bodyHeight} />
        </div>
      ) : (
        <ResultChart results={results} viz={viz} ctx={ctx} height={bodyHeight} limit={tile.limit} chartRef={chart} onPick={(name) => explore(name ?? metric)} />
      )}
    </Card>
  );
}

import { useCustom } from "@refinedev/core";
import { Alert, Col, Flex, Row, Skeleton, Spin, Typography } from "antd";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import type { DashboardResponse, DashboardTile } from "../../api/types";
import type { OptionContext } from "../metrics/chart-options";
import { localized } from "../metrics/metric-helpers";
import { useMetricCatalogue } from "../metrics/use-metric-catalogue";
import { apiQuery, readView, withFilter, writeView, type ViewState } from "../metrics/view-params";
import { ViewToolbar } from "../metrics/view-toolbar";
import { valueLabel } from "../metrics/dimension-labels";
import { AsOfBadge } from "./as-of-badge";
import { TileCard } from "./tile-card";
import { useDashboardStream } from "./use-dashboard-stream";

/** Defaults learnt per dashboard, so a second visit asks for the right range at once. */
const knownDefaults = new Map<string, { preset: string; grain: string }>();
const FALLBACK = { preset: "last_30_days", grain: "day" };

/** `xl` spans and offsets reproduce the 24-column layout; narrower screens stack the tiles. */
function placed(tiles: DashboardTile[]) {
  const sorted = [...tiles].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
  let band = -1;
  let end = 0;
  return sorted.map((tile) => {
    if (tile.layout.y !== band) {
      band = tile.layout.y;
      end = 0;
    }
    const offset = Math.max(0, tile.layout.x - end);
    end = tile.layout.x + tile.layout.w;
    return { tile, offset };
  });
}

export function DashboardShowPage() {
  const { slug = "" } = useParams();
  // a dashboard's own defaults are state of its page: another slug starts afresh
  return <DashboardView key={slug} slug={slug} />;
}

function DashboardView({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { byName, labelOf } = useMetricCatalogue();
  const [defaults, setDefaults] = useState(() => knownDefaults.get(slug) ?? FALLBACK);
  const view = readView(params, defaults);
  const query = apiQuery(view);

  const { result, query: request } = useCustom<DashboardResponse>({
    url: `/api/dashboards/${encodeURIComponent(slug)}`,
    method: "get",
    config: { query },
    errorNotification: false,
    queryOptions: { placeholderData: (previous) => previous },
  });
  const response = result.data && "dashboard" in result.data ? (result.data as DashboardResponse) : undefined;
  const dashboard = response?.dashboard;

  // The first answer tells this dashboard's defaults; a URL without a range then asks again with them.
  const explicit = params.has("preset") || params.has("from");
  const actual = dashboard?.defaults;
  const guessedWrong = !explicit && actual !== undefined && (actual.preset !== defaults.preset || actual.grain !== defaults.grain);
  useEffect(() => {
    if (!actual) return;
    knownDefaults.set(slug, actual);
    if (guessedWrong) setDefaults(actual);
  }, [slug, actual, guessedWrong]);

  const refetch = request.refetch;
  // a burst of `data` events joins the request in flight rather than restarting it
  const live = useDashboardStream(useCallback(() => void refetch({ cancelRefetch: false }), [refetch]));
  const setView = (next: ViewState) => setParams(writeView(params, next));
  const ctx = useMemo<OptionContext>(
    () => ({ language: i18n.language, labelOf, labelOfValue: (d, v) => valueLabel(d, v, t, i18n.language) }),
    [i18n.language, labelOf, t],
  );

  if (request.error && !dashboard) {
    const status = (request.error as { statusCode?: number }).statusCode;
    return <Alert type="error" showIcon message={t(status === 404 ? "dashboards.notFound" : "dashboards.loadFailed")} description={request.error.message} />;
  }
  if (!dashboard || guessedWrong || (request.isPlaceholderData && !explicit)) return <Skeleton active paragraph={{ rows: 8 }} />;

  return (
    <Flex vertical gap={16} data-testid="dashboard" data-slug={slug}>
      <Flex justify="space-between" align="baseline" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {localized(dashboard.title, i18n.language)}
          </Typography.Title>
          {dashboard.description && <Typography.Text type="secondary">{localized(dashboard.description, i18n.language)}</Typography.Text>}
        </div>
        <Flex gap={12} align="center">
          {request.isFetching && <Spin size="small" data-testid="dashboard-loading" />}
          <AsOfBadge asOf={response?.asOf} status={live} />
        </Flex>
      </Flex>
      <ViewToolbar view={view} onChange={setView} onFilter={(d, v) => setParams(withFilter(new URLSearchParams(window.location.search), d, v))} dimensions={dashboard.filters} />
      <Row gutter={[12, 12]}>
        {placed(dashboard.tiles).map(({ tile, offset }) => (
          <Col key={tile.id} xs={24} md={tile.layout.w <= 6 ? 12 : 24} xl={{ span: tile.layout.w, offset }}>
            <TileCard slug={slug} tile={tile} results={response?.panels[tile.id]} view={view} ctx={ctx} catalogue={byName} error={response?.errors?.[tile.id]} />
          </Col>
        ))}
      </Row>
    </Flex>
  );
}

/** @ist/dashboards: dashboards as code (`dashboards/<slug>.yaml`), their schema and loader. */
export { DIMENSIONS, METRIC_NAMES, isMetricName, type Dimension, type MetricName } from "./metric-names";
export { DATE_PRESETS, GRAINS, GRID_COLUMNS, VISUALISATIONS, dashboardSchema, type Dashboard, type Tile, type TileLayout, type Visualisation } from "./schema";
export { DASHBOARDS_DIR, DashboardError, DashboardsError, getDashboard, loadDashboards, metricsOf, parseDashboard, type DashboardIssue, type LoadOptions } from "./load";

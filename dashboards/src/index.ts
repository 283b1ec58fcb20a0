/**
 * @ist/dashboards: dashboards as code (`dashboards/<slug>.yaml`), their schema and loader. Metric
 * names, dimensions and grains are `@ist/warehouse`'s (getMetric, listMetrics, DIMENSIONS, GRAINS).
 */
export { DATE_PRESETS, GRID_COLUMNS, VISUALISATIONS, dashboardSchema, type Dashboard, type Tile, type TileLayout, type Visualisation } from "./schema";
export { DASHBOARDS_DIR, DashboardError, DashboardsError, getDashboard, loadDashboards, metricsOf, parseDashboard, type DashboardIssue, type LoadOptions } from "./load";

import type { Dimension, Direction, Localized, MetricResult } from "../metrics/metric-types";

export type Visualisation = "kpi" | "line" | "area" | "bar" | "stacked_bar" | "donut" | "funnel" | "cohort_heatmap" | "table";

/** A tile of `dashboards/<slug>.yaml`, placed on a 24-column grid (`h` in rows of ROW_HEIGHT px). */
export interface DashboardTile {
  id: string;
  title?: Localized;
  viz: Visualisation;
  metrics: string[];
  groupBy?: Dimension;
  sparkline?: boolean;
  delta?: boolean;
  limit?: number;
  /** which way is better for a KPI's delta colour; up unless the tile or the metric says down */
  goodDirection?: Direction;
  layout: { x: number; y: number; w: number; h: number };
}

export interface DashboardDefinition {
  version: number;
  slug: string;
  title: Localized;
  description?: Localized;
  filters: Dimension[];
  defaults: { preset: string; grain: string };
  tiles: DashboardTile[];
}

/** `GET /api/dashboards/:slug`: the definition and every tile's results (one per tile metric). */
export interface DashboardResponse {
  dashboard: DashboardDefinition;
  asOf: string;
  panels: Record<string, MetricResult[]>;
  /** tiles whose metrics could not be computed, with the reason; the rest of the dashboard still shows */
  errors?: Record<string, string>;
}

/** An entry of `GET /api/dashboards`. */
export interface DashboardSummary {
  slug: string;
  title: Localized;
  description?: Localized;
  tiles: number;
}

export const ROW_HEIGHT = 52;

/** The dashboard the home page and the menu point operators to first. */
export const HOME_DASHBOARD = "operations-overview";

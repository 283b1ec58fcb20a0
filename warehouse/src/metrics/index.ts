/**
 * The metrics library: a catalogue of named metrics with exact definitions, evaluated over the
 * lake (rollups where they serve, raw events otherwise) in the reporting time zone.
 */
export { ACTIVE_TYPES, PURCHASE_TYPES, STREAM_TYPES } from "./blocks.js";
export type { MetricDef } from "./define.js";
export { change, changeKindOf, checkQuery, dependencies, evaluateMetric, MAX_GROUPS, withEarlierData, type Resolve } from "./evaluate.js";
export { REPORTING_CURRENCY } from "./plan.js";
export { getMetric, listMetrics, metricInfo, METRICS } from "./registry.js";
export { firstEventDay, rollupsReady } from "./ready.js";
export { dimensionValues, MAX_DIMENSION_VALUES, resolveFilterValue, type DimensionValue } from "./dimension-values.js";
export { metricSeriesFetcher, type SeriesFetcher, type SeriesRequest } from "./series-fetcher.js";
export {
  DIMENSIONS,
  GRAINS,
  MetricInputError,
  UNITS,
  type CohortResult,
  type Dimension,
  type Filters,
  type FunnelResult,
  type Grain,
  type Localized,
  type MetricEnv,
  type MetricInfo,
  type MetricKind,
  type MetricQuery,
  type MetricResult,
  type MetricsReader,
  type Point,
  type SeriesResult,
  type TableResult,
  type Unit,
} from "./types.js";
export { buildWindow, lastDays, localMidnight, MAX_DAYS, MAX_HOURLY_DAYS, presetWindow, type Window } from "./window.js";

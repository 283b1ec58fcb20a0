/**
 * @ist/warehouse: the Parquet lake (layout, WAL ingestion, flush, compaction), the DuckDB read
 * pool, and the synthetic platform generator. warehouse/README.md documents the lake's schema.
 */
export {
  EVENT_COLUMNS,
  USER_COLUMNS,
  EMPTY_EVENTS_SQL,
  EMPTY_USERS_SQL,
  dtOf,
  ensureLake,
  lakeLayout,
  type EventColumn,
  type LakeLayout,
} from "./lake/layout.js";
export {
  EVENT_TYPES,
  EventEnvelope,
  MAX_EVENTS_PER_BATCH,
  MAX_FUTURE_MS,
  MONEY_PROP,
  PropsByType,
  propsOf,
  validateBatch,
  validateEvent,
  type BatchError,
  type EventRow,
  type EventType,
  type ValidatedBatch,
  type ValidateOptions,
} from "./events/schema.js";
export { DEFAULT_MIN_TIMESTAMP, EVENT_CHECKS, eventCheckReason, safeStrings, type EventCheck } from "./events/checks.js";
export { RecentIds, type RecentIdsOptions } from "./lake/dedupe.js";
export { recentEventIds } from "./lake/recent-ids.js";
export { LockBusyError, PidLock } from "./lake/fsx.js";
export { Wal, readSegment, type AppendResult, type WalOptions, type WalSegment } from "./lake/wal.js";
export { Flusher, flushSegments, type FlusherOptions, type FlushResult } from "./lake/flush.js";
export { compactDay, compactLake, listDays, type CompactDayResult, type CompactOptions } from "./lake/compact.js";
export { openDuckDB, type DuckDBOptions } from "./lake/duckdb.js";
export { BatchTooLargeError, ingestBatch, type IngestResult } from "./ingest.js";
export {
  QueryError,
  QueryPool,
  assertReadOnlySelect,
  plainConverter,
  type QueryErrorCode,
  type QueryParam,
  type QueryParams,
  type QueryPoolOptions,
  type Row,
} from "./query.js";
export {
  generate,
  SyntheticPlatform,
  toIngestEvent,
  writePlatformUsers,
  type GenerateOptions,
  type GenerateResult,
  type Partner,
  type PlatformEvent,
  type PlatformOptions,
  type Truth,
} from "./generator/index.js";
export { CHURN_DRIVERS, EXPERIMENTS, PLANS } from "./generator/catalog.js";
export { LiveEvents, type LiveEvent, type LiveEventsOptions } from "./generator/live.js";
export {
  rebuildRollups,
  RollupMaintainer,
  ROLLUP_FORMAT,
  rollupLayout,
  type RollupMaintainerOptions,
  type RollupRunResult,
} from "./rollups/index.js";
// what else happened in a window (an alert firing's context), as lake rows
export { campaignsSent, CONTEXT_SOURCES, experimentsStarted, firingContext, type ContextSource, type ContextWindow } from "./context/index.js";
// the metrics catalogue (warehouse/src/metrics/): definitions, evaluation, windows in REPORTING_TZ
export * from "./metrics/index.js";
// what a commission settlement reads from the lake (the referrals, revenue, first deposits and reversals of a period)
export * from "./commissions/index.js";

import { activationFunnel, nps } from "./catalog/engagement.js";
import { MONEY_METRICS } from "./catalog/money.js";
import { ltvByCohort, RECURRING_METRICS } from "./catalog/recurring.js";
import { cohortRetentionWeekly, RETENTION_METRICS } from "./catalog/retention.js";
import { REVENUE_METRICS } from "./catalog/revenue.js";
import { topLeaders, TRADING_METRICS } from "./catalog/trading.js";
import { USER_METRICS } from "./catalog/users.js";
import type { MetricDef } from "./define.js";
import type { MetricInfo } from "./types.js";

/** The catalogue: every metric by name, grouped the way the console lists them. */
export const METRICS: readonly MetricDef[] = [
  ...USER_METRICS,
  ...RETENTION_METRICS,
  activationFunnel,
  cohortRetentionWeekly,
  ...REVENUE_METRICS,
  ...RECURRING_METRICS,
  ltvByCohort,
  ...MONEY_METRICS,
  ...TRADING_METRICS,
  topLeaders,
  nps,
];

const byName = new Map(METRICS.map((m) => [m.name, m]));

export function getMetric(name: string): MetricDef | undefined {
  return byName.get(name);
}

/** What `GET /api/metrics` lists: everything but the SQL. */
export function metricInfo(def: MetricDef): MetricInfo {
  const { name, label, description, unit, kind, grains, groupBys, goodDirection, currency } = def;
  return { name, label, description, unit, kind, grains, groupBys, ...(goodDirection ? { goodDirection } : {}), ...(currency ? { currency } : {}) };
}

export function listMetrics(): MetricInfo[] {
  return METRICS.map(metricInfo);
}

/**
 * The metric catalogue's names, fixed here until `warehouse/src/metrics/` lands: the metrics library
 * implements exactly these, and dashboards and alerts validate against this list until then.
 */
export const METRIC_NAMES = [
  "registered_users",
  "new_users",
  "daily_active_users",
  "weekly_active_users",
  "monthly_active_users",
  "stickiness_dau_mau",
  "retention_d1",
  "retention_d7",
  "retention_d30",
  "churn_rate",
  "activation_funnel",
  "paying_users",
  "conversion_to_paid",
  "mrr",
  "arr",
  "arpu",
  "arppu",
  "revenue_total",
  "revenue_subscriptions",
  "revenue_trading_fees",
  "revenue_advertising",
  "revenue_ai_services",
  "revenue_data_services",
  "revenue_virtual_goods",
  "refunds",
  "chargebacks",
  "deposits",
  "withdrawals",
  "net_deposits",
  "trading_volume",
  "trades",
  "active_traders",
  "active_copiers",
  "copied_volume",
  "leaders_with_followers",
  "nps",
  "cohort_retention_weekly",
  "ltv_by_cohort",
  "top_leaders",
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export function isMetricName(value: string): value is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(value);
}

/** Dimensions a dashboard, a metric query or an alert may filter or group by. */
export const DIMENSIONS = ["country", "channel", "device", "tier", "partner"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

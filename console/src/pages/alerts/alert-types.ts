import type { Role } from "../../providers/session";

/** What `/api/alerts` answers and accepts (api/src/modules/alerts/alerts.schemas.ts). */

export const ALERT_KINDS = ["threshold", "pct_change", "anomaly"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_OPERATORS = ["gt", "gte", "lt", "lte", "abs_gt"] as const;
export type AlertOperator = (typeof ALERT_OPERATORS)[number];
/** anomaly rules take a direction, not a comparison */
export const ANOMALY_OPERATORS: readonly AlertOperator[] = ["gt", "lt", "abs_gt"];
export const ALERT_COMPARISONS = ["previous_period", "same_period_last_week"] as const;
export type AlertComparison = (typeof ALERT_COMPARISONS)[number];
export const ALERT_SENSITIVITIES = ["low", "medium", "high"] as const;
export type AlertSensitivity = (typeof ALERT_SENSITIVITIES)[number];
export const ALERT_GRAINS = ["hour", "day"] as const;
export type AlertGrain = (typeof ALERT_GRAINS)[number];
export type AlertState = "ok" | "pending" | "firing" | "resolved";
export const FILTER_DIMENSIONS = ["country", "channel", "device", "tier", "partner"] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

export interface AlertRule {
  id: number;
  name: string;
  metric: string;
  filters: Partial<Record<FilterDimension, string[]>>;
  kind: AlertKind;
  operator: AlertOperator;
  threshold: number | null;
  comparison: AlertComparison | null;
  sensitivity: AlertSensitivity | null;
  grain: AlertGrain;
  forMinutes: number;
  enabled: boolean;
  bellRoles: Role[];
  emailTo: string[];
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  muted: boolean;
  snoozedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  state: AlertState;
  stateSince: string | null;
  lastValue: number | null;
  lastBaseline: number | null;
  lastEvaluatedAt: string | null;
  lastError: string | null;
}

export type Delivery = { status: "sent"; detail?: string } | { status: "skipped"; reason: string } | { status: "failed"; error: string };

export interface AlertEvent {
  id: number;
  ruleId: number;
  kind: "firing" | "resolved" | "test";
  fromState: AlertState | null;
  toState: AlertState | null;
  value: number | null;
  baseline: number | null;
  context: Record<string, unknown>;
  deliveries: Record<string, Delivery>;
  at: string;
}

/** The form's values: what POST/PATCH take, with the filters as one text box per dimension. */
export type AlertFormValues = Omit<AlertRule, "id" | "hasWebhookSecret" | "createdAt" | "updatedAt" | "state" | "stateSince" | "lastValue" | "lastBaseline" | "lastEvaluatedAt" | "lastError" | "snoozedUntil"> & {
  webhookSecret?: string | null;
};

/**
 * Until `GET /api/metrics` answers, the rule form offers the catalogue's fixed names
 * (dashboards/src/metric-names.ts); the api checks the same list.
 */
export const FALLBACK_METRICS = [
  "registered_users", "new_users", "daily_active_users", "weekly_active_users", "monthly_active_users", "stickiness_dau_mau",
  "retention_d1", "retention_d7", "retention_d30", "churn_rate", "activation_funnel", "paying_users", "conversion_to_paid",
  "mrr", "arr", "arpu", "arppu", "revenue_total", "revenue_subscriptions", "revenue_trading_fees", "revenue_advertising",
  "revenue_ai_services", "revenue_data_services", "revenue_virtual_goods", "refunds", "chargebacks", "deposits", "withdrawals",
  "net_deposits", "trading_volume", "trades", "active_traders", "active_copiers", "copied_volume", "leaders_with_followers",
  "nps", "cohort_retention_weekly", "ltv_by_cohort", "top_leaders",
] as const;

/** Why a rule is quiet right now, if it is: muted beats snoozed; a snooze in the past is over. */
export function silenceOf(rule: Pick<AlertRule, "muted" | "snoozedUntil">, now: number = Date.now()): "muted" | "snoozed" | null {
  if (rule.muted) return "muted";
  if (rule.snoozedUntil && Date.parse(rule.snoozedUntil) > now) return "snoozed";
  return null;
}

/** Only the fields the chosen kind uses: a rule switched to anomaly drops its threshold, and so on. */
export function toRuleBody(values: AlertFormValues): Partial<AlertFormValues> {
  const { webhookSecret, filters, ...rest } = values;
  const cleanFilters = Object.fromEntries(Object.entries(filters ?? {}).filter(([, v]) => Array.isArray(v) && v.length > 0));
  const operator = values.kind === "anomaly" && (values.operator === "gte" || values.operator === "lte") ? (values.operator === "gte" ? "gt" : "lt") : values.operator;
  return {
    ...rest,
    operator,
    filters: cleanFilters,
    threshold: values.kind === "anomaly" ? null : (values.threshold ?? null),
    comparison: values.kind === "pct_change" ? (values.comparison ?? null) : null,
    sensitivity: values.kind === "anomaly" ? (values.sensitivity ?? "medium") : null,
    webhookUrl: values.webhookUrl ? values.webhookUrl : null,
    emailTo: values.emailTo ?? [],
    // an empty secret box on edit means "keep the stored one"
    ...(webhookSecret ? { webhookSecret } : {}),
  };
}

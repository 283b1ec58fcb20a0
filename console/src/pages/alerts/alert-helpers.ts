import { members, type AlertComparison, type AlertEvent, type AlertGrain, type AlertKind, type AlertInput, type AlertOperator, type AlertRule, type AlertSensitivity, type Delivery, type Dimension, type Grain } from "../../api/types";

export const ALERT_KINDS = members<AlertKind>()(["threshold", "pct_change", "anomaly"]);
export const ALERT_OPERATORS = members<AlertOperator>()(["gt", "gte", "lt", "lte", "abs_gt"]);
/** anomaly rules take a direction, not a comparison */
export const ANOMALY_OPERATORS: readonly AlertOperator[] = ["gt", "lt", "abs_gt"];
export const ALERT_COMPARISONS = members<AlertComparison>()(["previous_period", "same_period_last_week"]);
export const ALERT_SENSITIVITIES = members<AlertSensitivity>()(["low", "medium", "high"]);
export const ALERT_GRAINS = members<AlertGrain>()(["hour", "day"]);

/** The grains of a metric a rule can be judged at: the metric's own, of those the evaluator runs (the api refuses others). */
export function alertGrainsOf(metricGrains: readonly Grain[]): AlertGrain[] {
  return ALERT_GRAINS.filter((g) => metricGrains.includes(g));
}

/** The grain a new rule starts at, as the api defaults it: the day when the metric has it, else its finest. */
export function defaultAlertGrain(grains: readonly AlertGrain[]): AlertGrain | undefined {
  return grains.includes("day") ? "day" : grains[0];
}
/** a rule filters by the metric library's dimensions */
export const FILTER_DIMENSIONS = members<Dimension>()(["country", "channel", "device", "tier", "partner"]);

/** The form's values: what POST takes (PATCH any part of it), with the filters as one text box per dimension. */
export type AlertFormValues = AlertInput;

const DELIVERY_STATUSES = new Set(["sent", "skipped", "failed"]);

/** The channels an event was delivered on, each with its outcome; entries of another shape are left out. */
export function deliveriesOf(event: Pick<AlertEvent, "deliveries">): [channel: string, delivery: Delivery][] {
  return Object.entries(event.deliveries ?? {}).filter((entry): entry is [string, Delivery] => {
    const value: unknown = entry[1];
    return typeof value === "object" && value !== null && DELIVERY_STATUSES.has(String((value as { status?: unknown }).status));
  });
}

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

type T = (key: string, options?: Record<string, unknown>) => string;

/** The evaluator's reasons for judging nothing (jobs/src/alerts/engine.ts `noData`), each with its words in the UI language. */
const NO_DATA: [RegExp, string][] = [
  [/^no data: no complete bucket in the series$/, "noBucket"],
  [/^no data: no value to compare with$/, "noComparison"],
  [/^no data: needs (?<need>\d+) weeks of history, has (?<has>\d+)$/, "noHistory"],
  [/^grain: (?<metric>\S+) is not available by (?<grain>\w+)/, "noGrain"],
];

/** A rule's `lastError` in the UI language when it is one the evaluator is known to write; otherwise as the server wrote it. */
export function lastErrorText(error: string, t: T): string {
  for (const [pattern, key] of NO_DATA) {
    const match = pattern.exec(error);
    if (!match) continue;
    const groups = { ...match.groups };
    if (groups.grain) groups.grain = t(`alerts.grains.${groups.grain}`, { defaultValue: groups.grain });
    return t(`alerts.errors.${key}`, { ...groups, defaultValue: error });
  }
  return error;
}

/** Why a channel was skipped, as the evaluator writes it (jobs/src/alerts/deliver.ts, engine.ts), → its words in the UI language. */
const SKIP_REASONS: Record<string, string> = {
  "no recipients": "noRecipients",
  "no enabled user to notify": "noEnabledUser",
  "no webhook": "noWebhook",
  "no email recipients": "noEmail",
  "SMTP_URL is not configured": "noSmtp",
  muted: "muted",
  snoozed: "snoozed",
  silent: "silent",
};

/** A delivery's detail for its tooltip: a skip reason or a failure in the UI language when known, else as recorded. */
export function deliveryDetail(d: Delivery, t: T): string | undefined {
  if (d.status === "failed") return d.error;
  if (d.status === "sent") return d.detail?.replace(/^(\d+) user\(s\)$/, (_, n: string) => t("alerts.deliveryDetail.users", { count: Number(n) }));
  const key = SKIP_REASONS[d.reason];
  return key ? t(`alerts.skipReasons.${key}`, { defaultValue: d.reason }) : d.reason;
}

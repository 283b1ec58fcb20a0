import { bigint, boolean, index, integer, jsonb, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { sealedTextArray } from "../pii";
import { users, type Role } from "./auth";

export const ALERT_KINDS = ["threshold", "pct_change", "anomaly"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** threshold: value vs threshold; pct_change: % change vs threshold; anomaly: direction of the deviation (`abs_gt`: either). */
export const ALERT_OPERATORS = ["gt", "gte", "lt", "lte", "abs_gt"] as const;
export type AlertOperator = (typeof ALERT_OPERATORS)[number];
export const ALERT_COMPARISONS = ["previous_period", "same_period_last_week"] as const;
export type AlertComparison = (typeof ALERT_COMPARISONS)[number];
export const ALERT_SENSITIVITIES = ["low", "medium", "high"] as const;
export type AlertSensitivity = (typeof ALERT_SENSITIVITIES)[number];
export const ALERT_GRAINS = ["hour", "day"] as const;
export type AlertGrain = (typeof ALERT_GRAINS)[number];
/** `unevaluated`: the rule has not been judged yet (new, or every evaluation so far failed or found no data). */
export const ALERT_STATES = ["unevaluated", "ok", "pending", "firing", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];
/** `test` marks a test notification sent by hand, not a change of state. */
export type AlertEventKind = "firing" | "resolved" | "test";

export type AlertFilters = Record<string, string[]>;

export const alertRules = pgTable(
  "alert_rules",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    metric: text("metric").notNull(),
    filters: jsonb("filters").$type<AlertFilters>().notNull().default({}),
    kind: text("kind").$type<AlertKind>().notNull(),
    operator: text("operator").$type<AlertOperator>().notNull(),
    // a metric value for threshold, a percentage for pct_change; unused by anomaly
    threshold: numeric("threshold"),
    comparison: text("comparison").$type<AlertComparison>(),
    sensitivity: text("sensitivity").$type<AlertSensitivity>(),
    grain: text("grain").$type<AlertGrain>().notNull(),
    forMinutes: integer("for_minutes").notNull().default(0),
    enabled: boolean("enabled").notNull().default(true),
    // the console bell notifies the enabled users holding any of these roles
    bellRoles: jsonb("bell_roles").$type<Role[]>().notNull().default([]),
    // recipients are personal data: each address sealed with the field cipher
    emailTo: sealedTextArray("email_to").notNull().default(sql`'[]'::jsonb`),
    webhookUrl: text("webhook_url"),
    // FieldCipher (AES-256-GCM) with ENCRYPTION_KEY: a leaked table does not let anyone forge signatures
    webhookSecretEnc: text("webhook_secret_enc"),
    muted: boolean("muted").notNull().default(false),
    snoozedUntil: timestamp("snoozed_until", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_rules_created_by_idx").on(t.createdBy), index("alert_rules_metric_idx").on(t.metric)],
);

/** One row per rule: where its state machine stands after the last evaluation. */
export const alertStates = pgTable("alert_states", {
  ruleId: integer("rule_id")
    .primaryKey()
    .references(() => alertRules.id, { onDelete: "cascade" }),
  state: text("state").$type<AlertState>().notNull().default("ok"),
  since: timestamp("since", { withTimezone: true }).notNull().defaultNow(),
  lastValue: numeric("last_value"),
  lastBaseline: numeric("last_baseline"),
  lastEvaluatedAt: timestamp("last_evaluated_at", { withTimezone: true }),
  // why the last evaluation could not run (unknown metric, lake unreadable); null when it ran
  lastError: text("last_error"),
});

/** One channel's outcome on an alert event (bell, email, webhook). */
export type AlertDelivery = { status: "sent"; detail?: string } | { status: "skipped"; reason: string } | { status: "failed"; error: string };

export const alertEvents = pgTable(
  "alert_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ruleId: integer("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    kind: text("kind").$type<AlertEventKind>().notNull(),
    fromState: text("from_state").$type<AlertState>(),
    toState: text("to_state").$type<AlertState>(),
    value: numeric("value"),
    baseline: numeric("baseline"),
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
    // per channel: sent, skipped (muted, snoozed, not configured) or failed with the reason
    deliveries: jsonb("deliveries").$type<Record<string, AlertDelivery>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_events_rule_id_at_idx").on(t.ruleId, t.at)],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type NewAlertRule = typeof alertRules.$inferInsert;
export type AlertStateRow = typeof alertStates.$inferSelect;
export type AlertEvent = typeof alertEvents.$inferSelect;

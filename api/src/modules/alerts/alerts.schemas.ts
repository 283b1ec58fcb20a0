import { z } from "zod";
import { DIMENSIONS, getMetric, type MetricDef } from "@ist/warehouse";
import { ALERT_COMPARISONS, ALERT_GRAINS, ALERT_KINDS, ALERT_OPERATORS, ALERT_SENSITIVITIES, ALERT_STATES, ROLES } from "@ist/db";
import type { InputIssue } from "../../lib/domain-error";
import { listQuery } from "../../lib/list";
import { id, instant, oneOrMany, text } from "../../lib/schemas";

const metric = text(100).refine((m) => getMetric(m) !== undefined, { message: "unknown metric" });
const filters = z.partialRecord(z.enum(DIMENSIONS), z.array(text(100, { trim: true, min: 1 })).max(50));
const httpUrl = text(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL" });

/** The fields of a rule as a client writes them; `webhookSecret` is write-only. */
const RuleFields = z.object({
  name: text(120, { trim: true, min: 1 }),
  metric,
  filters,
  kind: z.enum(ALERT_KINDS),
  operator: z.enum(ALERT_OPERATORS),
  threshold: z.number().finite().nullable(),
  comparison: z.enum(ALERT_COMPARISONS).nullable(),
  sensitivity: z.enum(ALERT_SENSITIVITIES).nullable(),
  grain: z.enum(ALERT_GRAINS),
  forMinutes: z.number().int().min(0).max(1440),
  enabled: z.boolean(),
  bellRoles: z.array(z.enum(ROLES)).max(ROLES.length),
  emailTo: z.array(z.string().trim().toLowerCase().email("must be an email address")).max(20),
  webhookUrl: httpUrl.nullable(),
  webhookSecret: z.string().min(16, "must be at least 16 characters").max(200).nullable(),
  muted: z.boolean(),
});
export type RuleFields = z.infer<typeof RuleFields>;

/** An input issue with what the console needs to say it in the user's language (the error handler passes `params` on). */
export type RuleIssue = InputIssue & { params?: Record<string, unknown> };

type AlertGrain = (typeof ALERT_GRAINS)[number];

/** The grains a rule on this metric may use: the metric's own, of those the evaluator runs (hour, day). */
export function alertGrainsOf(def: Pick<MetricDef, "grains">): AlertGrain[] {
  return ALERT_GRAINS.filter((g) => def.grains.includes(g));
}

/**
 * A new rule's grain when the client names none: the metric's own reporting grain, the day (every
 * catalogue tile reads days; daily active users by hour is a different, much smaller number), or
 * the finest it has.
 */
export function defaultAlertGrain(metric: string): AlertGrain {
  const def = getMetric(metric);
  const grains = def ? alertGrainsOf(def) : [];
  return grains.includes("day") ? "day" : (grains[0] ?? "day");
}

/** What each condition kind needs; `hasSecret` counts a secret already stored. */
export function ruleIssues(r: Omit<RuleFields, "webhookSecret" | "grain"> & { webhookSecret?: string | null; grain?: AlertGrain }, hasSecret = false): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const def = getMetric(r.metric);
  if (def && def.kind !== "series") issues.push({ code: "not_a_series", path: "metric", message: `${r.metric} is a ${def.kind}, not a time series`, params: { kind: def.kind } });
  else if (def && r.grain && !alertGrainsOf(def).includes(r.grain)) {
    const grains = alertGrainsOf(def);
    issues.push({ code: "unsupported_grain", path: "grain", message: `${r.metric} has no ${r.grain} grain (it has: ${grains.join(", ")})`, params: { grain: r.grain, grains } });
  }
  if (r.kind !== "anomaly" && r.threshold === null) issues.push({ code: "required", path: "threshold", message: `required for a ${r.kind} rule` });
  if (r.kind === "pct_change" && r.comparison === null) issues.push({ code: "required", path: "comparison", message: "required for a pct_change rule" });
  if (r.kind === "anomaly" && (r.operator === "gte" || r.operator === "lte")) issues.push({ code: "invalid_value", path: "operator", message: "an anomaly rule takes gt (above), lt (below) or abs_gt (either)" });
  if (r.webhookUrl && !r.webhookSecret && !hasSecret) issues.push({ code: "required", path: "webhookSecret", message: "required with a webhook URL (the payload is signed with it)" });
  return issues;
}

export const AlertCreateBody = RuleFields.extend({
  filters: filters.default({}),
  operator: z.enum(ALERT_OPERATORS).default("gt"),
  threshold: z.number().finite().nullable().default(null),
  comparison: z.enum(ALERT_COMPARISONS).nullable().default(null),
  sensitivity: z.enum(ALERT_SENSITIVITIES).nullable().default(null),
  grain: z.enum(ALERT_GRAINS).optional().describe("one of the metric's grains (GET /api/metrics); default: day (the metric's own reporting grain)"),
  forMinutes: z.number().int().min(0).max(1440).default(0),
  enabled: z.boolean().default(true),
  bellRoles: z.array(z.enum(ROLES)).max(ROLES.length).default(["admin", "operator"]),
  emailTo: z.array(z.string().trim().toLowerCase().email("must be an email address")).max(20).default([]),
  webhookUrl: httpUrl.nullable().default(null),
  webhookSecret: z.string().min(16, "must be at least 16 characters").max(200).nullable().default(null),
  muted: z.boolean().default(false),
})
  .strict()
  .superRefine((r, ctx) => ruleIssues(r).forEach((i) => ctx.addIssue({ code: "custom", path: [i.path], message: i.message, params: { ...i.params, code: i.code } })));
export type AlertCreateBody = z.infer<typeof AlertCreateBody>;

/** PATCH: any subset; the merged rule is checked again (`ruleIssues`) before it is stored. */
export const AlertUpdateBody = RuleFields.partial().strict();
export type AlertUpdateBody = z.infer<typeof AlertUpdateBody>;

export const MuteBody = z.object({ muted: z.boolean().default(true) }).strict();
export type MuteBody = z.infer<typeof MuteBody>;

export const SnoozeBody = z
  .object({ until: instant.nullable().describe("snooze notifications until then; null ends the snooze") })
  .strict()
  .refine((b) => b.until === null || Date.parse(b.until) > Date.now(), { message: "must be in the future", path: ["until"] })
  .refine((b) => b.until === null || Date.parse(b.until) <= Date.now() + 90 * 86_400_000, { message: "at most 90 days ahead", path: ["until"] });
export type SnoozeBody = z.infer<typeof SnoozeBody>;

export const ALERT_SORTS = ["id", "name", "metric", "kind", "createdAt", "updatedAt"] as const;

export const AlertListQuery = listQuery(ALERT_SORTS, { sort: "id", order: "asc" }).extend({
  q: text(200).optional(),
  kind: oneOrMany(z.enum(ALERT_KINDS)).optional(),
  state: oneOrMany(z.enum(ALERT_STATES)).optional().describe("unevaluated: not judged yet (new)"),
  metric: text(100).optional(),
  id: oneOrMany(id).optional(),
});
export type AlertListQuery = z.infer<typeof AlertListQuery>;

export const EventListQuery = listQuery(["at"], { sort: "at", order: "desc" });
export type EventListQuery = z.infer<typeof EventListQuery>;

export { IdParams } from "../../lib/schemas";

export const AlertDto = z.object({
  id: z.number(),
  name: z.string(),
  metric: z.string(),
  filters: z.record(z.string(), z.array(z.string())),
  kind: z.enum(ALERT_KINDS),
  operator: z.enum(ALERT_OPERATORS),
  threshold: z.number().nullable(),
  comparison: z.enum(ALERT_COMPARISONS).nullable(),
  sensitivity: z.enum(ALERT_SENSITIVITIES).nullable(),
  grain: z.enum(ALERT_GRAINS),
  forMinutes: z.number(),
  enabled: z.boolean(),
  bellRoles: z.array(z.enum(ROLES)),
  emailTo: z.array(z.string()),
  webhookUrl: z.string().nullable(),
  hasWebhookSecret: z.boolean(),
  muted: z.boolean(),
  snoozedUntil: z.string().nullable(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: z.enum(ALERT_STATES).describe("unevaluated until the evaluator has judged the rule once (it runs every minute)"),
  stateSince: z.string().nullable(),
  lastValue: z.number().nullable(),
  lastBaseline: z.number().nullable(),
  lastEvaluatedAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type AlertDto = z.infer<typeof AlertDto>;

/** One channel's outcome, as the evaluator records it (jobs/src/alerts/notify.ts `Delivery`). */
export const Delivery = z.discriminatedUnion("status", [
  z.object({ status: z.literal("sent"), detail: z.string().optional() }),
  z.object({ status: z.literal("skipped"), reason: z.string() }),
  z.object({ status: z.literal("failed"), error: z.string() }),
]);

export const AlertEventDto = z.object({
  id: z.number(),
  ruleId: z.number(),
  kind: z.enum(["firing", "resolved", "test"]),
  fromState: z.enum(ALERT_STATES).nullable(),
  toState: z.enum(ALERT_STATES).nullable(),
  value: z.number().nullable(),
  baseline: z.number().nullable(),
  context: z.record(z.string(), z.unknown()).describe("what the evaluation saw: window, breakdown by dimension"),
  deliveries: z.record(z.string(), Delivery).describe("per channel: sent, skipped (muted, snoozed, not configured) or failed with the reason"),
  at: z.string(),
});
export type AlertEventDto = z.infer<typeof AlertEventDto>;

export const TestEnqueued = z.object({ jobId: z.string().describe("the alerts queue's send-test job; its result lands in the rule's history") });

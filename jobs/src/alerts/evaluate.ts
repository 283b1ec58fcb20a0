import { alertEvents, alertRules, alertStates, and, asc, eq, inArray, type AlertRule, type AlertStateRow, type Db } from "@ist/db";
import type { AlertsEvaluatePayload } from "../contracts";
import type { ProcessorContext } from "../context";
import { percentOf } from "../run-policy";
import { deliverExternal, ringBell } from "./deliver";
import { evaluate as judge, seriesRange, type Evaluation, type RuleSpec } from "./engine";
import { alertMessage, type Delivery } from "./notify";
import type { AlertServices } from "./services";

export interface EvaluateResult {
  evaluated: number;
  skipped: number;
  firing: number;
  resolved: number;
  errors: number;
}

export function toSpec(rule: AlertRule): RuleSpec {
  return {
    kind: rule.kind,
    operator: rule.operator,
    threshold: rule.threshold === null ? null : Number(rule.threshold),
    comparison: rule.comparison,
    sensitivity: rule.sensitivity,
    grain: rule.grain,
    forMinutes: rule.forMinutes,
    muted: rule.muted,
    snoozedUntil: rule.snoozedUntil,
  };
}

const num = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : String(v));

/**
 * Judges every enabled rule as of when the job was due. Each rule is independent: one that cannot
 * be read records its error and the others go on. State, event and bell rows of a rule commit
 * together; webhook and email go out after the commit, at most once (a retry finds the rule
 * already evaluated at this instant and skips it).
 */
export async function evaluate(ctx: ProcessorContext<AlertsEvaluatePayload>): Promise<EvaluateResult> {
  const now = ctx.payload.at ? new Date(ctx.payload.at) : ctx.job.dueAt;
  const where = ctx.payload.ruleIds ? and(eq(alertRules.enabled, true), inArray(alertRules.id, ctx.payload.ruleIds)) : eq(alertRules.enabled, true);
  const rows = await ctx.db.select().from(alertRules).leftJoin(alertStates, eq(alertStates.ruleId, alertRules.id)).where(where).orderBy(asc(alertRules.id));
  const result: EvaluateResult = { evaluated: 0, skipped: 0, firing: 0, resolved: 0, errors: 0 };
  if (rows.length === 0) return result;
  const services = ctx.services.alerts;
  if (!services) throw new Error("alerts: this worker has no lake reader (services.alerts) to read metrics with");

  for (const [i, { alert_rules: rule, alert_states: state }] of rows.entries()) {
    if (state?.lastEvaluatedAt && state.lastEvaluatedAt.getTime() >= now.getTime()) {
      result.skipped++;
      continue;
    }
    try {
      const e = await evaluateRule(ctx, services, rule, state, now);
      result.evaluated++;
      if (e.event === "firing") result.firing++;
      if (e.event === "resolved") result.resolved++;
    } catch (err) {
      result.errors++;
      const message = err instanceof Error ? err.message : String(err);
      ctx.log.warn({ ruleId: rule.id, metric: rule.metric, error: message }, "alert rule could not be evaluated");
      await ctx.db
        .insert(alertStates)
        // a rule that never ran stays unevaluated; one that did keeps the state it had
        .values({ ruleId: rule.id, state: "unevaluated", lastEvaluatedAt: now, lastError: message })
        .onConflictDoUpdate({ target: alertStates.ruleId, set: { lastEvaluatedAt: now, lastError: message } });
    }
    if (rows.length >= 10 && i % Math.ceil(rows.length / 10) === 0) await ctx.progress(percentOf(i + 1, rows.length));
  }
  ctx.log.info({ ...result, at: now.toISOString() }, "alert rules evaluated");
  return result;
}

async function evaluateRule(ctx: ProcessorContext<unknown>, services: AlertServices, rule: AlertRule, state: AlertStateRow | null, now: Date): Promise<Evaluation> {
  const spec = toSpec(rule);
  const range = seriesRange(spec, now);
  const series = await services.fetchSeries(rule.metric, { ...range, grain: spec.grain, filters: rule.filters });
  const e = judge(spec, series, state ? { state: state.state, since: state.since } : null, now);
  const context = e.event === "firing" && e.bucket ? await services.fetchContext(e.bucket) : {};
  const facts = { value: e.value, baseline: e.baseline, pct: e.pct, band: e.band, bucket: e.bucket };

  const eventId = await ctx.db.transaction(async (tx: Db) => {
    const values = { state: e.state, since: e.since, lastValue: num(e.value), lastBaseline: num(e.baseline), lastEvaluatedAt: now, lastError: e.noData ? `no data: ${e.noData}` : null };
    await tx.insert(alertStates).values({ ruleId: rule.id, ...values }).onConflictDoUpdate({ target: alertStates.ruleId, set: values });
    if (!e.event) return null;
    const [event] = await tx
      .insert(alertEvents)
      .values({ ruleId: rule.id, kind: e.event, fromState: state?.state ?? "unevaluated", toState: e.state, value: num(e.value), baseline: num(e.baseline), context: { ...context, ...conditionFacts(e) }, at: now })
      .returning({ id: alertEvents.id });
    return event!.id;
  });
  if (eventId === null) return e;

  let deliveries: Record<string, Delivery>;
  if (e.notify) {
    const message = alertMessage(rule, { kind: e.event!, ...facts });
    const bell = await ringBell(ctx.db, rule, { id: eventId, kind: e.event!, toState: e.state, value: e.value, at: now }, message, { roles: rule.bellRoles });
    deliveries = { bell, ...(await deliverExternal(rule, message, ctx.config.alerts ?? {}, now, ctx.config.outbound)) };
  } else {
    const skipped: Delivery = { status: "skipped", reason: e.suppressedBy ?? "silent" };
    deliveries = { bell: skipped, webhook: skipped, email: skipped };
  }
  await ctx.db.update(alertEvents).set({ deliveries }).where(eq(alertEvents.id, eventId));
  ctx.log.info({ ruleId: rule.id, event: e.event, value: e.value, deliveries }, "alert state changed");
  return e;
}

function conditionFacts(e: Evaluation): Record<string, unknown> {
  return {
    ...(e.bucket ? { bucket: { from: e.bucket.from.toISOString(), to: e.bucket.to.toISOString() } } : {}),
    ...(e.pct !== undefined ? { pct: Number.isFinite(e.pct) ? e.pct : String(e.pct) } : {}),
    ...(e.band ? { band: e.band } : {}),
    ...(e.suppressedBy ? { suppressedBy: e.suppressedBy } : {}),
  };
}

import { UnrecoverableError } from "bullmq";
import { alertEvents, alertRules, alertStates, eq } from "@ist/db";
import type { AlertsSendTestPayload } from "./contract";
import type { ProcessorContext } from "../context";
import { deliverExternal, ringBell } from "./deliver";
import { alertMessage, type Delivery } from "./notify";

/**
 * A test notification through every channel of a rule, recorded as a `test` event so the operator
 * sees in the rule's history whether the webhook answered. Ignores mute and snooze: it was asked for.
 */
export async function sendTest(ctx: ProcessorContext<AlertsSendTestPayload>): Promise<{ eventId: number; deliveries: Record<string, Delivery> }> {
  const [row] = await ctx.db.select().from(alertRules).leftJoin(alertStates, eq(alertStates.ruleId, alertRules.id)).where(eq(alertRules.id, ctx.payload.ruleId));
  if (!row) throw new UnrecoverableError(`alert rule ${ctx.payload.ruleId} no longer exists`);
  const { alert_rules: rule, alert_states: state } = row;
  const value = state?.lastValue === null || state?.lastValue === undefined ? null : Number(state.lastValue);
  const [event] = await ctx.db
    .insert(alertEvents)
    .values({ ruleId: rule.id, kind: "test", fromState: state?.state ?? "ok", toState: state?.state ?? "ok", value: state?.lastValue ?? null, context: { requestedBy: ctx.payload.requestedBy ?? null } })
    .returning({ id: alertEvents.id, toState: alertEvents.toState, at: alertEvents.at });
  const message = alertMessage(rule, { kind: "test", value, baseline: null, bucket: null });
  const bell = await ringBell(ctx.db, rule, { id: event!.id, kind: "test", toState: event!.toState, value, at: event!.at }, message, ctx.payload.requestedBy ? { userIds: [ctx.payload.requestedBy] } : { roles: rule.bellRoles });
  const deliveries = { bell, ...(await deliverExternal(rule, message, ctx.config.alerts ?? {}, ctx.job.dueAt, ctx.config.outbound)) };
  await ctx.db.update(alertEvents).set({ deliveries }).where(eq(alertEvents.id, event!.id));
  ctx.log.info({ ruleId: rule.id, deliveries }, "alert test notification sent");
  return { eventId: event!.id, deliveries };
}

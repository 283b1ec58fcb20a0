import { alertRules, alertStates, asc, count, eq, FieldCipher, ilike, inArray, or, sql, type AlertRule, type AlertStateRow, type Db } from "@ist/db";
import { AppError } from "../../errors";
import { DomainInputError } from "../../lib/domain-error";
import { orderBy, pageOverWindow, whereAll, windowTotal, type Page } from "../../lib/list";
import { escapeLike } from "../users/users.service";
import { defaultAlertGrain, ruleIssues, type AlertCreateBody, type AlertDto, type AlertListQuery, type AlertUpdateBody, type RuleFields } from "./alerts.schemas";

const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export function toAlertDto(rule: AlertRule, state: AlertStateRow | null): AlertDto {
  const { webhookSecretEnc, threshold, snoozedUntil, createdAt, updatedAt, ...rest } = rule;
  return {
    ...rest,
    threshold: num(threshold),
    hasWebhookSecret: webhookSecretEnc !== null,
    snoozedUntil: iso(snoozedUntil),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    state: state?.state ?? "unevaluated",
    stateSince: iso(state?.since),
    lastValue: num(state?.lastValue),
    lastBaseline: num(state?.lastBaseline),
    lastEvaluatedAt: iso(state?.lastEvaluatedAt),
    lastError: state?.lastError ?? null,
  };
}

export async function listAlerts(db: Db, q: AlertListQuery): Promise<Page<AlertDto>> {
  const where = whereAll(
    q.q ? or(ilike(alertRules.name, `%${escapeLike(q.q)}%`), ilike(alertRules.metric, `%${escapeLike(q.q)}%`)) : undefined,
    q.kind ? inArray(alertRules.kind, q.kind) : undefined,
    q.metric ? eq(alertRules.metric, q.metric) : undefined,
    q.id ? inArray(alertRules.id, q.id) : undefined,
    // a rule never evaluated has no state row
    q.state ? inArray(sql`coalesce(${alertStates.state}, 'unevaluated')`, q.state) : undefined,
  );
  const page = await pageOverWindow(
    q,
    { fallback: 100, max: 1000 },
    ({ limit, offset }) =>
      db
        .select({ rule: alertRules, state: alertStates, total: windowTotal() })
        .from(alertRules)
        .leftJoin(alertStates, eq(alertStates.ruleId, alertRules.id))
        .where(where)
        .orderBy(...orderBy(q._order, alertRules[q._sort], asc(alertRules.id)))
        .limit(limit)
        .offset(offset),
    async () => (await db.select({ n: count() }).from(alertRules).leftJoin(alertStates, eq(alertStates.ruleId, alertRules.id)).where(where))[0]?.n ?? 0,
  );
  return { rows: page.rows.map((r) => toAlertDto(r.rule, r.state)), total: page.total };
}

export async function getAlert(db: Db, id: number): Promise<{ rule: AlertRule; dto: AlertDto }> {
  const [row] = await db.select().from(alertRules).leftJoin(alertStates, eq(alertStates.ruleId, alertRules.id)).where(eq(alertRules.id, id)).limit(1);
  if (!row) throw AppError.notFound("alert rule", id);
  return { rule: row.alert_rules, dto: toAlertDto(row.alert_rules, row.alert_states) };
}

/** Column values from client fields: the secret is sealed, the threshold kept exact as numeric. */
function columns(body: Partial<RuleFields>, cipher: FieldCipher) {
  const { webhookSecret, threshold, ...rest } = body;
  return {
    ...rest,
    ...(threshold !== undefined ? { threshold: threshold === null ? null : String(threshold) } : {}),
    ...(webhookSecret !== undefined ? { webhookSecretEnc: webhookSecret === null ? null : cipher.encrypt(webhookSecret) } : {}),
  };
}

export async function createAlert(db: Db, body: AlertCreateBody, cipher: FieldCipher, createdBy: number | null): Promise<AlertDto> {
  const { webhookSecret, threshold, grain, ...rest } = body;
  const [rule] = await db
    .insert(alertRules)
    .values({ ...rest, grain: grain ?? defaultAlertGrain(body.metric), threshold: threshold === null ? null : String(threshold), webhookSecretEnc: webhookSecret === null ? null : cipher.encrypt(webhookSecret), createdBy })
    .returning();
  return toAlertDto(rule!, null);
}

/** Applies a PATCH after checking the merged rule as a whole, so a change of kind names the fields it now needs. */
export async function updateAlert(db: Db, id: number, body: AlertUpdateBody, cipher: FieldCipher): Promise<{ before: AlertDto; after: AlertDto }> {
  const { rule, dto: before } = await getAlert(db, id);
  // clearing the URL drops the secret with it; keeping the URL keeps the stored secret
  const change: AlertUpdateBody = body.webhookUrl === null && body.webhookSecret === undefined ? { ...body, webhookSecret: null } : body;
  const merged = { ...before, ...change, filters: change.filters ?? (rule.filters as RuleFields["filters"]) };
  const issues = ruleIssues(merged, change.webhookSecret === undefined && rule.webhookSecretEnc !== null);
  if (issues.length) throw new DomainInputError(issues);
  const [after] = await db
    .update(alertRules)
    .set({ ...columns(change, cipher), updatedAt: new Date() })
    .where(eq(alertRules.id, id))
    .returning();
  const [state] = await db.select().from(alertStates).where(eq(alertStates.ruleId, id));
  return { before, after: toAlertDto(after!, state ?? null) };
}

/** Mute and snooze: the two switches an operator flips from the list, outside the edit form. */
export async function setSilence(db: Db, id: number, change: { muted?: boolean; snoozedUntil?: Date | null }): Promise<{ before: AlertDto; after: AlertDto }> {
  const { dto: before } = await getAlert(db, id);
  await db.update(alertRules).set({ ...change, updatedAt: new Date() }).where(eq(alertRules.id, id));
  return { before, after: (await getAlert(db, id)).dto };
}

export async function deleteAlert(db: Db, id: number): Promise<AlertDto> {
  const { dto } = await getAlert(db, id);
  await db.delete(alertRules).where(eq(alertRules.id, id));
  return dto;
}

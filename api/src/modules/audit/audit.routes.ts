import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditLog, count, desc, emailIndex, eq, gte, inArray, lte, maskPersonal, or, sql, users, type AuditRow, type Db } from "@ist/db";
import type { AppDeps } from "../../app";
import { listQuery, orderBy, pageWithCount, sendPage, whereAll } from "../../lib/list";
import { authed } from "../../lib/responses";
import { canReadPii } from "../../lib/pii";
import { id, instant, text } from "../../lib/schemas";

const SORTS = { id: auditLog.id, at: auditLog.at, action: auditLog.action, entity: auditLog.entity, actorEmail: auditLog.actorEmail } as const;

export const AuditListQuery = listQuery(Object.keys(SORTS) as [keyof typeof SORTS], { sort: "at", order: "desc" }).extend({
  actorEmail: text(254).optional(),
  actorEmail_like: text(254).optional(),
  actorId: id.optional(),
  action: text(100).optional(),
  entity: text(100).optional(),
  entityId: text(100).optional(),
  at_gte: instant.optional(),
  at_lte: instant.optional(),
});

export const AuditEntryDto = z.object({
  id: z.number(),
  actorId: z.number().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().describe("the entity before the change (JSON), null for a creation"),
  after: z.unknown().describe("the entity after the change (JSON), null for a deletion"),
  at: z.string(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;

const toAuditDto = (r: AuditRow): AuditEntryDto => ({ ...r, at: r.at.toISOString() });

export const AuditActionsDto = z.array(z.string()).describe("every action the log holds (alert.create, user.update…), sorted: the console's action filter");

/**
 * The distinct actions, by a skip scan over `audit_log_action_idx` (one index probe per action),
 * so the filter's list stays cheap however long the log grows.
 */
export async function auditActions(db: Db): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive actions(action) as (
      (select action from ${auditLog} order by action limit 1)
      union all
      select (select a.action from ${auditLog} a where a.action > actions.action order by a.action limit 1) from actions where actions.action is not null
    )
    select action from actions where action is not null`);
  const rows = (result as unknown as { rows: { action: string }[] }).rows;
  return rows.map((r) => r.action);
}

export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  app.get("/api/audit/actions", { config: { access: "audit:read" }, schema: { tags: ["audit"], response: { 200: AuditActionsDto, ...authed() } } }, async () => auditActions(db));

  /** the console users whose email holds `part`, and the exact email itself (a sign-in attempt for an unknown one) */
  const actorsLike = async (part: string) => {
    const needle = part.toLowerCase();
    const ids = (await db.select({ id: users.id, email: users.email }).from(users)).filter((u) => u.email.includes(needle)).map((u) => u.id);
    return or(eq(auditLog.actorEmailHash, emailIndex(part)), ids.length ? inArray(auditLog.actorId, ids) : undefined);
  };
  app.get(
    "/api/audit",
    { config: { access: "audit:read" }, schema: { tags: ["audit"], querystring: AuditListQuery, response: { 200: z.array(AuditEntryDto), ...authed(400) } } },
    async (request, reply) => {
      const q = request.query;
      const where = whereAll(
        // actor emails are sealed: an exact one through its blind index, a part of one through the users it names
        q.actorEmail ? eq(auditLog.actorEmailHash, emailIndex(q.actorEmail)) : undefined,
        q.actorEmail_like ? await actorsLike(q.actorEmail_like) : undefined,
        q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
        q.action ? eq(auditLog.action, q.action) : undefined,
        q.entity ? eq(auditLog.entity, q.entity) : undefined,
        q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
        q.at_gte ? gte(auditLog.at, new Date(q.at_gte)) : undefined,
        q.at_lte ? lte(auditLog.at, new Date(q.at_lte)) : undefined,
      );
      // the audit log grows without bound: a separate count, so the page walks the index and stops
      const page = await pageWithCount(
        q,
        { fallback: 50, max: 500 },
        ({ limit, offset }) =>
          db
            .select()
            .from(auditLog)
            .where(where)
            .orderBy(...orderBy(q._order, SORTS[q._sort], desc(auditLog.id)))
            .limit(limit)
            .offset(offset),
        async () => (await db.select({ n: count() }).from(auditLog).where(where))[0]?.n ?? 0,
      );
      const unmasked = canReadPii(app, request);
      return sendPage(reply, page, (row) => (unmasked ? toAuditDto(row) : maskPersonal(toAuditDto(row))));
    },
  );
};

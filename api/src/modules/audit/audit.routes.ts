import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditLog, count, desc, eq, gte, ilike, lte, type AuditRow } from "@ist/db";
import type { AppDeps } from "../../app";
import { listQuery, orderBy, pageWithCount, sendPage, whereAll } from "../../lib/list";
import { authed } from "../../lib/responses";
import { escapeLike } from "../users/users.service";
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

export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  app.get(
    "/api/audit",
    { config: { access: "audit:read" }, schema: { tags: ["audit"], querystring: AuditListQuery, response: { 200: z.array(AuditEntryDto), ...authed(400) } } },
    async (request, reply) => {
      const q = request.query;
      const where = whereAll(
        q.actorEmail ? eq(auditLog.actorEmail, q.actorEmail.toLowerCase()) : undefined,
        q.actorEmail_like ? ilike(auditLog.actorEmail, `%${escapeLike(q.actorEmail_like)}%`) : undefined,
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
      return sendPage(reply, page, toAuditDto);
    },
  );
};

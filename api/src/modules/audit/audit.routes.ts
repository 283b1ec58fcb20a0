import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { and, asc, auditLog, count, desc, eq, gte, ilike, lte } from "@ist/db";
import type { AppDeps } from "../../app";
import { listQuery, pageSize, withTotal } from "../../lib/list";
import { escapeLike } from "../users/users.service";

const SORTS = { id: auditLog.id, at: auditLog.at, action: auditLog.action, entity: auditLog.entity, actorEmail: auditLog.actorEmail } as const;

export const AuditListQuery = listQuery(Object.keys(SORTS) as [keyof typeof SORTS], { sort: "at", order: "desc" }).extend({
  actorEmail: z.string().max(254).optional(),
  actorEmail_like: z.string().max(254).optional(),
  actorId: z.coerce.number().int().optional(),
  action: z.string().max(100).optional(),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  at_gte: z.iso.datetime({ offset: true }).optional(),
  at_lte: z.iso.datetime({ offset: true }).optional(),
});
type AuditListQuery = z.infer<typeof AuditListQuery>;

export async function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.db;
  app.get("/api/audit", { config: { access: "audit:read" }, schema: { tags: ["audit"], querystring: AuditListQuery } }, async (request, reply) => {
    const q = request.query as AuditListQuery;
    const filters = [
      q.actorEmail ? eq(auditLog.actorEmail, q.actorEmail.toLowerCase()) : undefined,
      q.actorEmail_like ? ilike(auditLog.actorEmail, `%${escapeLike(q.actorEmail_like)}%`) : undefined,
      q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
      q.action ? eq(auditLog.action, q.action) : undefined,
      q.entity ? eq(auditLog.entity, q.entity) : undefined,
      q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
      q.at_gte ? gte(auditLog.at, new Date(q.at_gte)) : undefined,
      q.at_lte ? lte(auditLog.at, new Date(q.at_lte)) : undefined,
    ].filter((f) => f !== undefined);
    const where = filters.length ? and(...filters) : undefined;
    const limit = pageSize(q, 50, 500);
    const [rows, [total]] = await Promise.all([
      db.select().from(auditLog).where(where).orderBy((q._order === "desc" ? desc : asc)(SORTS[q._sort]), desc(auditLog.id)).limit(limit).offset(q._start),
      db.select({ n: count() }).from(auditLog).where(where),
    ]);
    return withTotal(reply, rows.map((r) => ({ ...r, at: r.at.toISOString() })), total?.n ?? 0);
  });
}

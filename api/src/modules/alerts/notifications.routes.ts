import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { alertEvents, alertRules, and, count, desc, eq, isNull, notifications, type Db } from "@ist/db";
import type { AppDeps } from "../../app";
import { AppError } from "../../errors";
import { pageSize } from "../../lib/list";
import { writeAudit } from "../../plugins/audit";
import { requireUser } from "../../plugins/auth";
import { IdParams } from "./alerts.schemas";

const NotificationQuery = z.object({ _start: z.coerce.number().int().min(0).default(0), _end: z.coerce.number().int().min(0).optional(), unread: z.enum(["true", "false"]).optional() });
type NotificationQuery = z.infer<typeof NotificationQuery>;

const item = {
  id: notifications.id,
  eventId: notifications.eventId,
  readAt: notifications.readAt,
  ruleId: alertEvents.ruleId,
  ruleName: alertRules.name,
  metric: alertRules.metric,
  kind: alertEvents.kind,
  toState: alertEvents.toState,
  value: alertEvents.value,
  at: alertEvents.at,
};

async function items(db: Db, userId: number, where = eq(notifications.userId, userId), limit = 20, offset = 0) {
  const rows = await db
    .select(item)
    .from(notifications)
    .innerJoin(alertEvents, eq(alertEvents.id, notifications.eventId))
    .innerJoin(alertRules, eq(alertRules.id, alertEvents.ruleId))
    .where(where)
    .orderBy(desc(notifications.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => ({ ...r, value: r.value === null ? null : Number(r.value), readAt: r.readAt?.toISOString() ?? null, at: r.at.toISOString() }));
}

/** The console bell of the signed-in user: only ever their own notifications. */
export async function notificationsRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.db;
  const tags = ["notifications"];
  const config = { access: "authenticated" as const };

  app.get("/api/notifications", { config, schema: { tags, querystring: NotificationQuery } }, async (request) => {
    const user = requireUser(request);
    const q = request.query as NotificationQuery;
    const mine = eq(notifications.userId, user.id);
    const [[unread], list] = await Promise.all([
      db.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt))),
      items(db, user.id, q.unread === "true" ? and(mine, isNull(notifications.readAt)) : mine, pageSize(q, 20, 100), q._start),
    ]);
    return { unread: unread?.n ?? 0, items: list };
  });

  app.post("/api/notifications/:id/read", { config, schema: { tags, params: IdParams } }, async (request) => {
    const user = requireUser(request);
    const { id } = request.params as IdParams;
    return db.transaction(async (tx) => {
      const [row] = await tx
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(eq(notifications.id, id), eq(notifications.userId, user.id), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      if (!row) {
        const [exists] = await tx.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, user.id)));
        if (!exists) throw AppError.notFound("notification", id);
      } else {
        await writeAudit(tx, request, { action: "notification.read", entity: "notification", entityId: id });
      }
      const [one] = await items(tx, user.id, and(eq(notifications.id, id), eq(notifications.userId, user.id)), 1);
      return one;
    });
  });

  app.post("/api/notifications/read-all", { config, schema: { tags } }, async (request) => {
    const user = requireUser(request);
    return db.transaction(async (tx) => {
      const rows = await tx
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      await writeAudit(tx, request, { action: "notification.read_all", entity: "notification", after: { count: rows.length } });
      return { updated: rows.length };
    });
  });
}

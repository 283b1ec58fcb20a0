import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { and, count, desc, eq, isNull, markRead, notifications, type Db, type SQL } from "@ist/db";
import type { AppDeps } from "../../app";
import { AppError } from "../../errors";
import { pageSize } from "../../lib/list";
import { mutate } from "../../lib/mutate";
import { authed } from "../../lib/responses";
import { requireUser } from "../../plugins/auth";
import { Bell, NotificationDto, NotificationIdParams, NotificationQuery, ReadAll, toNotificationDto } from "./notifications.schemas";

async function items(db: Db, where: SQL | undefined, limit = 20, offset = 0) {
  const rows = await db.select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(limit).offset(offset);
  return rows.map(toNotificationDto);
}

/** The console bell of the signed-in user, for every domain's notifications: only ever their own. */
export const notificationsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  const tags = ["notifications"];
  const config = { access: "authenticated" as const };

  app.get("/api/notifications", { config, schema: { tags, querystring: NotificationQuery, response: { 200: Bell, ...authed(400) } } }, async (request) => {
    const user = requireUser(request);
    const q = request.query;
    const mine = eq(notifications.userId, user.id);
    const unreadOnly = and(mine, isNull(notifications.readAt));
    const [[unread], list] = await Promise.all([
      db.select({ n: count() }).from(notifications).where(unreadOnly),
      items(db, q.unread === "true" ? unreadOnly : mine, pageSize(q, 20, 100), q._start),
    ]);
    return { unread: unread?.n ?? 0, items: list };
  });

  app.post("/api/notifications/:id/read", { config, schema: { tags, params: NotificationIdParams, response: { 200: NotificationDto, ...authed(400, 404) } } }, async (request) => {
    const user = requireUser(request);
    const { id } = request.params;
    const one = and(eq(notifications.id, id), eq(notifications.userId, user.id));
    return mutate(
      db,
      request,
      async (tx) => {
        const changed = (await markRead(tx, user.id, [id])).length > 0;
        const [row] = await items(tx, one, 1);
        if (!row) throw AppError.notFound("notification", id);
        return { row, changed };
      },
      // reading a read notification changes nothing and writes no audit row
      ({ changed }) => (changed ? { action: "notification.read", entity: "notification", entityId: id } : null),
    ).then((r) => r.row);
  });

  app.post("/api/notifications/read-all", { config, schema: { tags, response: { 200: ReadAll, ...authed() } } }, async (request) => {
    const user = requireUser(request);
    const ids = await mutate(
      db,
      request,
      (tx) => markRead(tx, user.id),
      (read) => ({ action: "notification.read_all", entity: "notification", after: { count: read.length } }),
    );
    return { updated: ids.length };
  });
};

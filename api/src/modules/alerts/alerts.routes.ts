import type { FastifyInstance } from "fastify";
import { alertEvents, count, desc, eq, FieldCipher, type AlertEvent } from "@ist/db";
import { jobIdFor } from "@ist/jobs/contracts";
import type { AppDeps } from "../../app";
import { pageSize, withTotal } from "../../lib/list";
import { writeAudit } from "../../plugins/audit";
import { requireUser } from "../../plugins/auth";
import { AlertCreateBody, AlertDto, AlertListQuery, AlertUpdateBody, EventListQuery, IdParams, MuteBody, SnoozeBody } from "./alerts.schemas";
import { createAlert, deleteAlert, getAlert, listAlerts, setSilence, updateAlert } from "./alerts.service";

export function toEventDto(e: AlertEvent) {
  return { ...e, value: e.value === null ? null : Number(e.value), baseline: e.baseline === null ? null : Number(e.baseline), at: e.at.toISOString() };
}

/** Alert rules, Refine simple-rest conventions, plus the operator's switches: mute, snooze, test. */
export async function alertsRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.db;
  const cipher = new FieldCipher(deps.config.ENCRYPTION_KEY);
  const tags = ["alerts"];
  const read = { access: "alerts:read" as const };
  const write = { access: "alerts:write" as const };

  app.get("/api/alerts", { config: read, schema: { tags, querystring: AlertListQuery } }, async (request, reply) => {
    const { rows, total } = await listAlerts(db, request.query as AlertListQuery);
    return withTotal(reply, rows, total);
  });

  app.get("/api/alerts/:id", { config: read, schema: { tags, params: IdParams, response: { 200: AlertDto } } }, async (request) => (await getAlert(db, (request.params as IdParams).id)).dto);

  app.post("/api/alerts", { config: write, schema: { tags, body: AlertCreateBody, response: { 201: AlertDto } } }, async (request, reply) => {
    const created = await db.transaction(async (tx) => {
      const dto = await createAlert(tx, request.body as AlertCreateBody, cipher, requireUser(request).id);
      await writeAudit(tx, request, { action: "alert.create", entity: "alert_rule", entityId: dto.id, after: dto });
      return dto;
    });
    return reply.status(201).send(created);
  });

  app.patch("/api/alerts/:id", { config: write, schema: { tags, params: IdParams, body: AlertUpdateBody, response: { 200: AlertDto } } }, async (request) => {
    const { id } = request.params as IdParams;
    return db.transaction(async (tx) => {
      const { before, after } = await updateAlert(tx, id, request.body as AlertUpdateBody, cipher);
      await writeAudit(tx, request, { action: "alert.update", entity: "alert_rule", entityId: id, before, after });
      return after;
    });
  });

  app.delete("/api/alerts/:id", { config: write, schema: { tags, params: IdParams, response: { 200: AlertDto } } }, async (request) => {
    const { id } = request.params as IdParams;
    return db.transaction(async (tx) => {
      const before = await deleteAlert(tx, id);
      await writeAudit(tx, request, { action: "alert.delete", entity: "alert_rule", entityId: id, before });
      return before;
    });
  });

  app.post("/api/alerts/:id/mute", { config: write, schema: { tags, params: IdParams, body: MuteBody, response: { 200: AlertDto } } }, async (request) => {
    const { id } = request.params as IdParams;
    const { muted } = request.body as MuteBody;
    return db.transaction(async (tx) => {
      const { before, after } = await setSilence(tx, id, { muted });
      await writeAudit(tx, request, { action: muted ? "alert.mute" : "alert.unmute", entity: "alert_rule", entityId: id, before: { muted: before.muted }, after: { muted } });
      return after;
    });
  });

  app.post("/api/alerts/:id/snooze", { config: write, schema: { tags, params: IdParams, body: SnoozeBody, response: { 200: AlertDto } } }, async (request) => {
    const { id } = request.params as IdParams;
    const { until } = request.body as SnoozeBody;
    return db.transaction(async (tx) => {
      const { before, after } = await setSilence(tx, id, { snoozedUntil: until === null ? null : new Date(until) });
      await writeAudit(tx, request, {
        action: until === null ? "alert.unsnooze" : "alert.snooze",
        entity: "alert_rule",
        entityId: id,
        before: { snoozedUntil: before.snoozedUntil },
        after: { snoozedUntil: after.snoozedUntil },
      });
      return after;
    });
  });

  app.get("/api/alerts/:id/events", { config: read, schema: { tags, params: IdParams, querystring: EventListQuery } }, async (request, reply) => {
    const { id } = request.params as IdParams;
    const q = request.query as EventListQuery;
    await getAlert(db, id);
    const [rows, [total]] = await Promise.all([
      db.select().from(alertEvents).where(eq(alertEvents.ruleId, id)).orderBy(q._order === "asc" ? alertEvents.at : desc(alertEvents.at), desc(alertEvents.id)).limit(pageSize(q, 50, 500)).offset(q._start),
      db.select({ n: count() }).from(alertEvents).where(eq(alertEvents.ruleId, id)),
    ]);
    return withTotal(reply, rows.map(toEventDto), total?.n ?? 0);
  });

  // the channels are reached by a worker (the api imports only the jobs contract); the result lands in the rule's history
  app.post("/api/alerts/:id/test", { config: write, schema: { tags, params: IdParams } }, async (request, reply) => {
    const { id } = request.params as IdParams;
    await getAlert(db, id);
    const user = requireUser(request);
    const { jobId } = await deps.queues.enqueue({ queue: "alerts", name: "send-test", payload: { ruleId: id, requestedBy: user.id } }, { jobId: jobIdFor("alerts", "send-test", id, new Date()) });
    await writeAudit(db, request, { action: "alert.test", entity: "alert_rule", entityId: id, after: { jobId } });
    return reply.status(202).send({ jobId });
  });
}

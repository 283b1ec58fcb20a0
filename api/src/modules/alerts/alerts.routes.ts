import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { alertEvents, count, desc, eq, FieldCipher, maskPii, type AlertEvent } from "@ist/db";
import { jobIdFor } from "@ist/jobs/contracts";
import type { AppDeps } from "../../app";
import { orderBy, pageWithCount, sendPage, withTotal } from "../../lib/list";
import { mutate } from "../../lib/mutate";
import { canReadPii } from "../../lib/pii";
import { authed } from "../../lib/responses";
import { writeAudit } from "../../plugins/audit";
import { requireUser } from "../../plugins/auth";
import { AlertCreateBody, AlertDto, AlertEventDto, AlertListQuery, AlertUpdateBody, EventListQuery, IdParams, MuteBody, SnoozeBody, TestEnqueued } from "./alerts.schemas";
import { createAlert, deleteAlert, getAlert, listAlerts, setSilence, updateAlert } from "./alerts.service";

export function toEventDto(e: AlertEvent): AlertEventDto {
  return { ...e, value: e.value === null ? null : Number(e.value), baseline: e.baseline === null ? null : Number(e.baseline), at: e.at.toISOString() };
}

/** Alert rules, Refine simple-rest conventions, plus the operator's switches: mute, snooze, test. */
export const alertsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  const cipher = new FieldCipher(deps.config.ENCRYPTION_KEY);
  const tags = ["alerts"];
  const read = { access: "alerts:read" as const };
  const write = { access: "alerts:write" as const };

  /**
   * Recipients are people's addresses: masked for a role that neither reads personal data nor
   * manages rules (whoever edits a rule must see whom it mails).
   */
  const recipientsFor = (request: FastifyRequest) => {
    const user = request.user;
    const open = canReadPii(app, request) || (user !== null && app.rbac.can(user.role, "alerts:write"));
    return (dto: AlertDto): AlertDto => (open ? dto : { ...dto, emailTo: dto.emailTo.map(maskPii) });
  };

  app.get("/api/alerts", { config: read, schema: { tags, querystring: AlertListQuery, response: { 200: z.array(AlertDto), ...authed(400) } } }, async (request, reply) => {
    const { rows, total } = await listAlerts(db, request.query);
    return withTotal(reply, rows.map(recipientsFor(request)), total);
  });

  app.get("/api/alerts/:id", { config: read, schema: { tags, params: IdParams, response: { 200: AlertDto, ...authed(400, 404) } } }, async (request) =>
    recipientsFor(request)((await getAlert(db, request.params.id)).dto),
  );

  app.post("/api/alerts", { config: write, schema: { tags, body: AlertCreateBody, response: { 201: AlertDto, ...authed(400) } } }, async (request, reply) => {
    const created = await mutate(
      db,
      request,
      (tx) => createAlert(tx, request.body, cipher, requireUser(request).id),
      (dto) => ({ action: "alert.create", entity: "alert_rule", entityId: dto.id, after: dto }),
    );
    return reply.status(201).send(created);
  });

  app.patch("/api/alerts/:id", { config: write, schema: { tags, params: IdParams, body: AlertUpdateBody, response: { 200: AlertDto, ...authed(400, 404) } } }, async (request) => {
    const { id } = request.params;
    const { after } = await mutate(
      db,
      request,
      (tx) => updateAlert(tx, id, request.body, cipher),
      ({ before, after }) => ({ action: "alert.update", entity: "alert_rule", entityId: id, before, after }),
    );
    return after;
  });

  app.delete("/api/alerts/:id", { config: write, schema: { tags, params: IdParams, response: { 200: AlertDto, ...authed(400, 404) } } }, async (request) => {
    const { id } = request.params;
    return mutate(db, request, (tx) => deleteAlert(tx, id), (before) => ({ action: "alert.delete", entity: "alert_rule", entityId: id, before }));
  });

  app.post("/api/alerts/:id/mute", { config: write, schema: { tags, params: IdParams, body: MuteBody, response: { 200: AlertDto, ...authed(400, 404) } } }, async (request) => {
    const { id } = request.params;
    const { muted } = request.body;
    const { after } = await mutate(
      db,
      request,
      (tx) => setSilence(tx, id, { muted }),
      ({ before }) => ({ action: muted ? "alert.mute" : "alert.unmute", entity: "alert_rule", entityId: id, before: { muted: before.muted }, after: { muted } }),
    );
    return after;
  });

  app.post("/api/alerts/:id/snooze", { config: write, schema: { tags, params: IdParams, body: SnoozeBody, response: { 200: AlertDto, ...authed(400, 404) } } }, async (request) => {
    const { id } = request.params;
    const { until } = request.body;
    const { after } = await mutate(
      db,
      request,
      (tx) => setSilence(tx, id, { snoozedUntil: until === null ? null : new Date(until) }),
      ({ before, after }) => ({
        action: until === null ? "alert.unsnooze" : "alert.snooze",
        entity: "alert_rule",
        entityId: id,
        before: { snoozedUntil: before.snoozedUntil },
        after: { snoozedUntil: after.snoozedUntil },
      }),
    );
    return after;
  });

  app.get(
    "/api/alerts/:id/events",
    { config: read, schema: { tags, params: IdParams, querystring: EventListQuery, response: { 200: z.array(AlertEventDto), ...authed(400, 404) } } },
    async (request, reply) => {
      const { id } = request.params;
      const q = request.query;
      await getAlert(db, id);
      const mine = eq(alertEvents.ruleId, id);
      const page = await pageWithCount(
        q,
        { fallback: 50, max: 500 },
        ({ limit, offset }) =>
          db
            .select()
            .from(alertEvents)
            .where(mine)
            .orderBy(...orderBy(q._order, alertEvents.at, desc(alertEvents.id)))
            .limit(limit)
            .offset(offset),
        async () => (await db.select({ n: count() }).from(alertEvents).where(mine))[0]?.n ?? 0,
      );
      return sendPage(reply, page, toEventDto);
    },
  );

  // the channels are reached by a worker (the api imports only the jobs contract); the result lands in the rule's history
  app.post("/api/alerts/:id/test", { config: write, schema: { tags, params: IdParams, response: { 202: TestEnqueued, ...authed(400, 404) } } }, async (request, reply) => {
    const { id } = request.params;
    await getAlert(db, id);
    const user = requireUser(request);
    const { jobId } = await deps.queues.enqueue({ queue: "alerts", name: "send-test", payload: { ruleId: id, requestedBy: user.id } }, { jobId: jobIdFor("alerts", "send-test", id, new Date()) });
    await writeAudit(db, request, { action: "alert.test", entity: "alert_rule", entityId: id, after: { jobId } });
    return reply.status(202).send({ jobId });
  });
};

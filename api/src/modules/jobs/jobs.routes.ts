import { EventEmitter } from "node:events";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { and, count, desc, eq, JOB_STATES, jobRuns, type JobRun } from "@ist/db";
import { JOB_DEFINITIONS, jobIdFor } from "@ist/jobs/contracts";
import { zodIssues } from "../../lib/domain-error";
import type { AppDeps } from "../../app";
import { subscribeJobEvents } from "../../job-events";
import { AppError } from "../../errors";
import { eventStreams } from "../../lib/event-stream";
import { listQuery, orderBy, pageWithCount, sendPage, whereAll } from "../../lib/list";
import { authed, eventStream } from "../../lib/responses";
import { writeAudit } from "../../plugins/audit";
import { text } from "../../lib/schemas";

const JobListQuery = listQuery(["id", "createdAt", "startedAt", "finishedAt", "queue", "state"], { sort: "id", order: "desc" }).extend({
  queue: text(50).optional(),
  name: text(50).optional(),
  state: z.enum(["waiting", "active", "completed", "failed"]).optional(),
});
const RunParams = z.object({ queue: text(50), name: text(50) });

export const JobRunDto = z.object({
  id: z.number(),
  queue: z.string(),
  name: z.string(),
  jobId: z.string(),
  businessKey: z.string().nullable(),
  state: z.enum(JOB_STATES),
  progress: z.number(),
  attempts: z.number(),
  data: z.unknown().describe("the job's payload"),
  result: z.unknown().describe("what the processor returned"),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type JobRunDto = z.infer<typeof JobRunDto>;
const JobDefinitionDto = z.object({ queue: z.string(), name: z.string(), description: z.string() });
const JobEnqueued = z.object({ queue: z.string(), name: z.string(), jobId: z.string() });

export function toJobDto(r: JobRun): JobRunDto {
  const durationMs = r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null;
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs,
  };
}

export const jobsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.db;
  const tags = ["jobs"];

  // one BullMQ QueueEvents subscription per api process, fanned out to every SSE client
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  const subscription = await subscribeJobEvents({
    redisUrl: deps.config.REDIS_URL,
    prefix: deps.queuePrefix,
    onEvent: async (event) => {
      const [row] = await db.select().from(jobRuns).where(and(eq(jobRuns.queue, event.queue), eq(jobRuns.jobId, event.jobId))).limit(1);
      // the row is written before BullMQ reports the job, except for scheduler-made jobs' first event
      if (row) bus.emit("job", toJobDto(row));
    },
  });
  const stream = eventStreams(app);
  app.addHook("onClose", async () => subscription.close());

  app.get("/api/jobs", { config: { access: "jobs:read" }, schema: { tags, querystring: JobListQuery, response: { 200: z.array(JobRunDto), ...authed(400) } } }, async (request, reply) => {
    const q = request.query;
    const where = whereAll(q.queue && eq(jobRuns.queue, q.queue), q.name && eq(jobRuns.name, q.name), q.state && eq(jobRuns.state, q.state));
    // job runs pile up: a separate count keeps the page on the index
    const page = await pageWithCount(
      q,
      { fallback: 50, max: 500 },
      ({ limit, offset }) =>
        db
          .select()
          .from(jobRuns)
          .where(where)
          .orderBy(...orderBy(q._order, jobRuns[q._sort], desc(jobRuns.id)))
          .limit(limit)
          .offset(offset),
      async () => (await db.select({ n: count() }).from(jobRuns).where(where))[0]?.n ?? 0,
    );
    return sendPage(reply, page, toJobDto);
  });

  app.get("/api/jobs/definitions", { config: { access: "jobs:read" }, schema: { tags, response: { 200: z.array(JobDefinitionDto), ...authed() } } }, async () =>
    JOB_DEFINITIONS.filter((d) => d.manual).map(({ queue, name, description }) => ({ queue, name, description })),
  );

  app.post("/api/jobs/:queue/:name", { config: { access: "jobs:run" }, schema: { tags, params: RunParams, response: { 202: JobEnqueued, ...authed(400, 404) } } }, async (request, reply) => {
    const { queue, name } = request.params;
    const definition = JOB_DEFINITIONS.find((d) => d.queue === queue && d.name === name);
    if (!definition) throw AppError.notFound("job", `${queue}/${name}`);
    // the others are started by the app itself (a rule's "send test", a schedule) with payloads it builds
    if (!definition.manual) throw new AppError("forbidden", `${queue}/${name} is not a manual job`);
    const parsed = definition.payload.safeParse(request.body ?? {});
    if (!parsed.success) throw AppError.validation(zodIssues(parsed.error.issues));
    const payload = parsed.data;
    // then the contract's limits against this installation's settings (e.g. the audit retention)
    const limited = definition.limits?.(payload as never, { ...deps.config }) ?? [];
    if (limited.length) throw AppError.validation(limited);
    // an id per second: a double click runs the job once
    const { jobId } = await deps.queues.enqueue({ queue, name, payload } as never, { jobId: jobIdFor(definition.queue, name, "manual", new Date()) });
    await writeAudit(db, request, { action: "job.enqueue", entity: "job", entityId: `${queue}/${name}/${jobId}`, after: payload });
    return reply.status(202).send({ queue, name, jobId });
  });

  app.get(
    "/api/jobs/stream",
    {
      config: { access: "jobs:read" },
      sse: { kind: "only" },
      schema: { tags, response: { 200: eventStream("`ready` at once, then a `job` event (a job run, as in the list) on every change"), ...authed() } },
    },
    (request, reply) => stream(request, reply, { ready: {}, source: bus, event: "job" }),
  );
};

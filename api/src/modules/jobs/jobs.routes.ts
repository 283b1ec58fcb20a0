import { EventEmitter } from "node:events";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { and, asc, count, desc, eq, jobRuns, type JobRun } from "@ist/db";
import { JOB_DEFINITIONS, jobIdFor } from "@ist/jobs/contracts";
import type { AppDeps } from "../../app";
import { subscribeJobEvents } from "../../job-events";
import { AppError } from "../../errors";
import { eventStreams } from "../../lib/event-stream";
import { listQuery, pageSize, withTotal } from "../../lib/list";
import { writeAudit } from "../../plugins/audit";

const JobListQuery = listQuery(["id", "createdAt", "startedAt", "finishedAt", "queue", "state"], { sort: "id", order: "desc" }).extend({
  queue: z.string().max(50).optional(),
  name: z.string().max(50).optional(),
  state: z.enum(["waiting", "active", "completed", "failed"]).optional(),
});
type JobListQuery = z.infer<typeof JobListQuery>;
const RunParams = z.object({ queue: z.string().max(50), name: z.string().max(50) });

export function toJobDto(r: JobRun) {
  const durationMs = r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null;
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs,
  };
}

export async function jobsRoutes(app: FastifyInstance, deps: AppDeps) {
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

  app.get("/api/jobs", { config: { access: "jobs:read" }, schema: { tags, querystring: JobListQuery } }, async (request, reply) => {
    const q = request.query as JobListQuery;
    const filters = [q.queue && eq(jobRuns.queue, q.queue), q.name && eq(jobRuns.name, q.name), q.state && eq(jobRuns.state, q.state)].filter(
      (f): f is NonNullable<typeof f> & object => Boolean(f),
    );
    const where = filters.length ? and(...filters) : undefined;
    const limit = pageSize(q, 50, 500);
    const [rows, [total]] = await Promise.all([
      db.select().from(jobRuns).where(where).orderBy((q._order === "desc" ? desc : asc)(jobRuns[q._sort]), desc(jobRuns.id)).limit(limit).offset(q._start),
      db.select({ n: count() }).from(jobRuns).where(where),
    ]);
    return withTotal(reply, rows.map(toJobDto), total?.n ?? 0);
  });

  app.get("/api/jobs/definitions", { config: { access: "jobs:read" }, schema: { tags } }, async () =>
    JOB_DEFINITIONS.filter((d) => d.manual).map(({ queue, name, description }) => ({ queue, name, description })),
  );

  app.post("/api/jobs/:queue/:name", { config: { access: "jobs:run" }, schema: { tags, params: RunParams } }, async (request, reply) => {
    const { queue, name } = request.params as z.infer<typeof RunParams>;
    const definition = JOB_DEFINITIONS.find((d) => d.queue === queue && d.name === name);
    if (!definition) throw AppError.notFound("job", `${queue}/${name}`);
    const parsed = definition.payload.safeParse(request.body ?? {});
    if (!parsed.success) throw AppError.validation(parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message })));
    // an id per second: a double click runs the job once
    const { jobId } = await deps.queues.enqueue({ queue, name, payload: parsed.data } as never, { jobId: jobIdFor(definition.queue, name, "manual", new Date()) });
    await writeAudit(db, request, { action: "job.enqueue", entity: "job", entityId: `${queue}/${name}/${jobId}`, after: parsed.data });
    return reply.status(202).send({ queue, name, jobId });
  });

  app.get("/api/jobs/stream", { config: { access: "jobs:read" }, sse: { kind: "only" }, schema: { tags, hide: true } }, (request, reply) =>
    stream(request, reply, { ready: {}, source: bus, event: "job" }),
  );
}

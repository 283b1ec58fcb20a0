import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type { Db } from "@ist/db";
import { jobCatalog, type JobCatalog } from "./catalog";
import type { Processor, WorkerConfig, WorkerServices } from "./context";
import { domainEnvs, missingServices, validateDomains, type AnyJobsDomain } from "./domain";
import { DEFAULT_QUEUE_PREFIX } from "./queues";
import { createConnection } from "./redis";
import { JOBS_DOMAINS } from "./registry";
import { errorMessage, isFinalAttempt, toPercent } from "./run-policy";
import { recordActive, recordCompleted, recordFailed, recordProgress } from "./runs";

/** How an attempt ended: `retrying` is a failed attempt BullMQ will run again. */
export type JobFinishedState = "completed" | "failed" | "retrying";

export interface StartWorkersOptions {
  db: Db;
  redisUrl: string;
  prefix?: string;
  log: Logger;
  config: WorkerConfig;
  /** the process's parsed config; each domain's processors get their slice of it as `ctx.env` */
  env?: Readonly<Record<string, unknown>>;
  /** readers outside the operational database (the lake for alerts); a domain naming one it lacks refuses to start */
  services?: WorkerServices;
  /** the domains whose jobs this process can run; the registry's (JOBS_DOMAINS) by default */
  domains?: readonly AnyJobsDomain[];
  /** the queues this process works on; all of the domains' by default */
  queues?: readonly string[];
  /** jobs run at once per queue; 1 keeps the database load of heavy jobs predictable on 2 cores */
  concurrency?: number;
  /** called once per attempt, e.g. to feed the api's Prometheus histogram (the api owns prom-client) */
  onJobFinished?: (queue: string, name: string, state: JobFinishedState, durationMs: number) => void;
}

export interface Workers {
  /** lets running jobs finish, then disconnects */
  close(): Promise<void>;
}

/**
 * Starts one BullMQ worker per queue. Refuses to start, before touching Redis, when a domain is
 * incomplete (a job without a processor) or needs a service that `services` lacks: that error is
 * cheaper at deploy time than on the first run of the job.
 */
export async function startWorkers(opts: StartWorkersOptions): Promise<Workers> {
  const domains = opts.domains ?? JOBS_DOMAINS;
  validateDomains(domains);
  const catalog = jobCatalog(domains.map((d) => d.contract));
  const names = opts.queues ?? catalog.queueNames;
  const unknown = names.filter((n) => !catalog.isQueueName(n));
  if (unknown.length) throw new Error(`unknown queue(s): ${unknown.join(", ")}; known: ${catalog.queueNames.join(", ")}`);
  const working = domains.filter((d) => names.includes(d.contract.queue));
  const missing = missingServices(working, { ...opts.services });
  if (missing.length) throw new Error(`workers cannot start:\n  ${missing.join("\n  ")}`);
  const envs = domainEnvs(working, opts.env ?? {});

  const processors = new Map(working.map((d) => [d.contract.queue, d.processors]));
  const log = opts.log.child({ module: "jobs" });
  const connection = createConnection(opts.redisUrl, { worker: true });
  const workers = names.map((queue) => {
    const env = envs.get(queue) ?? {};
    const resolve = (job: Job) => ({ ...resolveJob(catalog, processors.get(queue) ?? {}, queue, job), env });
    const worker = new Worker(queue, (job: Job) => runJob(queue, job, resolve, opts, log), {
      connection,
      prefix: opts.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: opts.concurrency ?? 1,
    });
    worker.on("error", (err) => log.error({ err, queue }, "worker error"));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info({ queues: names }, "workers started");
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await connection.quit().catch(() => connection.disconnect());
      log.info("workers closed");
    },
  };
}

type Resolve = (job: Job) => { processor: Processor; payload: unknown; env: Readonly<Record<string, unknown>> };

/** The job's processor and its validated payload; a job that breaks the contract fails the same way every time, so it is not retried. */
function resolveJob(catalog: JobCatalog, processors: AnyJobsDomain["processors"], queue: string, job: Job): { processor: Processor; payload: unknown } {
  // a processor is typed for its own payload; the contract's parse below is what makes the call sound
  const processor = processors[job.name] as Processor | undefined;
  if (!processor) throw new UnrecoverableError(`no processor for ${queue}/${job.name}`);
  try {
    return { processor, payload: catalog.parsePayload(queue, job.name, job.data) };
  } catch (err) {
    throw new UnrecoverableError((err as Error).message);
  }
}

async function runJob(queue: string, job: Job, resolve: Resolve, opts: StartWorkersOptions, parentLog: Logger): Promise<unknown> {
  const { db, config } = opts;
  const jobId = job.id ?? "";
  const attempt = job.attemptsMade + 1;
  const log = parentLog.child({ queue, jobId, name: job.name, attempt });
  const run = { queue, jobId };
  const started = Date.now();
  const finish = (state: JobFinishedState) => {
    const durationMs = Date.now() - started;
    try {
      opts.onJobFinished?.(queue, job.name, state, durationMs);
    } catch (err) {
      log.warn({ err }, "onJobFinished hook threw");
    }
    return durationMs;
  };

  try {
    await recordActive(db, { ...run, name: job.name, data: job.data, attempt, startedAt: new Date(started), schedulerId: job.repeatJobKey });
    log.info("job started");
    const { processor, payload, env } = resolve(job);
    const result = await processor({
      payload,
      job: { queue, name: job.name, id: jobId, attempt, dueAt: new Date(job.timestamp + (job.opts.delay ?? 0)) },
      db,
      log,
      config,
      env,
      services: opts.services ?? {},
      async progress(percent) {
        const value = toPercent(percent);
        // the row first: the api re-reads it when the progress event reaches the console
        await recordProgress(db, run, value);
        await job.updateProgress(value);
      },
    });
    await recordCompleted(db, { ...run, attempt, result, finishedAt: new Date() });
    log.info({ durationMs: finish("completed") }, "job completed");
    return result;
  } catch (err) {
    const final = isFinalAttempt({ attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts, unrecoverable: err instanceof UnrecoverableError });
    const message = errorMessage(err);
    await recordFailed(db, { ...run, attempt, error: message, final, finishedAt: new Date() }).catch((recordErr) =>
      log.error({ err: recordErr }, "could not record the failed attempt in job_runs"),
    );
    const durationMs = finish(final ? "failed" : "retrying");
    // the message lines are left out of the frames: drizzle puts query parameters there
    const frames = err instanceof Error ? err.stack?.split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 10) : undefined;
    if (final) log.error({ error: message, frames, durationMs }, "job failed");
    else log.warn({ error: message, durationMs }, "job attempt failed; BullMQ will retry it");
    throw err;
  }
}

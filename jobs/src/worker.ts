import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type { Db } from "@ist/db";
import { isQueueName, parsePayload, QUEUE_NAMES, type QueueName } from "./contracts";
import type { WorkerConfig, WorkerServices } from "./context";
import { processorFor } from "./processors";
import { DEFAULT_QUEUE_PREFIX } from "./queues";
import { createConnection } from "./redis";
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
  /** readers outside the operational database (the lake for alerts); a processor that needs a missing one fails */
  services?: WorkerServices;
  /** the queues this process works on; all of the contract's by default */
  queues?: readonly string[];
  /** jobs run at once per queue; 1 keeps the database load of heavy jobs predictable on 2 cores */
  concurrency?: number;
  /** called once per attempt, e.g. to feed the api's Prometheus histogram (the api owns prom-client) */
  onJobFinished?: (queue: QueueName, name: string, state: JobFinishedState, durationMs: number) => void;
}

export interface Workers {
  /** lets running jobs finish, then disconnects */
  close(): Promise<void>;
}

export async function startWorkers(opts: StartWorkersOptions): Promise<Workers> {
  const names = opts.queues ?? QUEUE_NAMES;
  const unknown = names.filter((n) => !isQueueName(n));
  if (unknown.length) throw new Error(`unknown queue(s): ${unknown.join(", ")}; known: ${QUEUE_NAMES.join(", ")}`);
  const log = opts.log.child({ module: "jobs" });
  const connection = createConnection(opts.redisUrl, { worker: true });
  const workers = (names as QueueName[]).map((queue) => {
    const worker = new Worker(queue, (job: Job) => runJob(queue, job, opts, log), {
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

/** The job's processor and its validated payload; a job that breaks the contract fails the same way every time, so it is not retried. */
function resolve(queue: QueueName, job: Job) {
  const processor = processorFor(queue, job.name);
  if (!processor) throw new UnrecoverableError(`no processor for ${queue}/${job.name}`);
  try {
    return { processor, payload: parsePayload(queue, job.name, job.data) };
  } catch (err) {
    throw new UnrecoverableError((err as Error).message);
  }
}

async function runJob(queue: QueueName, job: Job, opts: StartWorkersOptions, parentLog: Logger): Promise<unknown> {
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
    const { processor, payload } = resolve(queue, job);
    const result = await processor({
      payload,
      job: { queue, name: job.name, id: jobId, attempt, dueAt: new Date(job.timestamp + (job.opts.delay ?? 0)) },
      db,
      log,
      config,
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

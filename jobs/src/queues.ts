import { Queue, type DefaultJobOptions } from "bullmq";
import type { Redis } from "ioredis";
import { installationId, type Db } from "@ist/db";
import { jobCatalog, type EnvelopeOf, type JobsContract } from "./catalog";
import { assertJobId, CONTRACTS, type JobEnvelope, type QueueName } from "./contracts";
import { createConnection } from "./redis";
import { recordWaiting } from "./runs";

export const DEFAULT_QUEUE_PREFIX = "ist";

/**
 * The BullMQ key prefix of this installation: QUEUE_PREFIX when set, else `ist-<installation id>`
 * (generated once into the database), so two installations sharing one Redis (and DB 0) never
 * see each other's queues, and the api and its workers always agree.
 */
export async function queuePrefixFor(db: Db, configured?: string): Promise<string> {
  return configured ?? `${DEFAULT_QUEUE_PREFIX}-${await installationId(db)}`;
}

/**
 * Three attempts with exponential backoff (1 s, 2 s) ride out a database restart or a lock timeout.
 * Redis keeps only recent finished jobs: job_runs is the history the console reads.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { count: 1_000, age: 7 * 24 * 3600 },
  removeOnFail: { count: 5_000, age: 30 * 24 * 3600 },
} as const satisfies DefaultJobOptions;

export type QueueCounts = Record<string, Record<string, number>>;

/** Producer-side handle on the queues; `E`/`Q` widen when a caller adds domains (`createQueues({ domains })`). */
export interface Queues<E extends { queue: string; name: string; payload: unknown } = JobEnvelope, Q extends string = QueueName> {
  readonly prefix: string;
  /** Validates the payload against the contract (throws InvalidJobError naming the field) and adds the job. */
  enqueue(envelope: E, opts?: { jobId?: string; delay?: number }): Promise<{ jobId: string }>;
  queue(name: Q): Queue;
  /** job counts per queue and state, for metrics */
  depths(): Promise<QueueCounts>;
  close(): Promise<void>;
}

export type CreateQueuesOptions = ({ url: string } | { connection: Redis }) & {
  prefix?: string;
  /** when given, a `waiting` job_runs row is written at enqueue so the console lists the run at once */
  db?: Db;
  /** the domains whose jobs may be enqueued; the contract's (CONTRACTS) by default */
  domains?: readonly { contract: JobsContract }[];
};

export function createQueues(opts: CreateQueuesOptions & { domains?: undefined }): Queues;
export function createQueues<const D extends readonly { contract: JobsContract }[]>(
  opts: CreateQueuesOptions & { domains: D },
): Queues<EnvelopeOf<D[number]["contract"]>, D[number]["contract"]["queue"]>;
export function createQueues(opts: CreateQueuesOptions): Queues<{ queue: string; name: string; payload: unknown }, string> {
  const catalog = jobCatalog<JobsContract>(opts.domains?.map((d) => d.contract) ?? CONTRACTS);
  const owned = "url" in opts;
  const connection = "url" in opts ? createConnection(opts.url, { worker: false }) : opts.connection;
  const prefix = opts.prefix ?? DEFAULT_QUEUE_PREFIX;
  const open = new Map<string, Queue>();

  const queue = (name: string): Queue => {
    let q = open.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      q.on("error", () => {}); // surfaced by the failing call
      open.set(name, q);
    }
    return q;
  };

  return {
    prefix,
    queue,
    async enqueue(envelope, { jobId, delay } = {}) {
      const payload = catalog.parsePayload(envelope.queue, envelope.name, envelope.payload);
      if (jobId !== undefined) assertJobId(jobId);
      const job = await queue(envelope.queue).add(envelope.name, payload, { jobId, delay });
      if (!job.id) throw new Error(`BullMQ returned no id for ${envelope.queue}/${envelope.name}`);
      if (opts.db) await recordWaiting(opts.db, { queue: envelope.queue, name: envelope.name, jobId: job.id, data: payload });
      return { jobId: job.id };
    },
    async depths() {
      const entries = await Promise.all(
        catalog.queueNames.map(async (name) => [name, await queue(name).getJobCounts("waiting", "active", "delayed", "completed", "failed")] as const),
      );
      return Object.fromEntries(entries);
    },
    async close() {
      await Promise.all([...open.values()].map((q) => q.close()));
      open.clear();
      if (owned) await connection.quit().catch(() => connection.disconnect());
    },
  };
}

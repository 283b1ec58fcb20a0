import { QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { JobState } from "@ist/db";
import { QUEUE_NAMES, type QueueName } from "./contracts";
import { DEFAULT_QUEUE_PREFIX } from "./queues";
import { createConnection } from "./redis";
import { toPercent } from "./run-policy";

export interface JobEvent {
  queue: QueueName;
  jobId: string;
  /** known when this subscription saw the job being added */
  name?: string;
  state: JobState;
  progress?: number;
  error?: string;
}

export interface JobEventsSubscription {
  close(): Promise<void>;
}

const NAME_CACHE_SIZE = 10_000;

/**
 * Follows every queue's BullMQ event stream and reports job state changes, in order, one onEvent at a
 * time (an async handler is awaited before the next event). Events emitted after the returned promise
 * resolves are never missed.
 */
export async function subscribeJobEvents(opts: {
  redisUrl: string;
  prefix?: string;
  queues?: readonly QueueName[];
  onEvent: (event: JobEvent) => void | Promise<void>;
  log?: Logger;
}): Promise<JobEventsSubscription> {
  const prefix = opts.prefix ?? DEFAULT_QUEUE_PREFIX;
  const names = new Map<string, string>();
  let chain = Promise.resolve();
  const emit = (event: JobEvent) => {
    chain = chain
      .then(() => opts.onEvent({ ...event, name: event.name ?? names.get(`${event.queue}/${event.jobId}`) }))
      .catch((err) => opts.log?.warn({ err, event }, "job event handler failed"));
  };

  const subscriptions = await Promise.all(
    (opts.queues ?? QUEUE_NAMES).map(async (queue) => {
      // QueueEvents blocks on XREAD, so each gets a connection of its own
      const connection = createConnection(opts.redisUrl, { worker: true });
      // start from the stream's current end, read now, so nothing between here and the first XREAD is lost
      const [last] = await connection.xrevrange(`${prefix}:${queue}:events`, "+", "-", "COUNT", 1);
      const events = new QueueEvents(queue, { connection, prefix, lastEventId: last?.[0] ?? "0-0" });
      events.on("error", (err) => opts.log?.warn({ err, queue }, "job events error"));
      events.on("added", ({ jobId, name }) => {
        names.set(`${queue}/${jobId}`, name);
        if (names.size > NAME_CACHE_SIZE) names.delete(names.keys().next().value as string);
      });
      events.on("waiting", ({ jobId }) => emit({ queue, jobId, state: "waiting" }));
      // a delayed job, or one waiting out its retry backoff
      events.on("delayed", ({ jobId }) => emit({ queue, jobId, state: "waiting" }));
      events.on("active", ({ jobId }) => emit({ queue, jobId, state: "active" }));
      events.on("progress", ({ jobId, data }) => emit({ queue, jobId, state: "active", progress: toPercent(data) }));
      events.on("completed", ({ jobId }) => emit({ queue, jobId, state: "completed", progress: 100 }));
      // first line only: drizzle puts query parameters on the next ones
      events.on("failed", ({ jobId, failedReason }) => emit({ queue, jobId, state: "failed", error: failedReason?.split("\n")[0] }));
      await events.waitUntilReady();
      return { events, connection };
    }),
  );

  return {
    async close() {
      await Promise.all(subscriptions.map(({ events, connection }) => closeEvents(events, connection)));
      await chain;
    },
  };
}

async function closeEvents(events: QueueEvents, connection: Redis): Promise<void> {
  // the shared connection sits in a blocking XREAD; dropping it ends the read at once
  connection.disconnect();
  await events.close();
}

import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eq, installationId, jobRuns, type Db } from "@ist/db";
import { freshDatabase, type TestDatabase } from "@ist/db/testing";
import { jobIdFor } from "./contracts";
import { createQueues, DEFAULT_QUEUE_PREFIX, queuePrefixFor, type Queues } from "./queues";
import { startWorkers, type Workers } from "./worker";

const redisUrl = inject("redisUrl");

/** Two installations (two databases) on one Redis, DB 0, each with its own workers and producer. */
describe.skipIf(!redisUrl)("installations sharing one Redis", () => {
  const installs: Array<{ t: TestDatabase; db: Db; prefix: string; queues?: Queues; workers?: Workers }> = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const t = await freshDatabase("pglite");
      installs.push({ t, db: t.handle.db, prefix: await queuePrefixFor(t.handle.db) });
    }
  });
  afterAll(async () => {
    const redis = new Redis(redisUrl);
    for (const i of installs) {
      await i.workers?.close();
      await i.queues?.close();
      const keys = await redis.keys(`${i.prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await i.t.drop();
    }
    await redis.quit();
  });

  it("derive different, stable prefixes from their installation ids", async () => {
    const [a, b] = installs;
    expect(a!.prefix).not.toBe(b!.prefix);
    expect(a!.prefix).not.toBe(DEFAULT_QUEUE_PREFIX);
    expect(a!.prefix).toBe(`ist-${await installationId(a!.db)}`);
    expect(await queuePrefixFor(a!.db)).toBe(a!.prefix);
    expect(await queuePrefixFor(a!.db, "mine")).toBe("mine");
  });

  it("never run each other's jobs", async () => {
    const [a, b] = installs as [(typeof installs)[0], (typeof installs)[0]];
    const start = (i: typeof a) =>
      startWorkers({ db: i.db, redisUrl, prefix: i.prefix, log: pino({ level: "silent" }), config: { auditRetentionDays: 400 }, queues: ["audit"] });
    // install B's workers are up first: with a shared prefix they would take A's job
    b.workers = await start(b);
    a.queues = createQueues({ url: redisUrl, prefix: a.prefix, db: a.db });
    const { jobId } = await a.queues.enqueue({ queue: "audit", name: "prune", payload: {} }, { jobId: jobIdFor("audit", "prune", "prefix-test") });
    await sleep(1_500);
    expect(await a.queues.queue("audit").getJobCounts("waiting")).toEqual({ waiting: 1 });
    expect(await b.db.select().from(jobRuns)).toEqual([]);

    a.workers = await start(a);
    const deadline = Date.now() + 20_000;
    let state: string | undefined;
    while (Date.now() < deadline) {
      [{ state } = { state: undefined }] = await a.db.select({ state: jobRuns.state }).from(jobRuns).where(eq(jobRuns.jobId, jobId));
      if (state === "completed") break;
      await sleep(100);
    }
    expect(state).toBe("completed");
    expect(await b.db.select().from(jobRuns)).toEqual([]);
  });
});

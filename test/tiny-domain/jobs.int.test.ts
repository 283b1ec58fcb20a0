import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { and, eq, jobRuns, type Db, type JobRun } from "@ist/db";
import { databaseTargets, freshDatabase, type TestDatabase } from "@ist/db/testing";
import { tinyJobs, tinyNeedingMailer, tinyWithoutProcessor } from "./jobs";
import { createQueues, InvalidJobError, JOBS_DOMAINS, loadWorkerConfig, startWorkerRuntime, startWorkers, type WorkerRuntime } from "@ist/jobs";

const redisUrl = inject("redisUrl");
const log = pino({ level: "silent" });

async function waitForRun(db: Db, jobId: string, timeoutMs = 20_000): Promise<JobRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.select().from(jobRuns).where(and(eq(jobRuns.queue, "tiny"), eq(jobRuns.jobId, jobId)));
    if (row && (row.state === "completed" || row.state === "failed")) return row;
    if (Date.now() > deadline) throw new Error(`tiny job ${jobId} did not finish; last: ${JSON.stringify(row)}`);
    await sleep(50);
  }
}

async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

/** Workers BullMQ sees on a queue: none means a refused start left nothing running. */
async function workersOn(prefix: string, queue: string): Promise<number> {
  const q = new Queue(queue, { connection: { url: redisUrl }, prefix });
  try {
    return (await q.getWorkers()).length;
  } finally {
    await q.close();
  }
}

// PostgreSQL when it answers (as production runs), PGlite otherwise
const kind = databaseTargets().at(-1)!;

describe.skipIf(!redisUrl)(`a domain added at run time, on real Redis and ${kind}`, () => {
  const prefix = `ist-test-tiny-${randomBytes(4).toString("hex")}`;
  const refusedPrefix = `${prefix}-refused`;
  const dataDir = mkdtempSync(join(tmpdir(), "ist-tiny-"));
  // what the api's Config or WorkerEnv would hold once the tiny slice is composed into it
  const config = { ...loadWorkerConfig({ DATA_DIR: dataDir }), TINY_GREETING: "hi" };
  const domains = [...JOBS_DOMAINS, tinyJobs];
  const finished: Array<[string, string, string]> = [];
  let t: TestDatabase;
  let runtime: WorkerRuntime;
  let queues: ReturnType<typeof createQueues<typeof domains>>;

  beforeAll(async () => {
    t = await freshDatabase(kind);
    runtime = await startWorkerRuntime({ config, db: t.handle.db, redisUrl, prefix, log, domains, onJobFinished: (q, n, state) => void finished.push([q, n, state]) });
    queues = createQueues({ url: redisUrl, prefix, db: t.handle.db, domains });
  });
  afterAll(async () => {
    await runtime?.close();
    await queues?.close();
    await dropKeys(prefix);
    await dropKeys(refusedPrefix);
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs its job on a real worker, with its config slice, and records the run in job_runs", async () => {
    const { jobId } = await queues.enqueue({ queue: "tiny", name: "hello", payload: { name: "Ada" } });
    const run = await waitForRun(t.handle.db, jobId);
    expect(run).toMatchObject({ state: "completed", name: "hello", progress: 100, attempts: 1, data: { name: "Ada" }, result: { greeting: "hi, Ada" }, error: null });
    expect(finished).toContainEqual(["tiny", "hello", "completed"]);
    expect(await workersOn(prefix, "tiny")).toBe(1);
  });

  it("validates its payload against its contract at enqueue", async () => {
    const bad = queues.enqueue({ queue: "tiny", name: "hello", payload: { name: "" } });
    await expect(bad).rejects.toBeInstanceOf(InvalidJobError);
    await expect(bad).rejects.toThrow(/^invalid job tiny\/hello: name: /);
  });

  it("registers its schedule beside the shipped domains' ones", async () => {
    const scheduler = await queues.queue("tiny").getJobScheduler("tiny-hello");
    expect(scheduler).toMatchObject({ name: "hello", pattern: "0 12 * * *", tz: "Asia/Shanghai", template: { data: { name: "noon" } } });
    expect(await queues.queue("audit").getJobScheduler("audit-prune")).toMatchObject({ pattern: "0 3 * * *", template: { data: { retentionDays: 400 } } });
    expect(await queues.queue("alerts").getJobScheduler("alerts-evaluate")).toMatchObject({ pattern: "* * * * *" });
  });

  it("refuses to start when the domain has a job without a processor, naming it", async () => {
    const start = startWorkerRuntime({ config, db: t.handle.db, redisUrl, prefix: refusedPrefix, log, domains: [...JOBS_DOMAINS, tinyWithoutProcessor] });
    await expect(start).rejects.toThrow(/job tiny\/hello has no processor/);
    expect(await workersOn(refusedPrefix, "tiny")).toBe(0);
    expect(await workersOn(refusedPrefix, "audit")).toBe(0);
  });

  it("refuses to start when the domain needs a service the process does not provide, naming both", async () => {
    const start = startWorkerRuntime({ config, db: t.handle.db, redisUrl, prefix: refusedPrefix, log, domains: [...JOBS_DOMAINS, tinyNeedingMailer] });
    await expect(start).rejects.toThrow(/jobs domain tiny needs service "mailer", which this process does not provide/);
    expect(await workersOn(refusedPrefix, "tiny")).toBe(0);
  });

  it("refuses to start when its config slice refuses a value, naming domain and variable", async () => {
    const tooLong = { ...config, TINY_GREETING: "a greeting far too long" };
    const start = startWorkerRuntime({ config: tooLong, db: t.handle.db, redisUrl, prefix: refusedPrefix, log, domains });
    await expect(start).rejects.toThrow(/jobs domain tiny: TINY_GREETING: /);
    expect(await workersOn(refusedPrefix, "tiny")).toBe(0);
  });

  it("refuses to start a shipped domain whose service is missing (alerts without its lake services)", async () => {
    const start = startWorkers({ db: t.handle.db, redisUrl, prefix: refusedPrefix, log, config: runtime.config, domains });
    await expect(start).rejects.toThrow(/jobs domain alerts needs service "alerts"/);
    expect(await workersOn(refusedPrefix, "alerts")).toBe(0);
  });
});

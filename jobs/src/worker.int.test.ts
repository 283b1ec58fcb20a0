import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { and, auditLog, eq, jobRuns, sql, type Db, type JobRun, type JobState } from "@ist/db";
import { databaseTargets, freshDatabase, type TestDatabase } from "@ist/db/testing";
import { InvalidJobError, jobIdFor } from "./contracts";
import { subscribeJobEvents, type JobEvent } from "./events";
import { createQueues, type Queues } from "./queues";
import { registerSchedules } from "./schedules";
import { startWorkers, type JobFinishedState, type Workers } from "./worker";

const DAY = 86_400_000;
const redisUrl = inject("redisUrl");

async function waitForRun(db: Db, jobId: string, states: JobState[], timeoutMs = 20_000): Promise<JobRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.select().from(jobRuns).where(and(eq(jobRuns.queue, "audit"), eq(jobRuns.jobId, jobId)));
    if (row && states.includes(row.state)) return row;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not reach ${states.join("/")}; last: ${JSON.stringify(row)}`);
    await sleep(50);
  }
}

async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

describe.skipIf(!redisUrl).each(databaseTargets())("jobs on real Redis and %s", (kind) => {
  // one BullMQ prefix per file and database, so parallel test files never share a queue
  const prefix = `ist-test-worker-${kind}-${randomBytes(4).toString("hex")}`;
  const finished: Array<[string, string, JobFinishedState, number]> = [];
  let t: TestDatabase;
  let db: Db;
  let queues: Queues;
  let workers: Workers;
  const uniqueId = (label: string) => jobIdFor("audit", "prune", label, randomBytes(4).toString("hex"));

  beforeAll(async () => {
    t = await freshDatabase(kind);
    db = t.handle.db;
    workers = await startWorkers({
      db,
      redisUrl,
      prefix,
      log: pino({ level: "silent" }),
      config: { auditRetentionDays: 400 },
      // only audit's jobs run here: the alerts domain would need its lake services
      queues: ["audit"],
      onJobFinished: (...call) => void finished.push(call),
    });
    queues = createQueues({ url: redisUrl, prefix, db });
  });
  afterAll(async () => {
    await workers?.close();
    await queues?.close();
    await dropKeys(prefix);
    await t?.drop();
  });

  it("prunes audit rows past retention, keeps recent ones and records the run", async () => {
    const now = Date.now();
    await db.insert(auditLog).values(
      [1000, 401, 400.01, 399.9, 10, 0].map((days, i) => ({ action: "test", entity: "row", entityId: `r${i}`, at: new Date(now - days * DAY) })),
    );
    const { jobId } = await queues.enqueue({ queue: "audit", name: "prune", payload: {} }, { jobId: uniqueId("manual") });

    const run = await waitForRun(db, jobId, ["completed", "failed"]);
    expect(run).toMatchObject({ state: "completed", progress: 100, attempts: 1, name: "prune", businessKey: jobId, error: null, data: {} });
    expect(run.result).toMatchObject({ deleted: 3 });
    expect(Date.parse((run.result as { cutoff: string }).cutoff)).toBeLessThanOrEqual(now - 400 * DAY + 60_000);
    expect(run.startedAt).toBeInstanceOf(Date);
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime());
    const left = await db.select({ id: auditLog.entityId }).from(auditLog).where(eq(auditLog.action, "test"));
    expect(left.map((r) => r.id).sort()).toEqual(["r3", "r4", "r5"]);
    expect(finished).toContainEqual(["audit", "prune", "completed", expect.any(Number)]);
  });

  it("writes a waiting row at enqueue and keeps one run per job id", async () => {
    const jobId = uniqueId("twice");
    const first = await queues.enqueue({ queue: "audit", name: "prune", payload: { retentionDays: 1000 } }, { jobId, delay: 60_000 });
    const [row] = await db.select().from(jobRuns).where(eq(jobRuns.jobId, jobId));
    expect(row).toMatchObject({ state: "waiting", queue: "audit", name: "prune", data: { retentionDays: 1000 } });
    const second = await queues.enqueue({ queue: "audit", name: "prune", payload: { retentionDays: 1000 } }, { jobId });
    expect(second.jobId).toBe(first.jobId);
    expect(await db.select().from(jobRuns).where(eq(jobRuns.jobId, jobId))).toHaveLength(1);
    expect((await queues.depths()).audit).toMatchObject({ delayed: 1 });
    await queues.queue("audit").remove(jobId);
  });

  it("retries a job that throws and ends it failed with the error recorded", async () => {
    // a real failure: the table the processor needs is gone
    await db.execute(sql`alter table audit_log rename to audit_log_away`);
    try {
      const { jobId } = await queues.enqueue({ queue: "audit", name: "prune", payload: {} }, { jobId: uniqueId("broken") });
      const run = await waitForRun(db, jobId, ["failed", "completed"]);
      expect(run).toMatchObject({ state: "failed", attempts: 3 });
      expect(run.error).toMatch(/audit_log/);
      expect(run.finishedAt).toBeInstanceOf(Date);
      const job = await queues.queue("audit").getJob(jobId);
      expect(await job?.getState()).toBe("failed");
      expect(job?.attemptsMade).toBe(3);
      const states = finished.filter((c) => c[2] !== "completed").map((c) => c[2]);
      expect(states).toEqual(["retrying", "retrying", "failed"]);
    } finally {
      await db.execute(sql`alter table audit_log_away rename to audit_log`);
    }
  });

  it("fails a job with an invalid payload at once, without retries", async () => {
    const jobId = uniqueId("invalid");
    // what an older or foreign producer could put in the queue, bypassing enqueue's validation
    await queues.queue("audit").add("prune", { retentionDays: -1 }, { jobId });
    const run = await waitForRun(db, jobId, ["failed", "completed"]);
    expect(run).toMatchObject({ state: "failed", attempts: 1 });
    expect(run.error).toMatch(/retentionDays/);
    const job = await queues.queue("audit").getJob(jobId);
    expect(await job?.getState()).toBe("failed");
    expect(job?.attemptsMade).toBe(1);
  });

  it("refuses to enqueue a payload or job id that breaks the contract", async () => {
    const bad = queues.enqueue({ queue: "audit", name: "prune", payload: { retentionDays: 0 } });
    await expect(bad).rejects.toBeInstanceOf(InvalidJobError);
    await expect(bad).rejects.toThrow(/retentionDays/);
    await expect(queues.enqueue({ queue: "audit", name: "prune", payload: {} }, { jobId: "audit:prune" })).rejects.toThrow(/":"/);
  });

  it("streams job events: active, then completed with progress 100", async () => {
    const events: JobEvent[] = [];
    const subscription = await subscribeJobEvents({ redisUrl, prefix, onEvent: (e) => void events.push(e) });
    try {
      const { jobId } = await queues.enqueue({ queue: "audit", name: "prune", payload: {} }, { jobId: uniqueId("events") });
      const deadline = Date.now() + 20_000;
      while (!events.some((e) => e.jobId === jobId && e.state === "completed")) {
        if (Date.now() > deadline) throw new Error(`no completed event; got ${JSON.stringify(events)}`);
        await sleep(50);
      }
      const mine = events.filter((e) => e.jobId === jobId);
      const states = mine.map((e) => e.state);
      expect(states.indexOf("active")).toBeGreaterThanOrEqual(0);
      expect(states.indexOf("active")).toBeLessThan(states.indexOf("completed"));
      expect(mine.at(-1)).toEqual({ queue: "audit", jobId, name: "prune", state: "completed", progress: 100 });
      expect(mine.some((e) => e.progress === 100 && e.state === "active")).toBe(true);
    } finally {
      await subscription.close();
    }
  });

  it("registers the daily prune schedule at 03:00 UTC, idempotently", async () => {
    await registerSchedules(queues, { auditRetentionDays: 90 });
    await registerSchedules(queues, { auditRetentionDays: 90 });
    const queue = queues.queue("audit");
    expect(await queue.getJobSchedulersCount()).toBe(1);
    const scheduler = await queue.getJobScheduler("audit-prune");
    expect(scheduler).toMatchObject({ name: "prune", pattern: "0 3 * * *", tz: "UTC", template: { data: { retentionDays: 90 } } });
    const next = new Date(scheduler!.next!);
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 0]);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(DAY);
    await queue.removeJobScheduler("audit-prune");
  });
});

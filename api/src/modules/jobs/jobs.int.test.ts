import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditLog } from "@ist/db";
import { startWorkers, type Workers } from "@ist/jobs";
import pino from "pino";
import { testApp, type TestApp } from "../../../../test/app";

describe("jobs: run now, live progress over SSE, run history", () => {
  let t: TestApp;
  let workers: Workers;
  let base: string;
  beforeAll(async () => {
    t = await testApp("pglite");
    workers = await startWorkers({ db: t.database.handle.db, redisUrl: inject("redisUrl"), prefix: t.prefix, log: pino({ level: "silent" }), config: { auditRetentionDays: 400 }, queues: ["audit"] });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await workers?.close();
    await t?.close();
  });

  it("streams the run from waiting to completed and lists it with its result", async () => {
    const cookie = await t.login("admin@demo.ist");
    const old = new Date(Date.now() - 500 * 86400_000);
    await t.database.handle.db.insert(auditLog).values([{ action: "x.old", entity: "x", at: old }, { action: "x.old", entity: "x", at: old }]);

    const abort = new AbortController();
    const stream = await fetch(`${base}/api/jobs/stream`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const states: string[] = [];
    const done = (async () => {
      const reader = stream.body!.getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += new TextDecoder().decode(value);
        for (const m of buffer.matchAll(/event: job\ndata: (.*)\n/g)) {
          const job = JSON.parse(m[1]!);
          if (!states.includes(job.state)) states.push(job.state);
          if (job.state === "completed") return job;
        }
      }
    })();

    const run = await t.app.inject({ method: "POST", url: "/api/jobs/audit/prune", headers: { cookie }, payload: {} });
    expect(run.statusCode).toBe(202);
    expect(run.json().jobId).not.toContain(":");
    const completed = await done;
    abort.abort();
    expect(completed).toMatchObject({ queue: "audit", name: "prune", progress: 100, result: { deleted: 2 } });
    expect(states).toContain("completed");

    const list = await t.app.inject({ url: "/api/jobs?_start=0&_end=10&state=completed", headers: { cookie } });
    expect(list.json()[0]).toMatchObject({ state: "completed", durationMs: expect.any(Number) });
    const defs = await t.app.inject({ url: "/api/jobs/definitions", headers: { cookie } });
    expect(defs.json()).toContainEqual(expect.objectContaining({ queue: "audit", name: "prune" }));
  });

  it("refuses an unknown job and a bad payload by field", async () => {
    const cookie = await t.login("admin@demo.ist");
    expect((await t.app.inject({ method: "POST", url: "/api/jobs/audit/explode", headers: { cookie }, payload: {} })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: "POST", url: "/api/jobs/audit/prune", headers: { cookie }, payload: { retentionDays: "forever" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields[0].path).toBe("retentionDays");
  });

  it("refuses a job that is not manual with 403, whatever its payload", async () => {
    const cookie = await t.login("admin@demo.ist");
    const res = await t.app.inject({ method: "POST", url: "/api/jobs/alerts/send-test", headers: { cookie }, payload: { ruleId: 1 } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: "forbidden", message: expect.stringContaining("not a manual job") });
  });

  it("refuses a prune that would keep less than the configured retention, naming the field", async () => {
    const cookie = await t.login("admin@demo.ist");
    const old = new Date(Date.now() - 30 * 86400_000);
    await t.database.handle.db.insert(auditLog).values({ action: "x.recent", entity: "x", at: old });
    for (const retentionDays of [1, 399]) {
      const res = await t.app.inject({ method: "POST", url: "/api/jobs/audit/prune", headers: { cookie }, payload: { retentionDays } });
      expect(res.statusCode).toBe(400);
      expect(res.json().details.fields).toEqual([expect.objectContaining({ path: "retentionDays", code: "too_small", message: expect.stringContaining("at least 400") })]);
    }
    const longer = await t.app.inject({ method: "POST", url: "/api/jobs/audit/prune", headers: { cookie }, payload: { retentionDays: 500 } });
    expect(longer.statusCode).toBe(202);
  });
});

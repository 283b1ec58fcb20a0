import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, auditLog, jobRuns } from "@ist/db";
import { databaseTargets, freshDatabase, type TestDatabase } from "@ist/db/testing";
import { UnrecoverableError } from "bullmq";
import pino from "pino";
import type { ProcessorContext } from "../context";
import type { AuditPrunePayload } from "./contract";
import { deleteAuditRowsBefore, deleteFinishedJobRunsBefore, prune } from "./prune";

const DAY = 86_400_000;

describe.each(databaseTargets())("deleteAuditRowsBefore on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("deletes rows older than the cutoff in batches, reports progress, and is idempotent", async () => {
    const { db } = t.handle;
    const now = Date.parse("2025-06-01T03:00:00Z");
    const ages = [500, 450, 401, 400.5, 399, 30, 0, 420];
    await db.insert(auditLog).values(ages.map((days, i) => ({ action: "test", entity: "row", entityId: String(i), at: new Date(now - days * DAY) })));
    const cutoff = new Date(now - 400 * DAY);

    const progress: number[] = [];
    const deleted = await deleteAuditRowsBefore(db, cutoff, { batchSize: 2, onProgress: async (p) => void progress.push(p) });

    expect(deleted).toBe(5);
    expect(progress).toEqual([40, 80, 100]);
    const left = await db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(left.map((r) => r.entityId)).toEqual(["4", "5", "6"]);
    expect(await deleteAuditRowsBefore(db, cutoff, { batchSize: 2 })).toBe(0);
  });

  it("refuses, unretried, a prune that would keep fewer days than AUDIT_RETENTION_DAYS, deleting nothing", async () => {
    const { db } = t.handle;
    const [row] = await db.insert(auditLog).values({ action: "test", entity: "keep-me", at: new Date(Date.now() - 10 * DAY) }).returning();
    const ctx = {
      payload: { retentionDays: 1 },
      job: { queue: "audit", name: "prune", id: "audit-prune-x", attempt: 1, dueAt: new Date() },
      db,
      log: pino({ level: "silent" }),
      config: { auditRetentionDays: 400 },
      env: {},
      services: {},
      progress: async () => undefined,
    } satisfies ProcessorContext<AuditPrunePayload>;
    await expect(prune(ctx)).rejects.toThrow(UnrecoverableError);
    await expect(prune(ctx)).rejects.toThrow("retentionDays: must be at least 400 (AUDIT_RETENTION_DAYS)");
    const left = await db.select().from(auditLog);
    expect(left.map((r) => r.id)).toContain(row!.id);
  });

  it("deletes finished job runs that ended before the cutoff, never waiting or active ones", async () => {
    const { db } = t.handle;
    const now = Date.parse("2025-06-01T03:00:00Z");
    const at = (days: number) => new Date(now - days * DAY);
    await db.insert(jobRuns).values([
      { queue: "alerts", name: "evaluate", jobId: "a", state: "completed", finishedAt: at(40) },
      { queue: "alerts", name: "evaluate", jobId: "b", state: "failed", finishedAt: at(31) },
      { queue: "alerts", name: "evaluate", jobId: "c", state: "completed", finishedAt: at(29) },
      { queue: "lake", name: "compact", jobId: "d", state: "active", startedAt: at(45) },
      { queue: "lake", name: "compact", jobId: "e", state: "waiting" },
    ]);
    expect(await deleteFinishedJobRunsBefore(db, at(30))).toBe(2);
    const left = await db.select({ jobId: jobRuns.jobId }).from(jobRuns).orderBy(asc(jobRuns.jobId));
    expect(left.map((r) => r.jobId)).toEqual(["c", "d", "e"]);
  });
});

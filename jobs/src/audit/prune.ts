import { and, auditLog, count, inArray, jobRuns, lt, type Db } from "@ist/db";
import { UnrecoverableError } from "bullmq";
import { auditRetentionLimit, type AuditPrunePayload } from "./contract";
import type { ProcessorContext } from "../context";
import { percentOf } from "../run-policy";
import { pruneCutoff, retentionDays } from "./engine";

/** Small enough that one delete holds its locks briefly, large enough that a year of rows takes seconds. */
export const PRUNE_BATCH_SIZE = 5_000;

/** Finished job runs are history for the console's jobs page; a month of it is plenty. */
export const JOB_RUN_RETENTION_DAYS = 30;

export interface PruneResult {
  deleted: number;
  cutoff: string;
  jobRunsDeleted: number;
}

/**
 * Deletes finished (completed or failed) job runs that ended before `cutoff`. The every-minute
 * schedules alone add ~1,500 rows a day; waiting and active runs are never touched.
 */
export async function deleteFinishedJobRunsBefore(db: Db, cutoff: Date): Promise<number> {
  const removed = await db
    .delete(jobRuns)
    .where(and(inArray(jobRuns.state, ["completed", "failed"]), lt(jobRuns.finishedAt, cutoff)))
    .returning({ id: jobRuns.id });
  return removed.length;
}

/**
 * Deletes audit rows older than `cutoff`, oldest ids first, one batch per statement.
 * Idempotent: a rerun with the same cutoff finds nothing left to delete.
 */
export async function deleteAuditRowsBefore(
  db: Db,
  cutoff: Date,
  opts: { batchSize?: number; onProgress?: (percent: number) => Promise<void> } = {},
): Promise<number> {
  const batchSize = opts.batchSize ?? PRUNE_BATCH_SIZE;
  const [counted] = await db.select({ n: count() }).from(auditLog).where(lt(auditLog.at, cutoff));
  const total = counted?.n ?? 0;
  let deleted = 0;
  for (;;) {
    const batch = db.select({ id: auditLog.id }).from(auditLog).where(lt(auditLog.at, cutoff)).orderBy(auditLog.id).limit(batchSize);
    const removed = await db.delete(auditLog).where(inArray(auditLog.id, batch)).returning({ id: auditLog.id });
    deleted += removed.length;
    await opts.onProgress?.(percentOf(deleted, Math.max(total, deleted)));
    if (removed.length < batchSize) return deleted;
  }
}

export async function prune(ctx: ProcessorContext<AuditPrunePayload>): Promise<PruneResult> {
  // a job that reached the queue by another road still may not cut into the retention
  const issues = auditRetentionLimit(ctx.payload, ctx.config.auditRetentionDays);
  if (issues.length) throw new UnrecoverableError(issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  const days = retentionDays(ctx.payload.retentionDays, ctx.config.auditRetentionDays);
  // measured from when the job was due, so every retry of this job prunes the same rows
  const cutoff = pruneCutoff(ctx.job.dueAt, days);
  const deleted = await deleteAuditRowsBefore(ctx.db, cutoff, { onProgress: (p) => ctx.progress(p) });
  const jobRunsDeleted = await deleteFinishedJobRunsBefore(ctx.db, pruneCutoff(ctx.job.dueAt, JOB_RUN_RETENTION_DAYS));
  ctx.log.info({ deleted, cutoff, retentionDays: days, jobRunsDeleted }, "audit log and job history pruned");
  return { deleted, cutoff: cutoff.toISOString(), jobRunsDeleted };
}

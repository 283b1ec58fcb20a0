import { and, eq, jobRuns, type Db, type JobState } from "@ist/db";
import { businessKeyOf } from "./run-policy";

/**
 * job_runs is the console's history of every run, one row per (queue, job id), upserted as the job
 * moves: waiting → active → completed | failed (or back to waiting while BullMQ retries it).
 */
interface RunKey {
  queue: string;
  jobId: string;
}

const key = (r: RunKey) => and(eq(jobRuns.queue, r.queue), eq(jobRuns.jobId, r.jobId));
const conflictTarget = [jobRuns.queue, jobRuns.jobId];

/** At enqueue; an existing row (a job id BullMQ already holds) is left as it is. */
export async function recordWaiting(db: Db, run: RunKey & { name: string; data: unknown }): Promise<void> {
  await db
    .insert(jobRuns)
    .values({ ...run, businessKey: businessKeyOf(run.jobId), state: "waiting" })
    .onConflictDoNothing({ target: conflictTarget });
}

export async function recordActive(
  db: Db,
  run: RunKey & { name: string; data: unknown; attempt: number; startedAt: Date; schedulerId?: string | null },
): Promise<void> {
  const fresh = run.attempt <= 1;
  const values = {
    state: "active" as JobState,
    name: run.name,
    data: run.data,
    attempts: run.attempt,
    progress: 0,
    finishedAt: null,
    result: null,
    // a retry keeps the run's first start (its duration spans the retries) and the last error
    ...(fresh ? { error: null, startedAt: run.startedAt } : {}),
  };
  await db
    .insert(jobRuns)
    .values({ queue: run.queue, jobId: run.jobId, businessKey: businessKeyOf(run.jobId, run.schedulerId), startedAt: run.startedAt, ...values })
    .onConflictDoUpdate({ target: conflictTarget, set: values });
}

export async function recordProgress(db: Db, run: RunKey, progress: number): Promise<void> {
  await db.update(jobRuns).set({ progress }).where(key(run));
}

export async function recordCompleted(db: Db, run: RunKey & { attempt: number; result: unknown; finishedAt: Date }): Promise<void> {
  await db
    .update(jobRuns)
    .set({ state: "completed", progress: 100, attempts: run.attempt, result: run.result ?? null, error: null, finishedAt: run.finishedAt })
    .where(key(run));
}

/** A failed attempt: `final` ends the run, otherwise BullMQ will retry it and the run waits again. */
export async function recordFailed(db: Db, run: RunKey & { attempt: number; error: string; final: boolean; finishedAt: Date }): Promise<void> {
  await db
    .update(jobRuns)
    .set(
      run.final
        ? { state: "failed", attempts: run.attempt, error: run.error, finishedAt: run.finishedAt }
        : { state: "waiting", attempts: run.attempt, error: run.error },
    )
    .where(key(run));
}

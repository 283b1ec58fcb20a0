/**
 * Pure rules for recording a job's runs, kept apart from BullMQ and the database so they can be
 * checked by table.
 */

/** Mirrors BullMQ's retry decision (Job.shouldRetryJob): is this failed attempt the job's last? */
export function isFinalAttempt(opts: { attemptsMade: number; maxAttempts: number | undefined; unrecoverable: boolean }): boolean {
  return opts.unrecoverable || opts.attemptsMade + 1 >= (opts.maxAttempts ?? 1);
}

/** A whole percentage 0–100 for the progress bar. */
export function toPercent(value: unknown): number {
  const n = typeof value === "number" ? value : Number.NaN;
  if (!Number.isFinite(n)) return 0;
  return Math.min(100, Math.max(0, Math.round(n)));
}

/** Share of `done` over `total` as a percentage; nothing to do counts as done. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 100;
  return toPercent((done / total) * 100);
}

/**
 * The business key of a run: a custom job id is one (built by jobIdFor); a scheduled job is keyed by
 * its scheduler; BullMQ's own numeric ids are not.
 */
export function businessKeyOf(jobId: string, schedulerId?: string | null): string | null {
  if (schedulerId) return schedulerId;
  return /^\d+$/.test(jobId) ? null : jobId;
}

/**
 * The first line of the message and of each cause: drizzle wraps the driver's reason ("relation …
 * does not exist") as `cause` and puts the query's parameters on the second line, which may hold
 * personal data and has no place in job_runs.
 */
export function errorMessage(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
    if (message && !parts.includes(message)) parts.push(message);
    if (!(e instanceof Error)) break;
  }
  return parts.join(": ");
}

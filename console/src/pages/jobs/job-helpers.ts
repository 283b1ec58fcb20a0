import type { JobRun } from "../../api/types";

/** An `event: job` message of `GET /api/jobs/stream`: the changed fields of one run, keyed by `id`. */
export type JobEvent = Pick<JobRun, "id" | "queue" | "name" | "jobId" | "state" | "progress" | "startedAt" | "finishedAt" | "error"> &
  Partial<JobRun>;

/** A row of the jobs table: a fetched run, or one so far known only from the stream. */
export type JobRow = JobEvent;

/**
 * Stream events win over the fetched page for the same `id`; runs the page has not seen yet
 * (started after it loaded) go on top, newest first.
 */
export function mergeJobRuns(rows: JobRun[], updates: Map<number, JobEvent>): JobRow[] {
  const known = new Set(rows.map((r) => r.id));
  const merged = rows.map((row) => {
    const update = updates.get(row.id);
    return update ? { ...row, ...update } : row;
  });
  const fresh = [...updates.values()].filter((u) => !known.has(u.id)).sort((a, b) => b.id - a.id);
  return [...fresh.map((u) => ({ businessKey: null, ...u })), ...merged];
}

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * A job's name and description in the UI language (`jobs.catalog.<queue>.<job>` in a domain's
 * locale files; a domain adding jobs adds its strings there). A job nobody labelled yet shows its
 * code and the api's English description.
 */
export function jobLabel(job: { queue: string; name: string }, t: T): string {
  return t(`jobs.catalog.${job.queue}.${job.name}.label`, { defaultValue: job.name });
}

export function jobDescription(job: { queue: string; name: string; description?: string }, t: T): string {
  return t(`jobs.catalog.${job.queue}.${job.name}.description`, { defaultValue: job.description ?? "" });
}

export function queueLabel(queue: string, t: T): string {
  return t(`jobs.queues.${queue}`, { defaultValue: queue });
}

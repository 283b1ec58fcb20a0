import { parsePayload, type JobEnvelope } from "./contracts";
import type { WorkerConfig } from "./context";
import { DEFAULT_JOB_OPTIONS, type Queues } from "./queues";

export interface ScheduleDefinition {
  /** the BullMQ job scheduler id: stable, so re-registering at every start updates instead of duplicating */
  id: string;
  /** cron pattern, evaluated in `tz` */
  pattern: string;
  tz: string;
  job(config: WorkerConfig): JobEnvelope;
}

export const SCHEDULES: readonly ScheduleDefinition[] = [
  {
    id: "audit-prune",
    pattern: "0 3 * * *",
    tz: "UTC",
    job: (config) => ({ queue: "audit", name: "prune", payload: { retentionDays: config.auditRetentionDays } }),
  },
  {
    // alert rules are judged once a minute: the smallest `for` an operator can set
    id: "alerts-evaluate",
    pattern: "* * * * *",
    tz: "UTC",
    job: () => ({ queue: "alerts", name: "evaluate", payload: {} }),
  },
  {
    // the flusher writes a part per touched day every few seconds: ten minutes of them merge in
    // well under a second, while an hour's ~1,800 small files would slow queries over today
    id: "lake-compact",
    pattern: "*/10 * * * *",
    tz: "UTC",
    job: () => ({ queue: "lake", name: "compact", payload: {} }),
  },
];

/** Upserts every schedule (BullMQ job schedulers); safe to call from each process at start. */
export async function registerSchedules(queues: Queues, config: WorkerConfig): Promise<void> {
  for (const schedule of SCHEDULES) {
    const { queue, name, payload } = schedule.job(config);
    await queues.queue(queue).upsertJobScheduler(
      schedule.id,
      { pattern: schedule.pattern, tz: schedule.tz },
      { name, data: parsePayload(queue, name, payload), opts: DEFAULT_JOB_OPTIONS },
    );
  }
}

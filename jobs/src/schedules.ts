import type { Queue } from "bullmq";
import { jobCatalog } from "./catalog";
import type { WorkerConfig } from "./context";
import type { AnyJobsDomain, AnySchedule } from "./domain";
import { DEFAULT_JOB_OPTIONS } from "./queues";
import { JOBS_DOMAINS } from "./registry";

export interface ScheduleDefinition extends Omit<AnySchedule, "job"> {
  queue: string;
  job(config: WorkerConfig): { queue: string; name: string; payload: unknown };
}

/** The domains' schedules, each with its queue. */
export function schedulesOf(domains: readonly AnyJobsDomain[]): ScheduleDefinition[] {
  return domains.flatMap(({ contract: { queue }, schedules = [] }) =>
    schedules.map((s) => ({ id: s.id, pattern: s.pattern, tz: s.tz, queue, job: (config: WorkerConfig) => ({ queue, ...s.job(config) }) })),
  );
}

export const SCHEDULES: readonly ScheduleDefinition[] = schedulesOf(JOBS_DOMAINS);

/** Upserts every schedule of the domains (BullMQ job schedulers); safe to call from each process at start. */
export async function registerSchedules(
  queues: { queue(name: string): Queue },
  config: WorkerConfig,
  domains: readonly AnyJobsDomain[] = JOBS_DOMAINS,
): Promise<void> {
  const catalog = jobCatalog(domains.map((d) => d.contract));
  for (const schedule of schedulesOf(domains)) {
    const { queue, name, payload } = schedule.job(config);
    await queues.queue(queue).upsertJobScheduler(
      schedule.id,
      { pattern: schedule.pattern, tz: schedule.tz },
      { name, data: catalog.parsePayload(queue, name, payload), opts: DEFAULT_JOB_OPTIONS },
    );
  }
}

import type { Logger } from "pino";
import type { Db } from "@ist/db";
import type { QueueName } from "./contracts";

export interface WorkerConfig {
  /** audit/prune deletes audit rows older than this when its payload names no retention */
  auditRetentionDays: number;
}

/** What a processor gets: plain data and the few handles it needs, never the BullMQ job itself. */
export interface ProcessorContext<P> {
  payload: P;
  job: {
    queue: QueueName;
    name: string;
    id: string;
    /** 1 for the first attempt */
    attempt: number;
    /** when the job was due: created at plus any delay; fixed across retries */
    dueAt: Date;
  };
  db: Db;
  log: Logger;
  config: WorkerConfig;
  /** records 0–100 in job_runs and on the BullMQ job (the console's progress bar) */
  progress(percent: number): Promise<void>;
}

export type Processor<P = unknown, R = unknown> = (ctx: ProcessorContext<P>) => Promise<R>;

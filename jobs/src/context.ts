import type { Logger } from "pino";
import type { Db } from "@ist/db";
import type { AlertServices } from "./alerts/services";
import type { OutboundPolicy } from "./outbound/guard";

export interface AlertsConfig {
  /** SMTP server for alert email (`smtp://user:pass@host:587`); unset: email is skipped */
  smtpUrl?: string;
  /** From: of alert email */
  emailFrom?: string;
  /** decrypts the rules' webhook secrets (the api's ENCRYPTION_KEY) */
  encryptionKey?: string;
}

export interface WorkerConfig {
  /** audit/prune deletes audit rows older than this when its payload names no retention */
  auditRetentionDays: number;
  alerts?: AlertsConfig;
  /** what outbound calls (webhooks) may reach: outbound/guard.ts; unset: public addresses only */
  outbound?: OutboundPolicy;
  /** the Parquet lake ($LAKE_DIR) that lake/compact works on; a worker without it fails those jobs */
  lakeDir?: string;
}

/** Readers of the world outside the operational database, wired by the process that runs the workers. */
export interface WorkerServices {
  alerts?: AlertServices;
}

/** A service a jobs domain can ask for (`defineJobsDomain({ services: [...] })`). */
export type ServiceName = keyof WorkerServices;

/** What a processor gets: plain data and the few handles it needs, never the BullMQ job itself. */
export interface ProcessorContext<P, E = Readonly<Record<string, unknown>>> {
  payload: P;
  job: {
    queue: string;
    name: string;
    id: string;
    /** 1 for the first attempt */
    attempt: number;
    /** when the job was due: created at plus any delay; fixed across retries */
    dueAt: Date;
  };
  db: Db;
  log: Logger;
  /** settings of the shipped domains, derived once from their slices (paths resolved, secrets read) */
  config: WorkerConfig;
  /** this domain's own config slice (`contract.config`), parsed at start-up: what a new domain reads its variables from */
  env: E;
  services: WorkerServices;
  /** records 0–100 in job_runs and on the BullMQ job (the console's progress bar) */
  progress(percent: number): Promise<void>;
}

export type Processor<P = unknown, R = unknown, E = Readonly<Record<string, unknown>>> = (ctx: ProcessorContext<P, E>) => Promise<R>;

import type { z } from "zod";
import { composeConfig, jobCatalog, type EnvelopeOf, type JobDefinition as CatalogJobDefinition, type JobsOf } from "./catalog";
import { alertsContract } from "./alerts/contract";
import { auditContract } from "./audit/contract";
import { lakeContract } from "./lake/contract";

/**
 * The contract between the api (producer) and the workers: queue names, job names, payload schemas.
 * This file is all the api imports to enqueue; it depends on zod only, never on a processor.
 * Each domain declares its contract in `<domain>/contract.ts`; a new domain is one line here.
 */
export const CONTRACTS = [auditContract, alertsContract, lakeContract] as const;

/** The variables the domains' processors read: each contract's `config` slice (the api's config extends it). */
export const DomainsEnv = composeConfig(CONTRACTS);

export * from "./alerts/contract";
export * from "./audit/contract";
export * from "./lake/contract";
export { composeConfig, defineJobsContract, InvalidJobError, jobCatalog, type JobCatalog, type JobRequestOf, type JobSpec, type JobsContract, type PayloadIssue } from "./catalog";
export type { EnvelopeOf };

type Contracts = typeof CONTRACTS;
export type QueueName = Contracts[number]["queue"];

const catalog = jobCatalog<Contracts[number]>(CONTRACTS);

export const QUEUE_NAMES = catalog.queueNames as { readonly [I in keyof Contracts]: Contracts[I] extends { queue: infer Q } ? Q : never };

export const JOBS = Object.fromEntries(CONTRACTS.map((c) => [c.queue, c.jobs])) as JobsOf<Contracts[number]>;

type Jobs = typeof JOBS;
export type JobName<Q extends QueueName = QueueName> = keyof Jobs[Q] & string;
type SpecOf<Q extends QueueName, N extends JobName<Q>> = Jobs[Q][N] extends { payload: infer S extends z.ZodType } ? S : never;
/** what a producer passes */
export type JobPayloadInput<Q extends QueueName, N extends JobName<Q>> = z.input<SpecOf<Q, N>>;
/** what a processor receives, defaults applied */
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = z.output<SpecOf<Q, N>>;

/** Every job the api may enqueue, as a discriminated union (Infisical's queue-service style). */
export type JobEnvelope = EnvelopeOf<Contracts[number]>;

export type JobDefinition = CatalogJobDefinition<QueueName>;

export const JOB_DEFINITIONS: readonly JobDefinition[] = catalog.definitions;

export function isQueueName(value: string): value is QueueName {
  return catalog.isQueueName(value);
}

export function findJob(queue: string, name: string): JobDefinition | undefined {
  return catalog.findJob(queue, name);
}

/** Validates a payload against its contract (and, given the parsed environment, its limits); returns it with defaults applied. */
export function parsePayload(queue: string, name: string, payload: unknown, env?: Readonly<Record<string, unknown>>): unknown {
  return catalog.parsePayload(queue, name, payload, env);
}

/**
 * A job id from business keys, e.g. `jobIdFor("commissions", "settle-period", "2025-01")`.
 * BullMQ reserves `:` in ids and rejects integer ids, so keys are sanitised and the id always
 * starts with queue and name. Dates become `YYYY-MM-DDTHHMMSS` (UTC).
 */
export function jobIdFor(queue: QueueName, name: string, ...keys: Array<string | number | Date>): string {
  const part = (k: string | number | Date) =>
    (k instanceof Date ? k.toISOString().slice(0, 19).replaceAll(":", "") : String(k)).replace(/[^A-Za-z0-9._-]+/g, "_");
  return [queue, name, ...keys].map(part).join("-");
}

export function assertJobId(jobId: string): void {
  if (jobId.includes(":")) throw new Error(`job id "${jobId}" must not contain ":" (build it with jobIdFor)`);
  if (/^\d+$/.test(jobId)) throw new Error(`job id "${jobId}" must not be an integer (build it with jobIdFor)`);
}

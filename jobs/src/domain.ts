import type { z } from "zod";
import type { JobRequestOf, JobsContract } from "./catalog";
import type { Processor, ServiceName, WorkerConfig } from "./context";

/** A recurring job of a domain, registered as a BullMQ job scheduler on the domain's queue. */
export interface DomainSchedule<C extends JobsContract = JobsContract> {
  /** the BullMQ job scheduler id: stable, so re-registering at every start updates instead of duplicating */
  id: string;
  /** cron pattern, evaluated in `tz` */
  pattern: string;
  tz: string;
  job(config: WorkerConfig): JobRequestOf<C>;
}

/** A schedule of any domain (structural, so every domain's schedules fit it). */
export interface AnySchedule extends Omit<DomainSchedule, "job"> {
  job(config: WorkerConfig): { name: string; payload: unknown };
}

/** A processor for every job of the contract: a missing or misspelt one is a compile error. */
export type ProcessorsOf<C extends JobsContract> = {
  [N in keyof C["jobs"] & string]: Processor<z.output<C["jobs"][N]["payload"]>, unknown, EnvOf<C>>;
};

/** the parsed values of a contract's config slice */
export type EnvOf<C extends JobsContract> = C extends { config: z.ZodObject } ? z.output<C["config"]> : Readonly<Record<string, never>>;

/** Everything a domain adds to the workers: its contract, processors, schedules and the services they read. */
export interface JobsDomain<C extends JobsContract = JobsContract> {
  contract: C;
  processors: ProcessorsOf<C>;
  schedules?: readonly DomainSchedule<C>[];
  /** services (ProcessorContext.services) the processors need; a process that lacks one fails at start-up */
  services?: readonly ServiceName[];
}

/**
 * Any domain, as the workers take it at run time (a test may add one). Nothing here is checked by
 * the compiler, so `validateDomains` checks it at start-up.
 */
export interface AnyJobsDomain {
  contract: JobsContract;
  processors: Readonly<Record<string, Processor<never, unknown, never>>>;
  schedules?: readonly AnySchedule[];
  services?: readonly string[];
}

export function defineJobsDomain<const C extends JobsContract>(domain: JobsDomain<C>): JobsDomain<C> {
  return domain;
}

/**
 * What start-up refuses: two domains on one queue, a job without a processor (or a processor
 * without a job), two schedules with one id. Throws one error
 * listing every problem.
 */
export function validateDomains(domains: readonly AnyJobsDomain[]): void {
  const problems: string[] = [];
  const queues = new Set<string>();
  const scheduleIds = new Set<string>();
  for (const { contract, processors, schedules = [] } of domains) {
    const q = contract.queue;
    if (queues.has(q)) problems.push(`queue ${q} is declared by more than one jobs domain`);
    queues.add(q);
    for (const name of Object.keys(contract.jobs)) {
      if (typeof processors[name] !== "function") problems.push(`job ${q}/${name} has no processor`);
    }
    for (const name of Object.keys(processors)) {
      if (!(name in contract.jobs)) problems.push(`processor ${q}/${name} has no job in the ${q} contract`);
    }
    for (const s of schedules) {
      if (scheduleIds.has(s.id)) problems.push(`schedule id ${s.id} is used twice`);
      scheduleIds.add(s.id);
    }
  }
  if (problems.length) throw new Error(`jobs domains are incomplete:\n  ${problems.join("\n  ")}`);
}

/**
 * Each domain's config slice parsed from `env` (the process's parsed config), by queue; a value
 * the slice refuses is a start-up error naming domain and variable.
 */
export function domainEnvs(domains: readonly AnyJobsDomain[], env: Readonly<Record<string, unknown>>): Map<string, Readonly<Record<string, unknown>>> {
  const problems: string[] = [];
  const envs = new Map<string, Readonly<Record<string, unknown>>>();
  for (const { contract } of domains) {
    if (!contract.config) {
      envs.set(contract.queue, {});
      continue;
    }
    const mine = Object.fromEntries(Object.keys(contract.config.shape).flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])));
    const parsed = contract.config.safeParse(mine);
    if (parsed.success) envs.set(contract.queue, parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `jobs domain ${contract.queue}: ${String(i.path[0])}: ${i.message}`));
  }
  if (problems.length) throw new Error(`invalid configuration\n  ${problems.join("\n  ")}`);
  return envs;
}

/** The services the domains need that `provided` lacks, as messages naming domain and service. */
export function missingServices(domains: readonly AnyJobsDomain[], provided: Readonly<Record<string, unknown>>): string[] {
  return domains.flatMap((d) =>
    (d.services ?? []).filter((s) => provided[s] === undefined).map((s) => `jobs domain ${d.contract.queue} needs service "${s}", which this process does not provide`),
  );
}

import { z } from "zod";

/**
 * The pieces a domain's job contract is made of, and the lookups built over a list of contracts.
 * Depends on zod only: the api reaches it through `contracts.ts`, never a processor.
 */
export interface JobSpec {
  description: string;
  payload: z.ZodType;
  /** listed in the console's "Run now" menu; only manual jobs may be enqueued from the api's jobs route */
  manual: boolean;
  /**
   * Limits that depend on the configuration (the parsed `DomainsEnv`), checked after the payload
   * schema wherever a payload enters with the environment at hand (the api's "run now", the
   * processor): e.g. audit/prune may not keep less than AUDIT_RETENTION_DAYS.
   */
  limits?: (payload: never, env: Readonly<Record<string, unknown>>) => PayloadIssue[];
}

/** One domain's queue (a noun), its jobs (kebab verbs) and the environment its processors read. */
export interface JobsContract {
  queue: string;
  jobs: Readonly<Record<string, JobSpec>>;
  /** the env vars this domain's processors read, each with `.describe()`; composed into WorkerEnv */
  config?: z.ZodObject;
}

export function defineJobsContract<const C extends JobsContract>(contract: C): C {
  return contract;
}

type JobNames<C extends JobsContract> = keyof C["jobs"] & string;

/** `{ name, payload }` of one of the contract's jobs, payload as a producer writes it. */
export type JobRequestOf<C extends JobsContract> = {
  [N in JobNames<C>]: { name: N; payload: z.input<C["jobs"][N]["payload"]> };
}[JobNames<C>];

/** Every job of the contracts in `C` (a union) as `{ queue, name, payload }`. */
export type EnvelopeOf<C extends JobsContract> = C extends JobsContract ? { queue: C["queue"] } & JobRequestOf<C> extends infer E ? { [K in keyof E]: E[K] } : never : never;

/** queue → jobs, for a union of contracts */
export type JobsOf<C extends JobsContract> = { [K in C as K["queue"]]: K["jobs"] };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** the merged zod shape of the contracts' config slices */
export type ConfigShapeOf<C extends JobsContract> = Extract<UnionToIntersection<C extends { config: z.ZodObject<infer S> } ? S : never>, z.core.$ZodShape>;

export interface JobDefinition<Q extends string = string> {
  queue: Q;
  name: string;
  description: string;
  payload: z.ZodType;
  manual: boolean;
  limits?: JobSpec["limits"];
}

export interface PayloadIssue {
  /** dotted field path, `(root)` for the payload itself */
  path: string;
  message: string;
  /** a machine-readable reason (zod's issue codes where one fits, e.g. `too_small`) */
  code?: string;
}

/** A job that does not match the contract; the api answers 400, a worker fails it without retrying. */
export class InvalidJobError extends Error {
  readonly code = "JOB_INVALID";
  constructor(
    readonly queue: string,
    readonly jobName: string,
    readonly issues: PayloadIssue[],
  ) {
    super(`invalid job ${queue}/${jobName}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "InvalidJobError";
  }
}

export interface JobCatalog<Q extends string = string> {
  readonly queueNames: readonly Q[];
  readonly definitions: readonly JobDefinition<Q>[];
  isQueueName(value: string): value is Q;
  findJob(queue: string, name: string): JobDefinition<Q> | undefined;
  /** Validates a payload against its contract (and, given the environment, its limits); returns it with defaults applied. */
  parsePayload(queue: string, name: string, payload: unknown, env?: Readonly<Record<string, unknown>>): unknown;
}

/** Lookups over a list of contracts; two contracts on one queue are a programming error. */
export function jobCatalog<C extends JobsContract>(contracts: readonly C[]): JobCatalog<C["queue"]> {
  type Q = C["queue"];
  const queueNames = contracts.map((c) => c.queue as Q);
  const twice = queueNames.filter((q, i) => queueNames.indexOf(q) !== i);
  if (twice.length) throw new Error(`queue(s) declared by more than one jobs contract: ${[...new Set(twice)].join(", ")}`);
  const definitions = contracts.flatMap((c) => Object.entries(c.jobs).map(([name, spec]) => ({ queue: c.queue as Q, name, ...spec })));
  const findJob = (queue: string, name: string) => definitions.find((d) => d.queue === queue && d.name === name);
  return {
    queueNames,
    definitions,
    isQueueName: (value): value is Q => (queueNames as readonly string[]).includes(value),
    findJob,
    parsePayload(queue, name, payload, env) {
      const definition = findJob(queue, name);
      if (!definition) throw new InvalidJobError(queue, name, [{ path: "name", message: `no job ${name} on queue ${queue}` }]);
      const parsed = definition.payload.safeParse(payload ?? {});
      if (parsed.success) {
        const issues = env && definition.limits ? definition.limits(parsed.data as never, env) : [];
        if (issues.length) throw new InvalidJobError(queue, name, issues);
        return parsed.data;
      }
      throw new InvalidJobError(
        queue,
        name,
        parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
      );
    },
  };
}

/**
 * The contracts' config slices as one zod object. Two domains may read the same variable only
 * through the same schema (export it from one and import it in the other), so its meaning and
 * default cannot differ between them.
 */
export function composeConfig<C extends JobsContract>(contracts: readonly C[]): z.ZodObject<ConfigShapeOf<C>> {
  const shape: Record<string, z.ZodType> = {};
  const owner: Record<string, string> = {};
  for (const c of contracts) {
    for (const [name, schema] of Object.entries(c.config?.shape ?? {})) {
      if (shape[name] && shape[name] !== schema) {
        throw new Error(`config variable ${name} is declared differently by the ${owner[name]} and ${c.queue} jobs domains`);
      }
      shape[name] = schema as z.ZodType;
      owner[name] ??= c.queue;
    }
  }
  return z.object(shape) as unknown as z.ZodObject<ConfigShapeOf<C>>;
}

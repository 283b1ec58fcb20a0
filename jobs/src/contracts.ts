import { z } from "zod";

/**
 * The contract between the api (producer) and the workers: queue names, job names, payload schemas.
 * This file is all the api imports to enqueue; it depends on zod only, never on a processor.
 * One queue per domain (a noun); job names are kebab verbs matching the processor file.
 * Later domains add their queue here: commissions, segments, experiments, churn, alerts, lake.
 */
export const QUEUE_NAMES = ["audit", "alerts", "lake"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const AuditPrunePayload = z.object({
  retentionDays: z.number().int().positive().optional().describe("delete audit rows older than this many days (default from config)"),
});
export type AuditPrunePayload = z.infer<typeof AuditPrunePayload>;

export const AlertsEvaluatePayload = z.object({
  at: z.iso.datetime({ offset: true }).optional().describe("evaluate as of this instant (default: when the job was due)"),
  ruleIds: z.array(z.number().int().positive()).max(1000).optional().describe("only these rules (default: every enabled rule)"),
});
export type AlertsEvaluatePayload = z.infer<typeof AlertsEvaluatePayload>;

export const AlertsSendTestPayload = z.object({
  ruleId: z.number().int().positive().describe("the rule whose channels get a test notification"),
  requestedBy: z.number().int().positive().optional().describe("console user whose bell gets it (default: the rule's bell roles)"),
});
export type AlertsSendTestPayload = z.infer<typeof AlertsSendTestPayload>;

export const LakeCompactPayload = z.object({
  dts: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD"))
    .max(3_660)
    .optional()
    .describe("only these UTC days (default: every day with more than one Parquet part)"),
});
export type LakeCompactPayload = z.infer<typeof LakeCompactPayload>;

interface JobSpec {
  description: string;
  payload: z.ZodType;
  /** listed in the console's "Run now" menu */
  manual: boolean;
}

export const JOBS = {
  audit: {
    prune: {
      description: "Delete audit log rows older than the retention period, and finished job runs older than 30 days",
      payload: AuditPrunePayload,
      manual: true,
    },
  },
  alerts: {
    evaluate: {
      description: "Evaluate the enabled alert rules and notify on firing and resolution",
      payload: AlertsEvaluatePayload,
      manual: true,
    },
    "send-test": {
      description: "Send a test notification to an alert rule's channels",
      payload: AlertsSendTestPayload,
      manual: false,
    },
  },
  lake: {
    compact: {
      description: "Merge each day's small Parquet parts in the lake and drop duplicate event_ids",
      payload: LakeCompactPayload,
      manual: true,
    },
  },
} as const satisfies Record<QueueName, Record<string, JobSpec>>;

type Jobs = typeof JOBS;
export type JobName<Q extends QueueName = QueueName> = keyof Jobs[Q] & string;
type SpecOf<Q extends QueueName, N extends JobName<Q>> = Jobs[Q][N] extends { payload: infer S extends z.ZodType } ? S : never;
/** what a producer passes */
export type JobPayloadInput<Q extends QueueName, N extends JobName<Q>> = z.input<SpecOf<Q, N>>;
/** what a processor receives, defaults applied */
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = z.output<SpecOf<Q, N>>;

/** Every job the api may enqueue, as a discriminated union (Infisical's queue-service style). */
export type JobEnvelope = {
  [Q in QueueName]: { [N in JobName<Q>]: { queue: Q; name: N; payload: JobPayloadInput<Q, N> } }[JobName<Q>];
}[QueueName];

export interface JobDefinition {
  queue: QueueName;
  name: string;
  description: string;
  payload: z.ZodType;
  manual: boolean;
}

export const JOB_DEFINITIONS: readonly JobDefinition[] = QUEUE_NAMES.flatMap((queue) =>
  Object.entries(JOBS[queue] as Record<string, JobSpec>).map(([name, spec]) => ({ queue, name, ...spec })),
);

export function isQueueName(value: string): value is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(value);
}

export function findJob(queue: string, name: string): JobDefinition | undefined {
  return JOB_DEFINITIONS.find((d) => d.queue === queue && d.name === name);
}

export interface PayloadIssue {
  /** dotted field path, `(root)` for the payload itself */
  path: string;
  message: string;
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

/** Validates a payload against its contract; returns it with defaults applied. */
export function parsePayload(queue: string, name: string, payload: unknown): unknown {
  const definition = findJob(queue, name);
  if (!definition) throw new InvalidJobError(queue, name, [{ path: "name", message: `no job ${name} on queue ${queue}` }]);
  const parsed = definition.payload.safeParse(payload ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidJobError(
    queue,
    name,
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
  );
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

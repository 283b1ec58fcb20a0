import type { JobName, JobPayload, QueueName } from "./contracts";
import type { Processor } from "./context";
import { JOBS_DOMAINS } from "./registry";

type Registry = { [Q in QueueName]: { [N in JobName<Q>]: Processor<JobPayload<Q, N>, unknown, never> } };
type Registered = (typeof JOBS_DOMAINS)[number];

/** Which processor runs each job of the contract, from the registry's domains. */
export const PROCESSORS = Object.fromEntries(JOBS_DOMAINS.map((d) => [d.contract.queue, d.processors])) as {
  [D in Registered as D["contract"]["queue"]]: D["processors"];
} satisfies Registry;

export function processorFor(queue: QueueName, name: string): Processor | undefined {
  return (PROCESSORS[queue] as Record<string, Processor<never>>)[name] as Processor | undefined;
}

import { evaluate as alertsEvaluate } from "./alerts/evaluate";
import { sendTest as alertsSendTest } from "./alerts/send-test";
import { prune as auditPrune } from "./audit/prune";
import type { JobName, JobPayload, QueueName } from "./contracts";
import type { Processor } from "./context";
import { compact as lakeCompact } from "./lake/compact";

type Registry = { [Q in QueueName]: { [N in JobName<Q>]: Processor<JobPayload<Q, N>> } };

/** Which processor runs each job of the contract; the type makes a missing one a compile error. */
export const PROCESSORS: Registry = {
  audit: {
    prune: auditPrune,
  },
  alerts: {
    evaluate: alertsEvaluate,
    "send-test": alertsSendTest,
  },
  lake: {
    compact: lakeCompact,
  },
};

export function processorFor(queue: QueueName, name: string): Processor | undefined {
  return (PROCESSORS[queue] as Record<string, Processor<never>>)[name] as Processor | undefined;
}

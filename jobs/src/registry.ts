import { alertsJobs } from "./alerts";
import { auditJobs } from "./audit";
import type { QueueName } from "./contracts";
import { lakeJobs } from "./lake";

/** Every jobs domain the workers run; a new domain is one line here and one in contracts.ts. */
export const JOBS_DOMAINS = [auditJobs, alertsJobs, lakeJobs] as const;

// a contract composed in contracts.ts whose domain is not listed above fails to compile here
type Unregistered = Exclude<QueueName, (typeof JOBS_DOMAINS)[number]["contract"]["queue"]>;
const _everyContractHasItsDomain: [Unregistered] extends [never] ? true : { unregistered: Unregistered } = true;
void _everyContractHasItsDomain;

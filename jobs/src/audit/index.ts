import { defineJobsDomain } from "../domain";
import { auditContract } from "./contract";
import { prune } from "./prune";

export const auditJobs = defineJobsDomain({
  contract: auditContract,
  processors: { prune },
  schedules: [{ id: "audit-prune", pattern: "0 3 * * *", tz: "UTC", job: (config) => ({ name: "prune", payload: { retentionDays: config.auditRetentionDays } }) }],
});

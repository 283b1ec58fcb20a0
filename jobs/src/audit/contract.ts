import { z } from "zod";
import { defineJobsContract } from "../catalog";

export const AuditPrunePayload = z.object({
  retentionDays: z.number().int().positive().optional().describe("delete audit rows older than this many days (default from config)"),
});
export type AuditPrunePayload = z.infer<typeof AuditPrunePayload>;

export const auditContract = defineJobsContract({
  queue: "audit",
  jobs: {
    prune: {
      description: "Delete audit log rows older than the retention period, and finished job runs older than 30 days",
      payload: AuditPrunePayload,
      manual: true,
    },
  },
  config: z.object({
    AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(400).describe("audit rows older than this are pruned daily"),
  }),
});

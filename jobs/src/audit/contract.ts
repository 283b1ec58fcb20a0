import { z } from "zod";
import { defineJobsContract, type PayloadIssue } from "../catalog";

const AUDIT_RETENTION_DAYS = z.coerce.number().int().positive().default(400).describe("audit rows older than this are pruned daily; a manual prune may not keep fewer days");

export const AuditPrunePayload = z.object({
  retentionDays: z.number().int().positive().max(36_500).optional().describe("delete audit rows older than this many days (default from config; never fewer than AUDIT_RETENTION_DAYS)"),
});
export type AuditPrunePayload = z.infer<typeof AuditPrunePayload>;

export const auditContract = defineJobsContract({
  queue: "audit",
  jobs: {
    prune: {
      description: "Delete audit log rows older than the retention period, and finished job runs older than 30 days",
      payload: AuditPrunePayload,
      manual: true,
      limits: (payload: AuditPrunePayload, env) => auditRetentionLimit(payload, Number(env.AUDIT_RETENTION_DAYS ?? 400)),
    },
  },
  config: z.object({
    AUDIT_RETENTION_DAYS,
  }),
});

/** The audit history is evidence: a prune keeps at least the configured retention, whoever asks. */
export function auditRetentionLimit(payload: AuditPrunePayload, configuredDays: number): PayloadIssue[] {
  if (payload.retentionDays === undefined || payload.retentionDays >= configuredDays) return [];
  return [{ path: "retentionDays", code: "too_small", message: `must be at least ${configuredDays} (AUDIT_RETENTION_DAYS)` }];
}

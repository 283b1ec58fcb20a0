import { z } from "zod";
import { defineJobsContract } from "../catalog";
import { OUTBOUND_ALLOW_HOSTS } from "../outbound/config";

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

export const alertsContract = defineJobsContract({
  queue: "alerts",
  jobs: {
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
  config: z.object({
    SMTP_URL: z.string().url().optional().describe("SMTP server for alert email, e.g. smtp://user:pass@mail:587; unset: alerts send no email"),
    ALERT_EMAIL_FROM: z.string().min(3).optional().describe("From: address of alert email; default IST Console <alerts@localhost>"),
    ENCRYPTION_KEY: z
      .string()
      .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 32 bytes as 64 hex chars or base64")
      .optional()
      .describe("the api's AES-256-GCM key; decrypts alert webhook secrets; default: the one the api generated into $DATA_DIR outside production"),
    OUTBOUND_ALLOW_HOSTS,
    REPORTING_TZ: z.string().min(1).default("UTC").describe("time zone for days, weeks and months in reports and alert rules"),
  }),
});

import { FieldCipher, notify, type AlertEventKind, type AlertRule, type AlertState, type Db, type Role } from "@ist/db";
import type { AlertsConfig } from "../context";
import type { OutboundPolicy } from "../outbound/guard";
import { sendEmail, sendWebhook, type AlertMessage, type Delivery } from "./notify";

export interface BellEvent {
  id: number;
  kind: AlertEventKind;
  toState: AlertState | null;
  value: number | null;
  at: Date;
}

/**
 * The console bell through the generic `notify`: one notification per recipient (enabled users
 * holding one of `roles`, or the given users), deduplicated per alert event. The payload carries
 * what the bell shows and what an email needs (`title` = subject, `body` = text).
 */
export async function ringBell(
  db: Db,
  rule: Pick<AlertRule, "id" | "name" | "metric">,
  event: BellEvent,
  message: AlertMessage,
  to: { roles: readonly Role[] } | { userIds: readonly number[] },
): Promise<Delivery> {
  if (("roles" in to ? to.roles : to.userIds).length === 0) return { status: "skipped", reason: "no recipients" };
  const { recipients } = await notify(db, {
    to,
    kind: `alert.${event.kind}`,
    entity: "alert_rule",
    entityId: rule.id,
    payload: {
      title: message.subject,
      body: message.text,
      eventId: event.id,
      ruleId: rule.id,
      ruleName: rule.name,
      metric: rule.metric,
      eventKind: event.kind,
      toState: event.toState,
      value: event.value,
      at: event.at.toISOString(),
    },
    link: `/alerts/show/${rule.id}`,
    // a retried job finds the rows already there
    dedupeKey: `alert_event:${event.id}`,
  });
  if (recipients.length === 0) return { status: "skipped", reason: "no enabled user to notify" };
  return { status: "sent", detail: `${recipients.length} user(s)` };
}

/** Webhook and email, each recorded as sent, skipped (not configured) or failed; never throws. */
export async function deliverExternal(
  rule: Pick<AlertRule, "webhookUrl" | "webhookSecretEnc" | "emailTo">,
  message: AlertMessage,
  config: AlertsConfig,
  now: Date,
  outbound: OutboundPolicy = {},
): Promise<{ webhook: Delivery; email: Delivery }> {
  const webhook = async (): Promise<Delivery> => {
    if (!rule.webhookUrl) return { status: "skipped", reason: "no webhook" };
    if (!rule.webhookSecretEnc || !config.encryptionKey) return { status: "failed", error: "the webhook secret cannot be read (ENCRYPTION_KEY)" };
    let secret: string;
    try {
      secret = new FieldCipher(config.encryptionKey).decrypt(rule.webhookSecretEnc);
    } catch {
      return { status: "failed", error: "the webhook secret cannot be decrypted with this ENCRYPTION_KEY" };
    }
    return sendWebhook(rule.webhookUrl, secret, message, now, outbound);
  };
  const email = async (): Promise<Delivery> => {
    if (rule.emailTo.length === 0) return { status: "skipped", reason: "no email recipients" };
    if (!config.smtpUrl) return { status: "skipped", reason: "SMTP_URL is not configured" };
    return sendEmail(config.smtpUrl, config.emailFrom ?? "IST Console <alerts@localhost>", rule.emailTo, message);
  };
  const [w, e] = await Promise.all([webhook(), email()]);
  return { webhook: w, email: e };
}

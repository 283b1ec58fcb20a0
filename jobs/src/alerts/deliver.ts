import { and, eq, FieldCipher, inArray, notifications, users, type AlertRule, type Db, type Role } from "@ist/db";
import type { AlertsConfig } from "../context";
import { sendEmail, sendWebhook, type AlertMessage, type Delivery } from "./notify";

/** The console bell: one notification per recipient (enabled users holding one of `roles`, or the given users). */
export async function ringBell(db: Db, eventId: number, to: { roles: readonly Role[] } | { userIds: readonly number[] }): Promise<Delivery> {
  const filter = "roles" in to ? inArray(users.role, [...to.roles]) : inArray(users.id, [...to.userIds]);
  if (("roles" in to ? to.roles : to.userIds).length === 0) return { status: "skipped", reason: "no recipients" };
  const recipients = await db.select({ id: users.id }).from(users).where(and(filter, eq(users.disabled, false)));
  if (recipients.length === 0) return { status: "skipped", reason: "no enabled user to notify" };
  // a retried job finds the rows already there
  await db
    .insert(notifications)
    .values(recipients.map((r) => ({ userId: r.id, eventId })))
    .onConflictDoNothing({ target: [notifications.userId, notifications.eventId] });
  return { status: "sent", detail: `${recipients.length} user(s)` };
}

/** Webhook and email, each recorded as sent, skipped (not configured) or failed; never throws. */
export async function deliverExternal(
  rule: Pick<AlertRule, "webhookUrl" | "webhookSecretEnc" | "emailTo">,
  message: AlertMessage,
  config: AlertsConfig,
  now: Date,
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
    return sendWebhook(rule.webhookUrl, secret, message, now);
  };
  const email = async (): Promise<Delivery> => {
    if (rule.emailTo.length === 0) return { status: "skipped", reason: "no email recipients" };
    if (!config.smtpUrl) return { status: "skipped", reason: "SMTP_URL is not configured" };
    return sendEmail(config.smtpUrl, config.emailFrom ?? "IST Console <alerts@localhost>", rule.emailTo, message);
  };
  const [w, e] = await Promise.all([webhook(), email()]);
  return { webhook: w, email: e };
}

import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "./client";
import { users, type Role } from "./schema/auth";
import { notifications, type NotificationPayload } from "./schema/notifications";

export interface NotifyInput {
  /** who: the enabled users holding any of these roles, or these users (disabled ones are skipped) */
  to: { roles: readonly Role[] } | { userIds: readonly number[] };
  /** what happened, `<domain>.<event>`: `alert.firing`, `ticket.assigned` */
  kind: string;
  /** what it is about: a table-like name (`alert_rule`) and its id */
  entity: string;
  entityId: string | number | null;
  /** `title` (and `body`) as the bell and an email show them, plus the kind's own fields */
  payload: NotificationPayload;
  /** where the console shows it: a path such as `/alerts/show/12` */
  link: string | null;
  /** the same key for the same user notifies once: a retried job finds the row already there */
  dedupeKey: string;
}

export interface NotifyResult {
  /** the users the notification is for (whether their row is new or was already there) */
  recipients: { id: number; email: string }[];
  /** rows written now */
  created: number;
}

/**
 * The console bell for any domain: one row per recipient. Email stays with the domain that sends
 * it (alerts' mailer); `recipients` says whom to mail and `payload.title`/`body` what.
 */
export async function notify(db: Db, input: NotifyInput): Promise<NotifyResult> {
  const ids = "roles" in input.to ? input.to.roles : input.to.userIds;
  if (ids.length === 0) return { recipients: [], created: 0 };
  const who = "roles" in input.to ? inArray(users.role, [...input.to.roles]) : inArray(users.id, [...input.to.userIds]);
  const recipients = await db.select({ id: users.id, email: users.email }).from(users).where(and(who, eq(users.disabled, false))).orderBy(users.id);
  if (recipients.length === 0) return { recipients, created: 0 };
  const rows = await db
    .insert(notifications)
    .values(
      recipients.map((r) => ({
        userId: r.id,
        kind: input.kind,
        entity: input.entity,
        entityId: input.entityId === null ? null : String(input.entityId),
        payload: input.payload,
        link: input.link,
        dedupeKey: input.dedupeKey,
      })),
    )
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  return { recipients, created: rows.length };
}

/** Marks a user's notifications read; `ids` limits it to those (others' ids are ignored). */
export async function markRead(db: Db, userId: number, ids?: readonly number[]): Promise<number[]> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), sql`${notifications.readAt} is null`, ids ? inArray(notifications.id, [...ids]) : undefined))
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * What a notification carries: a `title` and optional `body` in the recipient's view (the bell's
 * lines, an email's subject and text), plus whatever the domain's kind adds (ids, values).
 */
export type NotificationPayload = { title: string; body?: string } & Record<string, unknown>;

/**
 * The console bell, for every domain: one row per recipient. `kind` says what happened
 * (`alert.firing`, `ticket.assigned`), `entity`/`entity_id` what it is about, `link` where the
 * console shows it. `dedupe_key` is unique per user, so a retried job does not notify twice.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    payload: jsonb("payload").$type<NotificationPayload>().notNull(),
    /** a console path (`/alerts/show/12`), never an absolute URL */
    link: text("link"),
    dedupeKey: text("dedupe_key").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notifications_user_id_dedupe_key_idx").on(t.userId, t.dedupeKey),
    index("notifications_user_id_read_at_idx").on(t.userId, t.readAt),
    index("notifications_entity_entity_id_idx").on(t.entity, t.entityId),
  ],
);

export type Notification = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;

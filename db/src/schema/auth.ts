import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sealedText } from "../pii";

export const ROLES = ["admin", "operator", "marketer", "support", "finance", "viewer", "partner"] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // sealed with the field cipher; lookups go through email_hash, the keyed blind index (db/src/pii.ts)
    email: sealedText("email").notNull(),
    // null only until the start-up migration seals a row written before encryption
    emailHash: text("email_hash"),
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<Role>().notNull(),
    displayName: sealedText("display_name").notNull(),
    locale: text("locale").notNull().default("en"),
    disabled: boolean("disabled").notNull().default(false),
    isDemo: boolean("is_demo").notNull().default(false),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("users_role_idx").on(t.role), uniqueIndex("users_email_hash_idx").on(t.emailHash)],
);

export const sessions = pgTable(
  "sessions",
  {
    // sha-256 of the cookie token: a leaked table does not hand out live sessions
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId), index("sessions_expires_at_idx").on(t.expiresAt)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const KEY_KINDS = ["ingest", "sdk"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** Ingest keys (platform → /v1/ingest) and SDK client keys (GrowthBook SDK → /api/features). */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind").$type<KeyKind>().notNull(),
    name: text("name").notNull(),
    // first characters of the key, shown in lists so a person can tell keys apart
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique("api_keys_key_hash_key"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_kind_idx").on(t.kind), index("api_keys_created_by_idx").on(t.createdBy)],
);

export type ApiKey = typeof apiKeys.$inferSelect;

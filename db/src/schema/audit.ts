import { bigint, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { sealedJson, sealedText } from "../pii";
import { users } from "./auth";

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    // personal data: sealed, with a blind index for the actor filter (db/src/pii.ts)
    actorEmail: sealedText("actor_email"),
    actorEmailHash: text("actor_email_hash"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    // email and names inside are sealed (PERSONAL_JSON_KEYS)
    before: sealedJson("before"),
    after: sealedJson("after"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    requestId: text("request_id"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_id_idx").on(t.actorId),
    index("audit_log_entity_entity_id_idx").on(t.entity, t.entityId),
    index("audit_log_action_idx").on(t.action),
    index("audit_log_actor_email_hash_idx").on(t.actorEmailHash),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

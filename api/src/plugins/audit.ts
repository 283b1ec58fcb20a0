import type { FastifyRequest } from "fastify";
import { auditLog, emailIndex, type Db } from "@ist/db";

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** for actions taken before a session exists (sign-in) */
  actorEmail?: string;
  actorId?: number | null;
}

/** Every mutation calls this, inside the mutation's transaction when it has one. */
export async function writeAudit(db: Db, request: FastifyRequest | null, entry: AuditEntry): Promise<void> {
  const actorEmail = entry.actorEmail ?? request?.user?.email ?? null;
  await db.insert(auditLog).values({
    actorId: entry.actorId !== undefined ? entry.actorId : (request?.user?.id ?? null),
    // sealed by the column type; the blind index serves the actor filter
    actorEmail,
    actorEmailHash: actorEmail === null ? null : emailIndex(actorEmail),
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: request?.id ?? null,
    ip: request?.ip ?? null,
  });
}

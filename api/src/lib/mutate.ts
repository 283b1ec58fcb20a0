import type { FastifyRequest } from "fastify";
import type { Db } from "@ist/db";
import { writeAudit, type AuditEntry } from "../plugins/audit";

/** The audit row of a mutation: fixed, or made from its result (`null`: nothing changed, no row). */
export type AuditOf<T> = AuditEntry | ((result: T) => AuditEntry | null);

/**
 * One mutation: opens the transaction, runs `fn` in it and writes `audit` (fixed, or made from
 * `fn`'s result; the change comes first so TypeScript infers it) in the same
 * transaction, so a change is never stored without its audit row nor audited without the change.
 */
export async function mutate<T>(db: Db, request: FastifyRequest | null, fn: (tx: Db) => Promise<T>, audit: AuditOf<NoInfer<T>>): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await fn(tx);
    const entry = typeof audit === "function" ? audit(result) : audit;
    if (entry) await writeAudit(tx, request, entry);
    return result;
  });
}

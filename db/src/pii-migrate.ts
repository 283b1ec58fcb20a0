import { asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "./client";
import { emailIndex } from "./pii";
import { alertRules, auditLog, settings, users } from "./schema/index";

const DONE = "pii.sealed.v1";
const BATCH = 500;

/**
 * Seals personal data written before it was encrypted (migration 0003): console users' emails
 * and names (and their blind index), audit actors and before/after documents, alert recipients.
 * SQL cannot do it (the key is not in the database), so the api runs this at start, once per
 * database: reading opens what is sealed and passes plain legacy values through, writing seals,
 * so a run cut short is simply run again.
 */
export async function sealLegacyPii(db: Db): Promise<{ users: number; audit: number; alerts: number } | undefined> {
  const [done] = await db.select({ key: settings.key }).from(settings).where(eq(settings.key, DONE));
  if (done) return undefined;
  const counts = { users: 0, audit: 0, alerts: 0 };
  for (const u of await db.select({ id: users.id, email: users.email, displayName: users.displayName }).from(users)) {
    await db.update(users).set({ email: u.email, displayName: u.displayName, emailHash: emailIndex(u.email) }).where(eq(users.id, u.id));
    counts.users++;
  }
  for (const r of await db.select({ id: alertRules.id, emailTo: alertRules.emailTo }).from(alertRules)) {
    await db.update(alertRules).set({ emailTo: r.emailTo }).where(eq(alertRules.id, r.id));
    counts.alerts++;
  }
  for (let last = 0; ; ) {
    const rows = await db
      .select({ id: auditLog.id, actorEmail: auditLog.actorEmail, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(gt(auditLog.id, last))
      .orderBy(asc(auditLog.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        await tx
          .update(auditLog)
          .set({ actorEmail: r.actorEmail, actorEmailHash: r.actorEmail ? emailIndex(r.actorEmail) : null, before: r.before ?? sql`null`, after: r.after ?? sql`null` })
          .where(eq(auditLog.id, r.id));
      }
    });
    counts.audit += rows.length;
    last = rows.at(-1)!.id;
  }
  await db.insert(settings).values({ key: DONE, value: new Date().toISOString() }).onConflictDoNothing();
  return counts;
}

import { and, asc, count, eq, users, type Db, type Role } from "@ist/db";
import type { Config } from "./config";
import { createUser } from "./modules/users/users.service";
import { writeAudit } from "./plugins/audit";

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; role: Role; displayName: string }> = [
  { email: "admin@demo.ist", role: "admin", displayName: "Demo Admin" },
  { email: "operator@demo.ist", role: "operator", displayName: "Demo Operator" },
  { email: "marketer@demo.ist", role: "marketer", displayName: "Demo Marketer" },
  { email: "support@demo.ist", role: "support", displayName: "Demo Support" },
  { email: "finance@demo.ist", role: "finance", displayName: "Demo Finance" },
];

/** SEED_DEMO unset means: seed when the database has no users yet, never in production. */
export async function shouldSeedDemo(db: Db, config: Pick<Config, "SEED_DEMO" | "production">): Promise<boolean> {
  if (config.production) return false;
  if (config.SEED_DEMO !== undefined) return config.SEED_DEMO;
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Creates the missing demo accounts; returns the ones created. */
export async function seedDemoAccounts(db: Db, password: string): Promise<string[]> {
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    await db.transaction(async (tx) => {
      try {
        const user = await createUser(tx, { ...account, locale: "en", password }, { isDemo: true });
        await writeAudit(tx, null, { action: "user.create", entity: "user", entityId: user.id, actorEmail: "system:demo-seed", after: { email: user.email, role: user.role } });
        created.push(account.email);
      } catch (error) {
        if ((error as { code?: string }).code !== "conflict") throw error;
      }
    });
  }
  return created;
}

export async function activeDemoAccounts(db: Db): Promise<string[]> {
  const rows = await db.select({ email: users.email }).from(users).where(and(eq(users.isDemo, true), eq(users.disabled, false))).orderBy(asc(users.id));
  return rows.map((r) => r.email);
}

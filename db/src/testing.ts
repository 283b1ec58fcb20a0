import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migrate, openDb, usePiiKey, type DbHandle } from "./index";

/** The field key of databases made here (an api test's loadConfig installs its own before writing). */
export const TEST_ENCRYPTION_KEY = "a".repeat(64);

/**
 * @ist/db/testing: databases for other packages' tests (Vitest only: `inject` reads the PostgreSQL
 * URL that test/services.setup.ts provides).
 */

export interface TestDatabase {
  handle: DbHandle;
  url?: string;
  drop(): Promise<void>;
}

/** The drivers every database-backed test runs on: PGlite always, PostgreSQL when it answers. */
export function databaseTargets(): Array<"pglite" | "pg"> {
  return inject("pgUrl") ? ["pglite", "pg"] : ["pglite"];
}

/** A fresh, migrated database: an in-memory PGlite, or a new database in the real PostgreSQL. */
export async function freshDatabase(kind: "pglite" | "pg"): Promise<TestDatabase> {
  usePiiKey(TEST_ENCRYPTION_KEY);
  if (kind === "pglite") {
    const handle = await openDb({ pgliteDir: undefined });
    await migrate(handle);
    return { handle, drop: () => handle.close() };
  }
  const base = new URL(inject("pgUrl"));
  const name = `ist_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), poolSize: 5 });
  await migrate(handle);
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

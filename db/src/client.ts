import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema/index";

export type Schema = typeof schema;
/** The common face of the node-postgres and PGlite drivers: code takes this, never a driver type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: "pg" | "pglite";
  /** the PGlite instance in embedded mode, so the api can serve it over the wire protocol */
  pglite?: PGlite;
  close(): Promise<void>;
}

export type DbOptions =
  | { url: string; poolSize?: number }
  /** `dataDir` undefined means an in-memory PGlite (tests) */
  | { pgliteDir: string | undefined };

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "..", "drizzle");

export async function openDb(options: DbOptions): Promise<DbHandle> {
  if ("url" in options) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // a dropped idle connection must not take the process down
    pool.on("error", () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: "pg", close: () => pool.end() };
  }
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
  const pglite = options.pgliteDir ? await PGlite.create(options.pgliteDir) : await PGlite.create();
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { db, kind: "pglite", pglite, close: () => pglite.close() };
}

/** Applies the generated SQL migrations in db/drizzle; safe to call at every start. */
export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.kind === "pg") {
    await migratePg(handle.db as never, { migrationsFolder });
  } else {
    await migratePglite(handle.db as never, { migrationsFolder });
  }
}

import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite, types, type QueryOptions, type Transaction } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { makePrivate, PrivateNodeFS } from "./private-files";
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
  if (options.pgliteDir) {
    mkdirSync(options.pgliteDir, { recursive: true, mode: 0o700 });
    // files from before PrivateNodeFS (PGlite itself writes 0666)
    makePrivate(options.pgliteDir);
  }
  const pglite = options.pgliteDir ? await PGlite.create({ fs: new PrivateNodeFS(options.pgliteDir) }) : await PGlite.create();
  if (options.pgliteDir) makePrivate(options.pgliteDir);
  // after create: PGlite installs its array parsers while starting, and these must win
  for (const oid of DRIZZLE_TEXT_TYPES) pglite.parsers[oid] = (value: string) => value;
  const db = drizzlePglite(withoutCallParsers(pglite) as PGlite, { schema }) as unknown as Db;
  return { db, kind: "pglite", pglite, close: () => pglite.close() };
}

/**
 * The types drizzle-orm/pglite asks PGlite to return as text (it maps them itself), as it lists
 * them in its session.js: timestamp, timestamptz, interval, date, numeric[], timestamp[],
 * timestamptz[], interval[], date[].
 */
const DRIZZLE_TEXT_TYPES = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];

/**
 * PGlite as drizzle sees it, minus the parsers drizzle sends with every query. PGlite merges
 * per-call parsers into its ~300 defaults on every call, which costs about as much CPU as a
 * primary-key lookup itself; the same parsers are installed on the instance once instead
 * (client.int.test.ts checks that values come back as drizzle's own path returns them).
 * drizzle calls only `query` and `transaction` on its client, and `query` on a transaction.
 */
function withoutCallParsers(pglite: PGlite): Pick<PGlite, "query" | "transaction"> {
  return {
    query: queryWithoutParsers(pglite),
    transaction: ((callback: (tx: Transaction) => Promise<unknown>) =>
      pglite.transaction((tx) => callback({ ...tx, query: queryWithoutParsers(tx) }))) as PGlite["transaction"],
  };
}

function queryWithoutParsers(client: PGlite | Transaction): PGlite["query"] {
  return ((text: string, params?: unknown[], options?: QueryOptions) =>
    client.query(text, params, options?.parsers ? { ...options, parsers: undefined } : options)) as PGlite["query"];
}

/** Applies the generated SQL migrations in db/drizzle; safe to call at every start. */
export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.kind === "pg") {
    await migratePg(handle.db as never, { migrationsFolder });
  } else {
    await migratePglite(handle.db as never, { migrationsFolder });
  }
}

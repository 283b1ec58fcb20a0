import type { Db } from "@ist/db";

const statements = new WeakMap<Db, Map<string, unknown>>();
const PER_HANDLE = 200;

/**
 * A drizzle prepared statement, built once per database handle (a transaction is a handle of its
 * own) and name. Drizzle spends tens of microseconds of CPU building a query's SQL, more than
 * PostgreSQL takes to answer a page of users, so queries on hot routes are built once with
 * `sql.placeholder`s. `name` becomes the PostgreSQL statement name on each pooled connection:
 * it must stand for one SQL text, never a counter (a transaction shares the pool's connections).
 */
export function prepared<T>(db: Db, name: string, build: () => T): T {
  let byName = statements.get(db);
  if (!byName) statements.set(db, (byName = new Map()));
  let statement = byName.get(name) as T | undefined;
  if (statement === undefined) {
    if (byName.size >= PER_HANDLE) byName.delete(byName.keys().next().value!);
    byName.set(name, (statement = build()));
  }
  return statement;
}

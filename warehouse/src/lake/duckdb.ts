import { DuckDBInstance } from "@duckdb/node-api";

export interface DuckDBOptions {
  /** Worker threads of this instance; the machine has 2 cores shared by api, workers and DuckDB. */
  threads?: number;
  /** e.g. "1GB". */
  memoryLimit?: string;
}

/**
 * An in-memory DuckDB for lake work. The time zone is pinned to UTC so that `dt` and any
 * timestamp-to-date cast never depend on the host's zone; reporting zones are applied in SQL.
 */
export async function openDuckDB(opts: DuckDBOptions = {}): Promise<DuckDBInstance> {
  const config: Record<string, string> = {};
  if (opts.threads !== undefined) config.threads = String(opts.threads);
  if (opts.memoryLimit !== undefined) config.memory_limit = opts.memoryLimit;
  const instance = await DuckDBInstance.create(":memory:", config);
  // TimeZone needs ICU, which is loaded only once the instance exists: set it globally here.
  const conn = await instance.connect();
  try {
    await conn.run(`set global TimeZone = 'UTC'`);
  } finally {
    conn.closeSync();
  }
  return instance;
}

/**
 * Casts a VARCHAR decimal to DECIMAL(38,8). Going through DECIMAL(18,8) first is ~100× faster
 * for the common case (DuckDB's string → 128-bit decimal parse is slow); the 38-digit cast
 * only runs for the rare values that do not fit.
 */
export function decimal38(expr: string): string {
  return `coalesce(try_cast(${expr} as decimal(18,8))::decimal(38,8), (${expr})::decimal(38,8))`;
}

/** Columns of a staging relation with VARCHAR timestamps/amounts, cast to the events Parquet schema. */
export function eventSelectList(src = ""): string {
  const p = src ? `${src}.` : "";
  return [
    `${p}event_id::varchar as event_id`,
    `${p}type::varchar as type`,
    `${p}user_id::varchar as user_id`,
    `${p}ts::timestamptz as ts`,
    `${decimal38(`${p}amount`)} as amount`,
    `${p}currency::varchar as currency`,
    `${p}props::varchar as props`,
    `${p}ingested_at::timestamptz as ingested_at`,
  ].join(", ");
}

export const PARQUET_OPTIONS = "format parquet, compression zstd";

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { lakeLayout, openDuckDB } from "@ist/warehouse";
import type { BenchContext } from "./harness.js";
import type { BenchLake } from "./lake.js";

/**
 * The lake's events copied into a PostgreSQL database of the bench's own (created here, dropped at
 * the end of the run): DuckDB exports the Parquet as CSV, `psql \copy` loads it, then a btree index
 * on `ts` and `vacuum analyze`. Sessions get a generous work_mem so hash aggregates stay in memory.
 */

export interface PgCopy {
  client: pg.Client;
  rows: number;
  loadMs: number;
  settings: string;
}

const DATE_OID = 1082;
const SETTINGS = "work_mem = '512MB'";

function psql(url: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", command], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}: ${stderr.trim()}`))));
  });
}

/** The server the bench creates its databases in (trust auth on this machine). */
export const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database of the bench's own on PG_URL's server; `drop` removes it. */
export async function scratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function pgCopy(ctx: BenchContext, lake: BenchLake): Promise<PgCopy & { db?: ScratchDatabase }> {
  return ctx.shared(
    "pg",
    async () => {
      const t0 = performance.now();
      const db = await scratchDatabase("ist_bench");
      const dbUrl = new URL(db.url);
      const name = dbUrl.pathname.slice(1);
      const client = new pg.Client({
        connectionString: dbUrl.toString(),
        types: { getTypeParser: ((oid: number, format?: string) => (oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as "text"))) as typeof pg.types.getTypeParser },
      });
      await client.connect();
      await client.query(`create table events (event_id text not null, type text not null, user_id text not null, ts timestamptz not null,
        amount numeric(38,8), currency text, props text, ingested_at timestamptz not null)`);
      const csv = path.join(lake.lakeDir, "..", `events-${name}.csv`);
      ctx.log(`loading the lake into PostgreSQL database ${name}`);
      const duck = await openDuckDB({ threads: 2 });
      const conn = await duck.connect();
      try {
        const glob = lakeLayout(lake.lakeDir).eventsGlob;
        await conn.run(`copy (select event_id, type, user_id, ts, amount, currency, props, ingested_at from read_parquet('${glob}', hive_partitioning = false))
          to '${csv}' (format csv, header false)`);
      } finally {
        conn.closeSync();
        duck.closeSync();
      }
      try {
        await psql(dbUrl.toString(), `\\copy events from '${csv}' with (format csv)`);
      } finally {
        await rm(csv, { force: true });
      }
      await client.query(`create index events_ts_idx on events (ts)`);
      await client.query(`vacuum analyze events`);
      await client.query(`set ${SETTINGS}`);
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from events`);
      return { client, rows: Number(rows[0]?.n ?? 0), loadMs: Math.round(performance.now() - t0), settings: SETTINGS, db };
    },
    async (copy) => {
      await copy.client.end();
      await copy.db?.drop();
    },
  );
}

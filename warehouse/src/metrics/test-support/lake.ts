import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ulid } from "ulid";
import { afterAll, beforeAll } from "vitest";
import { openDuckDB, PARQUET_OPTIONS } from "../../lake/duckdb.js";
import { ensureLake, EVENT_COLUMN_TYPES_SQL, sqlString, USER_COLUMNS } from "../../lake/layout.js";
import { QueryPool } from "../../query.js";
import { rebuildRollups } from "../../rollups/maintain.js";
import type { MetricEnv } from "../types.js";

/** A hand-built lake: events written as Parquet through DuckDB, then rolled up like the flusher would. */

export interface TestEvent {
  user: string;
  type: string;
  /** ISO instant */
  ts: string;
  /** money, in USD unless `currency` says otherwise */
  amount?: string;
  currency?: string;
  props?: Record<string, unknown>;
}

export interface TestUser {
  user_id: string;
  partner_id?: string;
}

const lit = (v: string | null) => (v === null ? "null" : sqlString(v));

export async function writeTestLake(lakeDir: string, events: readonly TestEvent[], users: readonly TestUser[] = []): Promise<void> {
  const layout = await ensureLake(lakeDir);
  const instance = await openDuckDB({ threads: 1 });
  const conn = await instance.connect();
  try {
    const byDt = new Map<string, string[]>();
    events.forEach((e, i) => {
      const dt = e.ts.slice(0, 10);
      const row = [`e${i + 1}`, e.type, e.user, e.ts, e.amount ?? null, e.amount ? (e.currency ?? "USD") : null, JSON.stringify(e.props ?? {}), e.ts];
      byDt.set(dt, [...(byDt.get(dt) ?? []), `(${row.map(lit).join(", ")})`]);
    });
    for (const [dt, rows] of byDt) {
      const file = layout.eventPart(dt, ulid());
      await conn.run(`create or replace temp table staged as select * from (values ${rows.join(", ")}) v(event_id, type, user_id, ts, amount, currency, props, ingested_at)`);
      await mkdir(path.dirname(file), { recursive: true });
      const cols = EVENT_COLUMN_TYPES_SQL.split(", ").map((c) => {
        const [name, type] = c.split(" ");
        return `cast(${name} as ${type}) as ${name}`;
      });
      await conn.run(`copy (select ${cols.join(", ")} from staged) to ${sqlString(file)} (${PARQUET_OPTIONS})`);
    }
    if (users.length) {
      const values = users.map((u) => `(${[u.user_id, u.partner_id ?? null].map(lit).join(", ")})`).join(", ");
      const select = USER_COLUMNS.map((c) => (c.name === "user_id" || c.name === "partner_id" ? `cast(${c.name} as ${c.type}) as ${c.name}` : c.name === "snapshot_at" ? `now()::timestamptz as snapshot_at` : `null::${c.type} as ${c.name}`));
      await conn.run(`copy (select ${select.join(", ")} from (values ${values}) v(user_id, partner_id)) to ${sqlString(layout.userSnapshot(ulid()))} (${PARQUET_OPTIONS})`);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export type Mode = "rollups" | "raw";
export const MODES: Mode[] = ["rollups", "raw"];

/**
 * A lake for the whole test file, with rollups built for `zone`, and an env per mode: the rollup
 * views, or raw events only. Both must give the same answers.
 */
export function useTestLake(events: readonly TestEvent[], opts: { users?: readonly TestUser[]; zone?: string; now: string }): (mode: Mode) => MetricEnv {
  const zone = opts.zone ?? "UTC";
  let dir = "";
  let pool: QueryPool | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ist-metrics-"));
    await writeTestLake(dir, events, opts.users);
    await rebuildRollups({ lakeDir: dir, zones: [zone] });
    pool = await QueryPool.open({ lakeDir: dir, reportingTz: zone, connections: 1, threads: 1 });
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return (mode) => ({ reader: pool as QueryPool, zone, rollups: mode === "rollups", now: new Date(opts.now) });
}

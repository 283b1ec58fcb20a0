import { mkdir } from "node:fs/promises";
import path from "node:path";

/**
 * Where everything lives under `$LAKE_DIR`. The lake is the contract between the ingesting api
 * processes, the jobs that compact and roll up, and every reader: keep it in this one file.
 */

/** Columns of every events Parquet file, in order (the `dt` partition column lives in the path). */
export const EVENT_COLUMNS = [
  { name: "event_id", type: "VARCHAR" },
  { name: "type", type: "VARCHAR" },
  { name: "user_id", type: "VARCHAR" },
  { name: "ts", type: "TIMESTAMPTZ" },
  { name: "amount", type: "DECIMAL(38,8)" },
  { name: "currency", type: "VARCHAR" },
  { name: "props", type: "VARCHAR" },
  { name: "ingested_at", type: "TIMESTAMPTZ" },
] as const;

export type EventColumn = (typeof EVENT_COLUMNS)[number]["name"];

/** Columns of a users snapshot; the newest snapshot (by file name, a ULID) wins per user_id. */
export const USER_COLUMNS = [
  { name: "user_id", type: "VARCHAR" },
  { name: "signup_at", type: "TIMESTAMPTZ" },
  { name: "country", type: "VARCHAR" },
  { name: "channel", type: "VARCHAR" },
  { name: "device", type: "VARCHAR" },
  { name: "referral_code", type: "VARCHAR" },
  { name: "partner_id", type: "VARCHAR" },
  { name: "kyc_verified_at", type: "TIMESTAMPTZ" },
  { name: "is_leader", type: "BOOLEAN" },
  { name: "snapshot_at", type: "TIMESTAMPTZ" },
] as const;

const DT_RE = /^\d{4}-\d{2}-\d{2}$/;
const ID_RE = /^[0-9A-Za-z_-]{1,80}$/;

function checkDt(dt: string): string {
  if (!DT_RE.test(dt)) throw new Error(`dt: must be YYYY-MM-DD, got ${JSON.stringify(dt)}`);
  return dt;
}

function checkId(kind: string, id: string): string {
  if (!ID_RE.test(id)) throw new Error(`${kind}: must match ${ID_RE}, got ${JSON.stringify(id)}`);
  return id;
}

export interface LakeLayout {
  readonly root: string;
  readonly eventsDir: string;
  /** Glob every reader scans; `dt=` directories make it hive-partitioned. */
  readonly eventsGlob: string;
  eventsDayDir(dt: string): string;
  eventPart(dt: string, id: string): string;
  readonly usersDir: string;
  readonly usersGlob: string;
  userSnapshot(id: string): string;
  readonly walDir: string;
  walInstanceDir(instance: string): string;
  /** What the synthetic generator planted (experiment lifts, churn drivers): for checking engines. */
  readonly truthDir: string;
  /** Seed data for the operational database that the generator makes alongside the lake (partners). */
  readonly seedDir: string;
  /** Rollup Parquet (daily aggregates, user-day activity, first-seen) maintained at flush/compaction. */
  readonly rollupsDir: string;
  rollupDir(name: string): string;
  readonly locksDir: string;
  /** Scratch space on the lake's file system, so a rename out of it is atomic. */
  readonly tmpDir: string;
}

export function lakeLayout(lakeDir: string): LakeLayout {
  const root = path.resolve(lakeDir);
  const eventsDir = path.join(root, "events");
  const usersDir = path.join(root, "users");
  const walDir = path.join(root, "_wal");
  const rollupsDir = path.join(root, "rollups");
  return {
    root,
    eventsDir,
    eventsGlob: path.join(eventsDir, "**", "*.parquet"),
    eventsDayDir: (dt) => path.join(eventsDir, `dt=${checkDt(dt)}`),
    eventPart: (dt, id) => path.join(eventsDir, `dt=${checkDt(dt)}`, `part-${checkId("part id", id)}.parquet`),
    usersDir,
    usersGlob: path.join(usersDir, "snapshot-*.parquet"),
    userSnapshot: (id) => path.join(usersDir, `snapshot-${checkId("snapshot id", id)}.parquet`),
    walDir,
    walInstanceDir: (instance) => path.join(walDir, checkId("instance", instance)),
    truthDir: path.join(root, "_truth"),
    seedDir: path.join(root, "_seed"),
    rollupsDir,
    rollupDir: (name) => path.join(rollupsDir, checkId("rollup", name)),
    locksDir: path.join(root, "_locks"),
    tmpDir: path.join(root, "_tmp"),
  };
}

/** Creates the lake's top-level directories (idempotent). */
export async function ensureLake(lakeDir: string): Promise<LakeLayout> {
  const l = lakeLayout(lakeDir);
  for (const dir of [l.eventsDir, l.usersDir, l.walDir, l.truthDir, l.seedDir, l.rollupsDir, l.locksDir, l.tmpDir]) {
    await mkdir(dir, { recursive: true });
  }
  return l;
}

/** UTC calendar date of an instant: the `dt` partition an event belongs to. */
export function dtOf(ts: Date | number | string): string {
  const d = ts instanceof Date ? ts : new Date(ts);
  if (Number.isNaN(d.getTime())) throw new Error(`dtOf: invalid instant ${String(ts)}`);
  return d.toISOString().slice(0, 10);
}

/** `dt` of a partition directory name (`dt=2025-01-31` → `2025-01-31`), or null for anything else. */
export function dtOfDirName(name: string): string | null {
  const m = /^dt=(\d{4}-\d{2}-\d{2})$/.exec(name);
  return m ? (m[1] ?? null) : null;
}

/** Quotes a string as a SQL literal; only for paths we built ourselves (values go in as parameters). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** `select` list that casts a staging relation's columns to the events Parquet schema. */
export const EVENT_COLUMN_TYPES_SQL = EVENT_COLUMNS.map((c) => `${c.name} ${c.type}`).join(", ");

/** A typed, empty events relation, for views over a lake that has no file yet. */
export const EMPTY_EVENTS_SQL = `select ${EVENT_COLUMNS.map((c) => `null::${c.type} as ${c.name}`).join(", ")}, null::date as dt where false`;

export const EMPTY_USERS_SQL = `select ${USER_COLUMNS.map((c) => `null::${c.type} as ${c.name}`).join(", ")} where false`;

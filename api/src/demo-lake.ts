import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { and, apiKeys, eq, isNull, sha256, type Db } from "@ist/db";
import { generate, lakeLayout, rebuildRollups, SyntheticPlatform, writePlatformUsers, type Truth } from "@ist/warehouse";
import type { Config } from "./config";
import { runLiveFeed, systemClock, type DemoClock } from "./demo-live";
import { seedFinanceDemo } from "./modules/finance/finance.demo";
import { ingestClient } from "./modules/ingest/client";
import { createKey } from "./modules/keys/keys.service";
import { writeAudit } from "./plugins/audit";

type DemoConfig = Pick<Config, "DATA_DIR" | "LAKE_DIR" | "SEED_USERS" | "SEED_DAYS" | "DEMO_SIM" | "REPORTING_TZ">;

const DAY = 86_400_000;
/** Users keep signing up for this many days after the seed (a demo left running, or restarted later). */
export const LIVE_EXTRA_DAYS = 90;
/** The simulator's progress is saved this often (a restart replays a little more; ingest drops the repeats). */
const SAVE_CURSOR_MS = 30_000;
/** New signups join the users dimension (a snapshot file) at most this often, in platform time. */
const USERS_EVERY_MS = 10 * 60_000;

/** The seeded platform, ready to continue from `cursor` (everything up to it is in the lake). */
export interface LivePlatform {
  platform: SyntheticPlatform;
  cursor: number;
  /** users who signed up up to here are in the users dimension */
  users: number;
}

/**
 * Demo data in the lake, started after the server listens so the console is usable at once:
 * a synthetic platform seeded into an empty lake up to the moment of the start, then the same
 * platform carried on in real time (the simulator posts its events to this api's own ingest
 * endpoint with a demo ingest key). A restart rebuilds the platform from its seed, catches up
 * what it missed and carries on.
 */
export function startDemoLake(opts: {
  config: DemoConfig & Partial<Pick<Config, "ENCRYPTION_KEY">>;
  db: Db;
  log: Logger;
  url: string;
  clock?: DemoClock;
  tickMs?: number;
}): { stop(): Promise<void> } {
  const log = opts.log.child({ module: "demo-lake" });
  const clock = opts.clock ?? systemClock;
  const abort = new AbortController();
  let simulating: Promise<unknown> = Promise.resolve();
  let saveCursor: () => Promise<void> = async () => undefined;
  const seeding = seedLakeIfEmpty(opts.config, log, clock.now())
    .then(async (seeded) => {
      // finance's partners and plans match the lake's partners (referral codes), so they follow the seed
      const encryptionKey = opts.config.ENCRYPTION_KEY;
      if (encryptionKey) await seedFinanceDemo(opts.db, { lakeDir: opts.config.LAKE_DIR, encryptionKey });
      if (abort.signal.aborted || opts.config.DEMO_SIM <= 0) return;
      const live = seeded.live ?? (await resumePlatform(opts.config, log));
      if (!live || abort.signal.aborted) return;
      const key = await demoIngestKey(opts.db, opts.config.DATA_DIR);
      log.info({ users: seeded.users, from: new Date(live.cursor).toISOString() }, "demo simulator continuing the seeded platform");
      // this process's own endpoint: a wildcard listen address is reached over loopback
      const self = new URL(opts.url);
      if (["0.0.0.0", "[::]"].includes(self.hostname)) self.hostname = "127.0.0.1";
      const client = ingestClient(self.toString(), key);
      let failures = 0;
      let cursor = live.cursor;
      let users = live.users;
      let savedAt = Date.now();
      const addUsers = async (upTo: number) => {
        if (upTo <= users) return;
        await writePlatformUsers(opts.config.LAKE_DIR, live.platform, users, upTo);
        users = upTo;
      };
      saveCursor = async () => {
        await addUsers(cursor);
        await writeCursor(opts.config, cursor, users);
      };
      simulating = runLiveFeed({
        platform: live.platform,
        cursor: live.cursor,
        clock,
        tickMs: opts.tickMs,
        send: (events) => client.send(events),
        signal: abort.signal,
        onProgress: async (at) => {
          cursor = at;
          if (at - users >= USERS_EVERY_MS) await addUsers(at).catch((err: unknown) => log.warn({ err }, "demo simulator could not add its new users"));
          if (Date.now() - savedAt < SAVE_CURSOR_MS) return;
          savedAt = Date.now();
          await writeCursor(opts.config, cursor, users).catch((err: unknown) => log.warn({ err }, "demo simulator could not save its progress"));
        },
        onError: (err) => {
          // once a minute at most: a stopped database must not flood the log
          if (failures++ % 60 === 0) log.warn({ err: (err as Error).message }, "demo simulator could not post a batch");
        },
      });
    })
    .catch((err: unknown) => log.error({ err }, "demo lake failed"));
  return {
    async stop() {
      abort.abort();
      // a seed in progress is not waited for: an interrupted seed is redone at the next start
      await Promise.race([seeding, new Promise((r) => setTimeout(r, 100))]);
      await simulating.catch(() => undefined);
      await saveCursor().catch(() => undefined);
    },
  };
}

/**
 * Seeds the synthetic platform unless the lake has events: history up to `now` (today's part
 * included, hour by hour as the generator's users live it), and the platform to continue from
 * there. Returns how many users the seed holds.
 */
export async function seedLakeIfEmpty(config: DemoConfig, log: Logger, now: number = Date.now()): Promise<{ users: number; live?: LivePlatform }> {
  const layout = lakeLayout(config.LAKE_DIR);
  // written before and removed after: its presence means the last seed was cut short
  const marker = join(layout.tmpDir, "demo-seed-incomplete");
  const interrupted = existsSync(marker);
  const hasEvents = (await readdir(layout.eventsDir).catch(() => [] as string[])).length > 0;
  if (hasEvents && !interrupted) return { users: seededUsers(config) };
  log.info({ users: config.SEED_USERS, days: config.SEED_DAYS, lake: layout.root, redo: interrupted }, "seeding the demo lake");
  await mkdir(layout.tmpDir, { recursive: true });
  await writeFile(marker, new Date(now).toISOString());
  const step = Math.max(1, Math.round(config.SEED_DAYS / 6));
  const result = await generate({
    lakeDir: config.LAKE_DIR,
    users: config.SEED_USERS,
    days: config.SEED_DAYS,
    seed: 1,
    until: now,
    extraDays: LIVE_EXTRA_DAYS,
    replace: interrupted,
    onDay: (d, days) => {
      if ((d + 1) % step === 0 || d + 1 === days) log.info({ day: d + 1, days }, "seeding the demo lake");
    },
  });
  // the generator writes Parquet straight into the lake, past the flusher that keeps rollups
  const rollups = await rebuildRollups({ lakeDir: config.LAKE_DIR, zones: [config.REPORTING_TZ] });
  await writeCursor(config, now, now);
  await rm(marker, { force: true });
  log.info({ users: result.users, events: result.events, ms: result.ms, rollupsMs: rollups.ms, until: new Date(now).toISOString() }, "demo lake seeded");
  return { users: result.users, live: { platform: result.platform, cursor: now, users: now } };
}

/**
 * The seeded platform rebuilt from its seed (`_truth/truth.json`) and replayed up to where the
 * simulator got to (`_seed/live-cursor.json`), or to the seed's moment. A lake seeded before the
 * seed ran up to its start moment continues from the end of its last day.
 */
export async function resumePlatform(config: Pick<Config, "LAKE_DIR">, log: Logger): Promise<LivePlatform | undefined> {
  const layout = lakeLayout(config.LAKE_DIR);
  let truth: Truth;
  try {
    truth = JSON.parse(await readFile(join(layout.truthDir, "truth.json"), "utf8")) as Truth;
  } catch {
    log.warn({ lake: layout.root }, "the lake has no seed record (_truth/truth.json): the demo simulator stays off");
    return undefined;
  }
  const startMs = Date.parse(`${truth.start}T00:00:00Z`);
  const days = Math.round((Date.parse(`${truth.end}T00:00:00Z`) - startMs) / DAY) + 1;
  const saved = await readFile(cursorFile(config), "utf8")
    .then((text) => JSON.parse(text) as { cursor?: string; users?: string })
    .catch(() => ({}) as { cursor?: string; users?: string });
  const seededTo = truth.until ? Date.parse(truth.until) : startMs + days * DAY - 1;
  const cursor = saved.cursor ? Date.parse(saved.cursor) : seededTo;
  const users = saved.users ? Date.parse(saved.users) : seededTo;
  if (!Number.isFinite(cursor) || !Number.isFinite(users)) {
    log.warn({ file: cursorFile(config) }, "the demo simulator's progress file is unreadable: the demo simulator stays off");
    return undefined;
  }
  const t0 = performance.now();
  const platform = new SyntheticPlatform({ users: truth.users, days, seed: truth.seed, start: truth.start, extraDays: truth.extra_days ?? LIVE_EXTRA_DAYS });
  await platform.skip(cursor);
  log.info({ ms: Math.round(performance.now() - t0), cursor: new Date(cursor).toISOString() }, "demo platform replayed from its seed");
  return { platform, cursor, users };
}

function cursorFile(config: Pick<Config, "LAKE_DIR">): string {
  return join(lakeLayout(config.LAKE_DIR).seedDir, "live-cursor.json");
}

/** `cursor`: events up to it are in the lake; `users`: signups up to it are in the users dimension. */
async function writeCursor(config: Pick<Config, "LAKE_DIR">, cursor: number, users: number): Promise<void> {
  const file = cursorFile(config);
  await writeFile(`${file}.tmp`, JSON.stringify({ cursor: new Date(cursor).toISOString(), users: new Date(users).toISOString() }));
  await rename(`${file}.tmp`, file);
}

export function seededUsers(config: Pick<Config, "LAKE_DIR" | "SEED_USERS">): number {
  const truth = join(lakeLayout(config.LAKE_DIR).truthDir, "truth.json");
  try {
    return (JSON.parse(readFileSync(truth, "utf8")) as { users: number }).users;
  } catch {
    return config.SEED_USERS;
  }
}

/**
 * The demo simulator's ingest key. Its plaintext is kept in `$DATA_DIR/demo-ingest-key` (demo
 * installs only, like the generated secrets) so restarts reuse it; a revoked one is replaced.
 */
export async function demoIngestKey(db: Db, dataDir: string): Promise<string> {
  const file = join(dataDir, "demo-ingest-key");
  const saved = (await readFile(file, "utf8").catch(() => "")).trim();
  if (saved) {
    const [row] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, sha256(saved)), isNull(apiKeys.revokedAt)))
      .limit(1);
    if (row) return saved;
  }
  const key = await db.transaction(async (tx) => {
    const created = await createKey(tx, { kind: "ingest", name: "Demo simulator", createdBy: null });
    await writeAudit(tx, null, { action: "key.create", entity: "api_key", entityId: created.row.id, actorEmail: "system:demo-seed", after: { name: created.row.name, prefix: created.row.prefix } });
    return created.key;
  });
  await writeFile(file, key, { mode: 0o600 });
  return key;
}

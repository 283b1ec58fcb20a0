import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { and, apiKeys, eq, isNull, sha256, type Db } from "@ist/db";
import { generate, lakeLayout, rebuildRollups } from "@ist/warehouse";
import type { Config } from "./config";
import { seedFinanceDemo } from "./modules/finance/finance.demo";
import { ingestClient } from "./modules/ingest/client";
import { runSimulator } from "./modules/ingest/simulator";
import { createKey } from "./modules/keys/keys.service";
import { writeAudit } from "./plugins/audit";

type DemoConfig = Pick<Config, "DATA_DIR" | "LAKE_DIR" | "SEED_USERS" | "SEED_DAYS" | "DEMO_SIM" | "REPORTING_TZ">;

/**
 * Demo data in the lake, started after the server listens so the console is usable at once:
 * a synthetic platform seeded into an empty lake (logged as it goes), then the live simulator
 * posting to this api's own ingest endpoint with a demo ingest key, so dashboards move.
 */
export function startDemoLake(opts: { config: DemoConfig & Partial<Pick<Config, "ENCRYPTION_KEY">>; db: Db; log: Logger; url: string }): { stop(): Promise<void> } {
  const log = opts.log.child({ module: "demo-lake" });
  const abort = new AbortController();
  let simulating: Promise<unknown> = Promise.resolve();
  const seeding = seedLakeIfEmpty(opts.config, log)
    .then(async (users) => {
      // finance's partners and plans match the lake's partners (referral codes), so they follow the seed
      const encryptionKey = opts.config.ENCRYPTION_KEY;
      if (encryptionKey) await seedFinanceDemo(opts.db, { lakeDir: opts.config.LAKE_DIR, encryptionKey });
      if (abort.signal.aborted || opts.config.DEMO_SIM <= 0) return;
      const key = await demoIngestKey(opts.db, opts.config.DATA_DIR);
      log.info({ rate: opts.config.DEMO_SIM, users }, "demo simulator started");
      // this process's own endpoint: a wildcard listen address is reached over loopback
      const self = new URL(opts.url);
      if (["0.0.0.0", "[::]"].includes(self.hostname)) self.hostname = "127.0.0.1";
      const client = ingestClient(self.toString(), key);
      let failures = 0;
      simulating = runSimulator({
        rate: opts.config.DEMO_SIM,
        users,
        send: (events) => client.send(events),
        signal: abort.signal,
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
    },
  };
}

/** Seeds the synthetic platform unless the lake has events; returns how many users it holds. */
export async function seedLakeIfEmpty(config: DemoConfig, log: Logger): Promise<number> {
  const layout = lakeLayout(config.LAKE_DIR);
  // written before and removed after: its presence means the last seed was cut short
  const marker = join(layout.tmpDir, "demo-seed-incomplete");
  const interrupted = existsSync(marker);
  const hasEvents = (await readdir(layout.eventsDir).catch(() => [] as string[])).length > 0;
  if (hasEvents && !interrupted) return seededUsers(config);
  log.info({ users: config.SEED_USERS, days: config.SEED_DAYS, lake: layout.root, redo: interrupted }, "seeding the demo lake");
  await mkdir(layout.tmpDir, { recursive: true });
  await writeFile(marker, new Date().toISOString());
  const step = Math.max(1, Math.round(config.SEED_DAYS / 6));
  const result = await generate({
    lakeDir: config.LAKE_DIR,
    users: config.SEED_USERS,
    days: config.SEED_DAYS,
    seed: 1,
    replace: interrupted,
    onDay: (d, days) => {
      if ((d + 1) % step === 0 || d + 1 === days) log.info({ day: d + 1, days }, "seeding the demo lake");
    },
  });
  // the generator writes Parquet straight into the lake, past the flusher that keeps rollups
  const rollups = await rebuildRollups({ lakeDir: config.LAKE_DIR, zones: [config.REPORTING_TZ] });
  await rm(marker, { force: true });
  log.info({ users: result.users, events: result.events, ms: result.ms, rollupsMs: rollups.ms }, "demo lake seeded");
  return result.users;
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

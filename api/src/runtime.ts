import { Redis } from "ioredis";
import pino, { type Logger } from "pino";
import { mkdirSync } from "node:fs";
import { connectDb, makePrivate, migrate, sealLegacyPii, serveWire, usePrivateUmask, type DbHandle } from "@ist/db";
import { createQueues, ensureRedis, queuePrefixFor, startWorkerRuntime, type Queues } from "@ist/jobs";
import { buildApp, type App } from "./app";
import { logOptions } from "./logging";
import { ConfigError, loadConfig, type Config } from "./config";
import { activeDemoAccounts, seedDemoAccounts, shouldSeedDemo } from "./demo";
import { startDemoLake } from "./demo-lake";

export interface Runtime {
  config: Config;
  app: App;
  db: DbHandle;
  log: Logger;
  url: string;
  demoAccounts: string[];
  close(): Promise<void>;
}

/**
 * Everything `pnpm start` brings up, in order: config, database (+ wire server in embedded mode),
 * Redis (a private one when none answers), queues, demo accounts, the app, workers, schedules.
 */
export async function startRuntime(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Promise<Runtime> {
  // before anything touches $DATA_DIR: what this process creates there is the owner's alone
  usePrivateUmask();
  const config = { ...loadConfig(env), ...overrides };
  mkdirSync(config.DATA_DIR, { recursive: true });
  makePrivate(config.DATA_DIR);
  const log = pino(logOptions(config.LOG_LEVEL));
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const fn of closers.reverse()) await fn().catch((error) => log.warn({ err: error }, "shutdown step failed"));
  };
  try {
    const db = await connectDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    closers.push(() => db.close());
    if (db.mode === "owner" || config.DATABASE_URL) {
      await migrate(db);
      const sealed = await sealLegacyPii(db.db);
      if (sealed && sealed.users + sealed.audit + sealed.alerts > 0) log.info(sealed, "sealed personal data written before encryption");
    }
    if (db.mode === "owner" && db.kind === "pglite") closers.push(await serveWire(db, config.DATA_DIR));

    const redisHandle = await ensureRedis({ url: config.REDIS_URL, dataDir: config.DATA_DIR, log });
    closers.push(async () => redisHandle.stop?.());
    const redisUrl = redisHandle.url;
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    closers.push(async () => redis.quit());
    const queuePrefix = await queuePrefixFor(db.db, config.QUEUE_PREFIX);
    const queues: Queues = createQueues({ url: redisUrl, prefix: queuePrefix, db: db.db });
    closers.push(() => queues.close());

    if (await shouldSeedDemo(db.db, config)) await seedDemoAccounts(db.db, config.DEMO_PASSWORD);
    const demoAccounts = await activeDemoAccounts(db.db);

    const app = await buildApp({ config: { ...config, REDIS_URL: redisUrl }, db, redis, queues, queuePrefix, logger: log });
    closers.push(() => app.close());
    if (config.WORKERS) {
      const workers = await startWorkerRuntime({ config, db: db.db, redisUrl, prefix: queuePrefix, log, onJobFinished: (queue, name, state, ms) => app.metrics.jobDuration.observe({ queue, name, state }, ms / 1000) });
      // closers run in reverse: the app stops taking requests first, then the workers finish their jobs
      closers.splice(closers.length - 1, 0, () => workers.close());
    }
    const url = await app.listen({ port: config.PORT, host: config.HOST });
    // a demo install's lake: seeded after listen (the console is usable at once), then the simulator
    if (!config.production && config.SEED_DEMO !== false && demoAccounts.length > 0) {
      const demo = startDemoLake({ config, db: db.db, log, url });
      closers.push(() => demo.stop());
    }
    return { config, app, db, log, url, demoAccounts, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export { ConfigError };

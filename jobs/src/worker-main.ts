import pino from "pino";
import { connectDb, readWire, redactError, usePrivateUmask } from "@ist/db";
import { queuePrefixFor } from "./queues";
import { ensureRedis } from "./redis";
import { startWorkerRuntime } from "./runtime";
import { loadWorkerConfig } from "./worker-config";

/** `pnpm start:worker`: workers in a process of their own, beside `pnpm start:api`. */
async function main(): Promise<void> {
  // a private Redis or lake files this process creates under $DATA_DIR are the owner's alone
  usePrivateUmask();
  const config = loadWorkerConfig();
  // errors without the values a failed query carried (bound parameters, PostgreSQL's detail)
  const log = pino({ level: config.LOG_LEVEL, serializers: { err: (err: Error) => pino.stdSerializers.err(redactError(err)) } }).child({ process: "worker" });

  // PGlite is single-process: without DATABASE_URL the api owns the files and serves them on loopback
  if (!config.DATABASE_URL && !readWire(config.DATA_DIR)) {
    throw new Error(`no database: start the api first (pnpm start:api) or set DATABASE_URL (looked for the api's wire server in ${config.DATA_DIR})`);
  }

  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const fn of closers.reverse()) await fn().catch((err) => log.warn({ err }, "shutdown step failed"));
  };
  let starting: Promise<void> = Promise.resolve();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "worker shutting down");
    // a job that ignores the close still must not keep the process forever
    setTimeout(() => process.exit(1), 30_000).unref();
    // a signal during start-up waits for it, so everything opened so far is closed
    await starting.catch(() => {});
    await close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  starting = (async () => {
    const db = await connectDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 4 });
    closers.push(() => db.close());
    const redis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.DATA_DIR, log });
    closers.push(() => redis.stop());
    const prefix = await queuePrefixFor(db.db, config.QUEUE_PREFIX);
    const workers = await startWorkerRuntime({ config, db: db.db, redisUrl: redis.url, prefix, log });
    closers.push(() => workers.close());
  })();
  try {
    await starting;
  } catch (error) {
    if (!closing) await close();
    throw error;
  }
  log.info("worker ready");
}

main().catch((error: unknown) => {
  // one line, not a stack: a configuration error already names the variable
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import type { WorkerConfig } from "./context";
import { DomainsEnv } from "./contracts";

export { DomainsEnv };

/** Where the worker finds the database, Redis and its logs. */
export const ConnectionEnv = z.object({
  DATABASE_URL: z.string().url().optional().describe("PostgreSQL ≥ 15; unset → the api's embedded PGlite, reached through its wire server"),
  DATA_DIR: z.string().min(1).default(".data").describe("the api's data directory (embedded database, private Redis)"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379").describe("Redis ≥ 6.2 for the job queues"),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only")
    .optional()
    .describe("namespace of the BullMQ keys in Redis; default ist-<installation id>, generated once into the database, so installs sharing a Redis stay apart"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").describe("pino log level"),
});

/**
 * The workers' environment, parsed once at start: the connection variables and every domain's
 * slice. `pnpm start:worker` parses it as it is; the api's ConfigSchema extends it.
 */
export const WorkerEnv = ConnectionEnv.extend(DomainsEnv.shape);
export type WorkerEnv = z.infer<typeof WorkerEnv>;

/** What `workerConfigFrom` reads: the domains' parsed values and the data directory (the api's Config has them too). */
export type WorkerSettings = z.output<typeof DomainsEnv> & Pick<WorkerEnv, "DATA_DIR">;

export class WorkerConfigError extends Error {}

/** A bad value throws WorkerConfigError naming the variable; an empty variable counts as unset. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): WorkerEnv {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = WorkerEnv.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new WorkerConfigError(`invalid configuration\n  ${lines.join("\n  ")}`);
  }
  const dataDir = result.data.DATA_DIR;
  const lakeDir = result.data.LAKE_DIR;
  return { ...result.data, DATA_DIR: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir), ...(lakeDir ? { LAKE_DIR: resolve(cwd, lakeDir) } : {}) };
}

/**
 * The processors' WorkerConfig from the parsed values: the one mapping both `pnpm start` and
 * `pnpm start:worker` use. Outside production the api generates its encryption key into
 * `$DATA_DIR/secrets.json`; a worker beside it reads the same file.
 */
export function workerConfigFrom(settings: WorkerSettings): WorkerConfig & { lakeDir: string } {
  const secrets = join(settings.DATA_DIR, "secrets.json");
  const generated = () => (existsSync(secrets) ? (JSON.parse(readFileSync(secrets, "utf8")) as { encryptionKey?: string }).encryptionKey : undefined);
  return {
    auditRetentionDays: settings.AUDIT_RETENTION_DAYS,
    lakeDir: settings.LAKE_DIR ?? join(settings.DATA_DIR, "lake"),
    alerts: { smtpUrl: settings.SMTP_URL, emailFrom: settings.ALERT_EMAIL_FROM, encryptionKey: settings.ENCRYPTION_KEY ?? generated() },
    outbound: { allowHosts: settings.OUTBOUND_ALLOW_HOSTS ?? [] },
  };
}

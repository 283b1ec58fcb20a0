import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import type { AlertsConfig } from "./context";

/** The standalone worker's environment (`pnpm start:worker`), parsed once at start. */
export const WorkerEnv = z.object({
  DATABASE_URL: z.string().url().optional().describe("PostgreSQL ≥ 15; unset → the api's embedded PGlite, reached through its wire server"),
  DATA_DIR: z.string().min(1).default(".data").describe("the api's data directory (embedded database, private Redis)"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379").describe("Redis ≥ 6.2 for the job queues"),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only")
    .default("ist")
    .describe("namespace of the BullMQ keys in Redis; the api must use the same"),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(400).describe("audit rows older than this are pruned daily"),
  REPORTING_TZ: z.string().min(1).default("UTC").describe("time zone alert rules bucket days in; the same as the api's"),
  LAKE_DIR: z.string().min(1).optional().describe("the api's Parquet lake (alert rules read their metrics there); default $DATA_DIR/lake"),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 32 bytes as 64 hex chars or base64")
    .optional()
    .describe("the api's key; decrypts alert webhook secrets; default: the one the api generated into $DATA_DIR outside production"),
  SMTP_URL: z.string().url().optional().describe("SMTP server for alert email, e.g. smtp://user:pass@mail:587; unset: no alert email"),
  ALERT_EMAIL_FROM: z.string().min(3).optional().describe("From: address of alert email; default IST Console <alerts@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").describe("pino log level"),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

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
 * Where alert rules read and how they notify. Outside production the api generates its encryption
 * key into `$DATA_DIR/secrets.json`; a worker beside it reads the same file.
 */
export function alertsSetup(config: WorkerEnv): { lakeDir: string; alerts: AlertsConfig } {
  const secrets = join(config.DATA_DIR, "secrets.json");
  const generated = existsSync(secrets) ? (JSON.parse(readFileSync(secrets, "utf8")) as { encryptionKey?: string }).encryptionKey : undefined;
  return {
    lakeDir: config.LAKE_DIR ?? join(config.DATA_DIR, "lake"),
    alerts: { smtpUrl: config.SMTP_URL, emailFrom: config.ALERT_EMAIL_FROM, encryptionKey: config.ENCRYPTION_KEY ?? generated },
  };
}

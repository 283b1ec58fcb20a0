import { isAbsolute, resolve } from "node:path";
import { z } from "zod";

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
  return { ...result.data, DATA_DIR: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir) };
}

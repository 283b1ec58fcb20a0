import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { generateKey, usePiiKey, writePrivateFile } from "@ist/db";
import { ConnectionEnv } from "@ist/jobs";
import { DomainsEnv } from "@ist/jobs/contracts";
import { DEFAULT_MIN_TIMESTAMP, minTimestamp } from "./modules/ingest/min-timestamp";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const list = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));

/** The api's own variables: its connections, the HTTP server, sessions, the demo. */
export const ApiEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development").describe("production refuses demo secrets and demo accounts"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe("HTTP port"),
  HOST: z.string().min(1).default("127.0.0.1").describe("interface to listen on; 0.0.0.0 to expose"),
  DATA_DIR: z.string().min(1).default(".data").describe("every embedded store lives under it"),
  DATABASE_URL: z.string().url().optional().describe("PostgreSQL ≥ 15; unset → embedded PGlite in $DATA_DIR/pg"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379").describe("Redis ≥ 6.2 for the job queues"),
  QUEUE_PREFIX: ConnectionEnv.shape.QUEUE_PREFIX,
  SEED_DEMO: bool.optional().describe("create demo accounts and data; default on when the database is empty, never in production"),
  DEMO_PASSWORD: z.string().min(8).default("demo-ist-2026").describe("password of the demo accounts"),
  SEED_USERS: z.coerce.number().int().positive().default(50_000).describe("users in the synthetic platform a demo start seeds into an empty lake"),
  SEED_DAYS: z.coerce.number().int().positive().max(3_650).default(180).describe("days of history in that synthetic platform"),
  DEMO_SIM: z.coerce.number().min(0).max(10_000).default(1).describe("the demo simulator: on (any positive value) it carries the seeded platform on in real time, at its own users' rates; 0 disables it"),
  SESSION_SECRET: z.string().min(32).optional().describe("signs session cookies; generated into $DATA_DIR outside production"),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12).describe("how long a session lives"),
  LOGIN_MAX_PER_MINUTE: z.coerce.number().int().positive().default(20).describe("sign-in attempts per minute per client IP"),
  INGEST_MAX_PER_MINUTE: z.coerce.number().int().positive().default(6_000).describe("ingest requests per minute per ingest key (batches of 1,000 at 50k events/s need 3,000)"),
  INGEST_MIN_TIMESTAMP: z
    .string()
    .default(DEFAULT_MIN_TIMESTAMP)
    .refine((v) => minTimestamp(v, new Date()) !== undefined, { message: "must be a date (2000-01-01), an instant with a zone, or <N>d (days before now)" })
    .describe("events with an earlier ts are refused: a date, an instant, or <N>d for N days before now"),
  INGEST_BAD_KEYS_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(30)
    .describe("ingest requests with an unknown key per minute per client address; past it, 429 without a database lookup"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").describe("pino log level"),
  WORKERS: bool.default(true).describe("run the job workers inside the api process (pnpm start); pnpm start:api sets 0"),
  CONSOLE_DIR: z.string().optional().describe("built console to serve at /; default console/dist"),
  TRUST_PROXY: bool.default(false).describe("trust X-Forwarded-For (behind a reverse proxy)"),
  ALLOWED_ORIGINS: list.optional().describe("comma-separated origins besides the api's own that may send state-changing requests (e.g. https://console.example.com)"),
  METRICS_TOKEN: z.string().min(16).optional().describe("bearer token Prometheus sends to scrape /metrics; unset: /metrics is open outside production and off in production"),
  ANALYTICS_MAX_BUCKETS: z.coerce.number().int().min(100).max(100_000).default(2_000).describe("most buckets (window ÷ grain) one metric or dashboard request may ask for; more is a 400"),
  ANALYTICS_CONCURRENCY_PER_USER: z.coerce.number().int().min(1).max(32).default(2).describe("metric and dashboard requests of one user evaluated at once"),
  ANALYTICS_QUEUE_PER_USER: z.coerce.number().int().min(0).max(1_000).default(4).describe("further requests of that user that wait their turn; beyond them 429 with Retry-After"),
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "a size such as 512MB or 2GB")
    .default("2GB")
    .describe("DuckDB's memory_limit for the api's analytics queries (a query past it spills or fails, the process stays up)"),
  API_DOCS: bool.optional().describe("serve the OpenAPI explorer at /docs; default on outside production, off in production"),
});

/**
 * What the job domains' processors read comes from their contracts' config slices
 * (jobs/src/<domain>/contract.ts): `pnpm start` and `pnpm start:worker` parse the same variables.
 * The api describes two of them in its own words: it owns the lake and generates the key.
 */
const ApiOverrides = z.object({
  LAKE_DIR: z.string().min(1).optional().describe("Parquet lake; default $DATA_DIR/lake"),
  ENCRYPTION_KEY: DomainsEnv.shape.ENCRYPTION_KEY.describe("AES-256-GCM key for personal data; generated into $DATA_DIR outside production"),
});

/** The api's whole environment: its own variables and the workers' slices (`pnpm start` runs both). */
export const ConfigSchema = ApiEnv.extend(DomainsEnv.shape).extend(ApiOverrides.shape);

export type Env = z.infer<typeof ConfigSchema>;
export interface Config extends Env {
  DATA_DIR: string;
  LAKE_DIR: string;
  SESSION_SECRET: string;
  ENCRYPTION_KEY: string;
  production: boolean;
}

export class ConfigError extends Error {}

/** Parses the environment once; a bad value names the variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Env {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`invalid configuration\n  ${lines.join("\n  ")}`);
  }
  return result.data;
}

/**
 * Resolves paths and secrets. Outside production a missing secret is generated once into
 * `$DATA_DIR/secrets.json` so restarts keep sessions and can still decrypt personal data.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = parseConfig(env);
  const production = parsed.NODE_ENV === "production";
  const dataDir = isAbsolute(parsed.DATA_DIR) ? parsed.DATA_DIR : resolve(cwd, parsed.DATA_DIR);
  const lakeDir = parsed.LAKE_DIR ? resolve(cwd, parsed.LAKE_DIR) : join(dataDir, "lake");
  if (production) {
    const missing = (["SESSION_SECRET", "ENCRYPTION_KEY"] as const).filter((k) => !parsed[k]);
    if (missing.length) throw new ConfigError(`invalid configuration\n  ${missing.map((k) => `${k}: required in production`).join("\n  ")}`);
    if (parsed.SEED_DEMO) throw new ConfigError("invalid configuration\n  SEED_DEMO: demo accounts are never created in production");
  }
  const secrets: Partial<DemoSecrets> = production ? {} : demoSecrets(dataDir);
  const encryptionKey = parsed.ENCRYPTION_KEY ?? secrets.encryptionKey!;
  // personal data columns seal and open with this process's key (db/src/pii.ts)
  usePiiKey(encryptionKey);
  return {
    ...parsed,
    production,
    DATA_DIR: dataDir,
    LAKE_DIR: lakeDir,
    SESSION_SECRET: parsed.SESSION_SECRET ?? secrets.sessionSecret!,
    ENCRYPTION_KEY: encryptionKey,
  };
}

interface DemoSecrets {
  sessionSecret: string;
  encryptionKey: string;
}

function demoSecrets(dataDir: string): DemoSecrets {
  const file = join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets = { sessionSecret: generateKey(), encryptionKey: generateKey() };
  writePrivateFile(file, JSON.stringify(secrets));
  return secrets;
}

/** The README's configuration table is generated from the schema so the two cannot drift. */
export function configTable(): string {
  const rows = Object.entries(ConfigSchema.shape).map(([name, schema]) => {
    const def = (schema as z.ZodType & { def: { defaultValue?: unknown } }).def.defaultValue;
    return `| \`${name}\` | ${def === undefined ? "—" : `\`${String(def)}\``} | ${schema.description ?? ""} |`;
  });
  return ["| variable | default | meaning |", "|---|---|---|", ...rows].join("\n");
}

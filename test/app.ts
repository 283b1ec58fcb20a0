import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import dataProvider from "@refinedev/simple-rest";
import axios from "axios";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { buildApp, type App, type AppDeps } from "../api/src/app";
import { loadConfig, type Config } from "../api/src/config";
import type { ApiDomain } from "../api/src/domain";
import { seedDemoAccounts } from "../api/src/demo";
import { createQueues } from "@ist/jobs";
import { freshDatabase, TEST_ENCRYPTION_KEY, type TestDatabase } from "@ist/db/testing";

export const DEMO_PASSWORD = "demo-ist-2026";

export interface TestApp {
  app: App;
  database: TestDatabase;
  config: Config;
  prefix: string;
  /** signs in and returns the Cookie header value */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestDeps {
  deps: AppDeps;
  database: TestDatabase;
  config: Config;
  prefix: string;
  /** closes the queues and Redis, drops the database and the data directory */
  release(): Promise<void>;
}

/** What buildApp needs: a fresh database, the real Redis under a key prefix of its own, a scratch DATA_DIR. */
export async function testDeps(kind: "pglite" | "pg", env: Record<string, string> = {}): Promise<TestDeps> {
  const redisUrl = inject("redisUrl");
  if (!redisUrl) throw new Error("Redis is required for app tests");
  const dataDir = mkdtempSync(join(tmpdir(), "ist-app-"));
  const database = await freshDatabase(kind);
  const prefix = `t${randomBytes(4).toString("hex")}`;
  // one field key per test process: every app and database of a file seals and opens alike
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, REDIS_URL: redisUrl, LOG_LEVEL: "silent", ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, ...env });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const queues = createQueues({ url: redisUrl, prefix, db: database.handle.db });
  return {
    deps: { config, db: database.handle, redis, queues, queuePrefix: prefix, logger: false },
    database,
    config,
    prefix,
    async release() {
      await queues.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The real app (demo accounts seeded) on testDeps; `domains` replaces the registry's list (a test
 * adds a domain of its own).
 */
export async function testApp(kind: "pglite" | "pg", env: Record<string, string> = {}, opts: { domains?: readonly ApiDomain[] } = {}): Promise<TestApp> {
  const { deps, database, config, prefix, release } = await testDeps(kind, env);
  let app: App;
  try {
    await seedDemoAccounts(database.handle.db, DEMO_PASSWORD);
    app = await buildApp(deps, { domains: opts.domains });
    await app.ready();
  } catch (error) {
    await release();
    throw error;
  }
  return {
    app,
    database,
    config,
    prefix,
    async login(email, password = DEMO_PASSWORD) {
      // a different client address per sign-in keeps the per-IP sign-in limit out of unrelated tests
      const remoteAddress = `10.${randomBytes(3).join(".")}`;
      const res = await app.inject({ method: "POST", url: "/api/auth/login", remoteAddress, payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === "ist_session");
      return `ist_session=${cookie!.value}`;
    },
    async close() {
      await app.close();
      await release();
    },
  };
}

/**
 * A signed-in console as the browser has it: the app listening on a port, the console's own data
 * provider (@refinedev/simple-rest over axios with the session cookie) and an `inject` for routes
 * the provider does not cover (`as` signs the request as another session).
 */
export async function consoleSession(t: TestApp, email: string) {
  const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  const cookie = await t.login(email);
  return {
    provider: dataProvider(`${base}/api`, axios.create({ headers: { cookie } })),
    cookie,
    inject: (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, as = cookie) =>
      t.app.inject({ method, url, headers: { cookie: as }, ...(payload ? { payload } : {}) }),
  };
}
export type ConsoleSession = Awaited<ReturnType<typeof consoleSession>>;

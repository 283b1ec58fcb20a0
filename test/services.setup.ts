import net from "node:net";
import type { TestProject } from "vitest/node";

/** Integration tests use the real PostgreSQL and Redis; they say so loudly when those are absent. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1500 });
    socket.once("connect", () => (socket.end(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

export default async function setup(project: TestProject) {
  const pgUrl = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  const redisUrl = new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
  const pg = await answers(pgUrl.hostname, Number(pgUrl.port || 5432));
  const redis = await answers(redisUrl.hostname, Number(redisUrl.port || 6379));
  const missing = [!pg && `PostgreSQL at ${pgUrl.host}`, !redis && `Redis at ${redisUrl.host}`].filter(Boolean);
  if (missing.length) {
    const message = `integration tests need ${missing.join(" and ")} (see README: Tests)`;
    if (process.env.CI) throw new Error(message);
    console.warn(`\n⚠ ${message}; tests that need them are skipped\n`);
  }
  project.provide("pgUrl", pg ? pgUrl.toString() : "");
  project.provide("redisUrl", redis ? redisUrl.toString() : "");
}

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
    redisUrl: string;
  }
}

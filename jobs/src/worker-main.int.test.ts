import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freshDatabase } from "@ist/db/testing";

const main = join(import.meta.dirname, "worker-main.ts");

/** Runs `pnpm start:worker`'s entry point; `until` sends SIGTERM once that text appears in the output. */
function runWorker(env: Record<string, string>, until?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", main], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      const before = output;
      output += chunk.toString();
      if (until && !before.includes(until) && output.includes(until)) child.kill("SIGTERM");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("the standalone worker process", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ist-worker-main-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("exits naming the variable when the configuration is bad", async () => {
    const { code, output } = await runWorker({ DATA_DIR: dataDir, AUDIT_RETENTION_DAYS: "soon" });
    expect(code).toBe(1);
    expect(output).toMatch(/AUDIT_RETENTION_DAYS: /);
  });

  it("refuses to open the embedded database itself when no api serves it", async () => {
    const { code, output } = await runWorker({ DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(output).toContain("start the api first (pnpm start:api) or set DATABASE_URL");
  });

  it.skipIf(!inject("pgUrl") || !inject("redisUrl"))("starts workers and schedules on PostgreSQL and Redis, and stops on SIGTERM", async () => {
    const database = await freshDatabase("pg");
    const prefix = `ist-test-main-${randomBytes(4).toString("hex")}`;
    try {
      const { code, output } = await runWorker(
        { DATABASE_URL: database.url!, REDIS_URL: inject("redisUrl"), QUEUE_PREFIX: prefix, DATA_DIR: dataDir },
        "worker ready",
      );
      expect(output).toContain("workers closed");
      expect(code).toBe(0);
      const redis = new Redis(inject("redisUrl"));
      // the schedule was registered under this process's prefix before it stopped
      expect(await redis.exists(`${prefix}:audit:repeat:audit-prune`)).toBe(1);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    } finally {
      await database.drop();
    }
  });
});

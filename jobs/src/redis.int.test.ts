import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ensureRedis, findExecutable, redisAnswers } from "./redis";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(100);
  }
}

const hasRedisServer = Boolean(findExecutable("redis-server"));

describe("ensureRedis", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ist-redis-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.skipIf(!inject("redisUrl"))("returns the url of a Redis that answers and starts nothing", async () => {
    const url = inject("redisUrl");
    const handle = await ensureRedis({ url, dataDir });
    expect(handle).toMatchObject({ url, started: false });
    await handle.stop();
    expect(await redisAnswers(url)).toBe(true);
  });

  it.skipIf(!hasRedisServer)("starts a private redis-server when nothing answers, and stop() ends it", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    expect(await redisAnswers(url)).toBe(false);
    const handle = await ensureRedis({ url, dataDir });
    expect(handle).toMatchObject({ url, started: true });
    expect(await redisAnswers(url)).toBe(true);
    await handle.stop();
    expect(await redisAnswers(url)).toBe(false);
  });

  it.skipIf(!hasRedisServer)("takes the private redis-server down when its owner is killed with SIGKILL", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const script = `import { ensureRedis } from ${JSON.stringify(join(import.meta.dirname, "redis.ts"))};
await ensureRedis({ url: ${JSON.stringify(url)}, dataDir: ${JSON.stringify(dataDir)} });
console.log("ready");
setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      owner.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      owner.once("exit", (code) => reject(new Error(`owner exited early (${code})`)));
    });
    expect(await redisAnswers(url)).toBe(true);
    owner.kill("SIGKILL");
    await until(async () => !(await redisAnswers(url, 300)));
  });

  it("says how to install Redis or set REDIS_URL when it cannot start one", async () => {
    const failure = ensureRedis({ url: "redis://redis.invalid:6379", dataDir });
    await expect(failure).rejects.toThrow(/apt-get install redis-server/);
    await expect(failure).rejects.toThrow(/brew install redis/);
    await expect(failure).rejects.toThrow(/REDIS_URL/);
  });
});

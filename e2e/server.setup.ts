import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const HEALTH_TIMEOUT_MS = 90_000;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Polls `/health` until it answers; fails early with the api's own output if the process dies. */
async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited with code ${child.exitCode} before answering /health:\n${output()}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`api did not answer ${url}/health within ${HEALTH_TIMEOUT_MS / 1000} s:\n${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((done) => {
    const force = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    try {
      // the whole group: the api and anything it started (a private redis-server, say)
      process.kill(-pid, "SIGTERM");
    } catch {
      clearTimeout(force);
      done();
    }
  });
}

/** Builds the console if needed and runs the real api (with demo accounts) on a free port for the browser tests. */
export default async function setup(project: TestProject) {
  if (!existsSync(join(root, "console/dist/index.html"))) {
    execFileSync("pnpm", ["--filter", "@ist/console", "build"], { cwd: root, stdio: "inherit" });
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "ist-e2e-"));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "api/src/server.ts"], {
    cwd: root,
    detached: true, // own process group, so teardown can stop everything it spawned
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "1",
      DEMO_SIM: "0",
      // a small synthetic platform: seeding 50k users would run through the whole suite
      SEED_USERS: "2000",
      SEED_DAYS: "30",
      // every test signs in from 127.0.0.1
      LOGIN_MAX_PER_MINUTE: "600",
      REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    },
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  try {
    await waitForHealth(url, child, () => log);
  } catch (error) {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide("baseUrl", url);

  return async () => {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import type { Logger } from "pino";

export interface RedisHandle {
  url: string;
  /** true when this process started a private redis-server */
  started: boolean;
  /** stops the private redis-server; a no-op for a Redis we did not start */
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "install Redis ≥ 6.2 (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a running Redis";

/**
 * Workers block on Redis and must wait out a reconnect, so BullMQ wants `maxRetriesPerRequest: null`.
 * Producers (the api enqueueing from a request) fail fast instead of hanging while Redis is down.
 */
export function createConnection(url: string, opts: { worker: boolean }): Redis {
  const connection = opts.worker
    ? new Redis(url, { maxRetriesPerRequest: null })
    : new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: false });
  // errors surface on the commands that hit them; an unhandled 'error' event would crash the process
  connection.on("error", () => {});
  return connection;
}

/** Whether a Redis answers PING at `url`; a refused or unresolvable address is simply "no". */
export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function findExecutable(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The shell in between holds a pipe from this process on fd 3: when this process ends in any way
 * (even SIGKILL) the pipe closes, `read` returns and redis-server is stopped, so a private Redis
 * never outlives its owner. Closing the pipe is also how stop() asks it to go.
 */
const WATCHDOG = `
exec 3<&0
redis-server "$@" </dev/null &
pid=$!
( read -r _ <&3; kill -TERM "$pid" 2>/dev/null ) &
watcher=$!
wait "$pid"
status=$?
kill "$watcher" 2>/dev/null
exit $status
`;

/**
 * Returns a Redis to use: the one at `url` when it answers; otherwise, for a loopback url with
 * redis-server on PATH, a private one under `<dataDir>/redis` that lives as long as this process.
 */
export async function ensureRedis(opts: { url: string; dataDir: string; log?: Logger; startTimeoutMs?: number }): Promise<RedisHandle> {
  const { url, dataDir, log } = opts;
  if (await redisAnswers(url)) return { url, started: false, stop: async () => {} };

  const parsed = new URL(url);
  if (!isLoopbackHost(parsed.hostname)) throw new Error(`Redis is not answering at ${parsed.host}: ${INSTALL_HINT}`);
  if (!findExecutable("redis-server")) throw new Error(`Redis is not answering at ${parsed.host} and redis-server is not installed: ${INSTALL_HINT}`);

  const port = parsed.port || "6379";
  const dir = join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const bind = parsed.hostname.replace(/^\[|\]$/g, "") === "::1" ? "::1" : "127.0.0.1";
  const args = ["--port", port, "--bind", bind, "--dir", dir, "--save", "", "--appendonly", "no"];
  if (parsed.password) args.push("--requirepass", decodeURIComponent(parsed.password));
  const child = spawn("sh", ["-c", WATCHDOG, "redis-watchdog", ...args], { stdio: ["pipe", "pipe", "pipe"], detached: true });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - 20));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  log?.info({ port, dir }, "no Redis answering; starting a private redis-server");

  const deadline = Date.now() + (opts.startTimeoutMs ?? 10_000);
  let ended = false;
  void exited.then(() => (ended = true));
  while (!(await redisAnswers(url, 500))) {
    if (ended || Date.now() > deadline) {
      await terminate(child, exited);
      throw new Error(`could not start redis-server on port ${port}: ${output.slice(-5).join(" | ") || "no output"}; ${INSTALL_HINT}`);
    }
    await sleep(100);
  }
  log?.info({ url }, "private redis-server ready");
  return { url, started: true, stop: () => terminate(child, exited) };
}

async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  const timer = setTimeout(() => {
    // the shell leads its own process group: take redis-server down with it
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

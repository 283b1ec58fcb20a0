import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";

/**
 * The real api as a child process (`node --import tsx api/src/server.ts`) on a scratch DATA_DIR and
 * a free port, and the separate load processes the benchmarks drive it with.
 */

export interface ApiProcess {
  url: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** SIGTERM (graceful: the flusher writes what the WAL holds), then waits for the exit. */
  stop(): Promise<void>;
  /** Removes the scratch DATA_DIR. */
  cleanup(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));
}

export async function startApi(root: string, extraEnv: Record<string, string>): Promise<ApiProcess> {
  const scratch = path.join(root, ".data", "bench");
  await mkdir(scratch, { recursive: true });
  const dataDir = await mkdtemp(path.join(scratch, "api-"));
  const port = await freePort();
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", WORKERS: "0", LOG_LEVEL: "warn", NODE_ENV: "development", ...extraEnv };
  const child = spawn(process.execPath, ["--import", "tsx", "api/src/server.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited during start-up (${child.exitCode}): ${output.trim().split("\n").slice(-3).join(" / ")}`);
    const ok = await fetch(`${url}/health`).then((r) => r.status < 500, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`api did not answer /health within 120 s: ${output.trim().slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    env,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited(child);
      clearTimeout(timer);
    },
    async cleanup() {
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `pnpm -s ist <args>` against the api's data (as an operator would run it), `input` on stdin; its stdout. */
export function runCli(root: string, api: ApiProcess, args: string[], input = ""): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "api/src/cli/main.ts", ...args], { cwd: root, env: api.env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`ist ${args.slice(0, 2).join(" ")} exited ${code}: ${err.trim().split("\n")[0]}`))));
    child.stdin.end(input);
  });
}

/** An ingest key made with `ist keys create` (which prints only the key). */
export async function createIngestKey(root: string, api: ApiProcess, name: string): Promise<string> {
  const key = (await runCli(root, api, ["keys", "create", "--kind", "ingest", "--name", name])).trim().split("\n").pop()?.trim() ?? "";
  if (!key) throw new Error("ist keys create printed no key");
  return key;
}

/** Runs a TypeScript file of bench/ in its own node process and parses the JSON it prints last. */
export function runNode<T>(root: string, file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${path.basename(file)} exited ${code}: ${(err || out).trim().split("\n").slice(-3).join(" / ")}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${path.basename(file)} printed no JSON: ${last.slice(0, 200)}`));
      }
    });
  });
}

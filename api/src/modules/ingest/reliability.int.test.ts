import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import { compactLake, QueryPool } from "@ist/warehouse";
import { freshDatabase, type TestDatabase } from "@ist/db/testing";
import { runCli } from "../../cli/main";

const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../..");
const KILLS = 5;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = net.createServer().once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => done(port));
    });
  });
}

/** The real api as a process of its own: `node --import tsx api/src/server.ts`. */
class Api {
  child?: ChildProcess;
  output = "";
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly url: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", "api/src/server.ts"], { cwd: root, env: this.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (b: Buffer) => void (this.output = (this.output + b.toString()).slice(-20_000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.child = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${this.output}`);
      const ok = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`api did not come up:\n${this.output}`);
  }

  /** Ends the process (its whole group) with `signal` and waits for it to be gone. */
  async stop(signal: "SIGKILL" | "SIGTERM"): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, signal);
    await exited;
  }
}

/**
 * A client that sends batches of new events and, like any well-behaved client, retries a batch it
 * got no 202 for with the same event_ids until one comes. It counts an event_id as acknowledged
 * only from a 202 answer.
 */
function loadClient(url: string, key: string, name: string) {
  const acked = new Set<string>();
  const sent = new Set<string>();
  let stopping = false;
  let seq = 0;
  const run = (async () => {
    let batch: Array<{ event_id: string; type: string; user_id: string; ts: string; props: object }> | undefined;
    while (!stopping) {
      batch ??= Array.from({ length: 250 }, () => ({ event_id: `${name}-${seq++}`, type: "page_view", user_id: `u${seq % 97}`, ts: new Date().toISOString(), props: { screen: "home" } }));
      for (const e of batch) sent.add(e.event_id);
      try {
        const res = await fetch(`${url}/v1/ingest/events`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ events: batch }),
          signal: AbortSignal.timeout(5_000),
        });
        const body = (await res.json()) as { accepted: number; duplicates: number; rejected: number };
        if (res.status === 202) {
          expect(body.rejected).toBe(0);
          for (const e of batch) acked.add(e.event_id);
          batch = undefined;
        } else if (res.status !== 503 && res.status < 500) throw new Error(`unexpected ${res.status}: ${JSON.stringify(body)}`);
      } catch (err) {
        if ((err as Error).message.startsWith("unexpected")) throw err;
        await sleep(25); // the api is down (killed or restarting): try the same batch again
      }
    }
  })();
  return { acked, sent, stop: async () => ((stopping = true), await run) };
}

describe("ingest under kill -9", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ist-reliability-"));
  let database: TestDatabase | undefined;
  let api: Api | undefined;
  afterAll(async () => {
    await api?.stop("SIGKILL");
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged event exactly once through ${KILLS} SIGKILLs`, { timeout: 120_000 }, async () => {
    // PostgreSQL when it is there (a killed PGlite owner is not what this test is about)
    database = inject("pgUrl") ? await freshDatabase("pg") : undefined;
    const env = { DATA_DIR: dataDir, ...(database?.url ? { DATABASE_URL: database.url } : {}) };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const out: string[] = [];
    const code = await runCli(["keys", "create", "--kind", "ingest", "--name", "reliability"], { stdin: async () => "", out: (s) => void out.push(s), err: (s) => void out.push(s) }).finally(() => {
      process.env = saved;
    });
    expect(code, out.join("")).toBe(0);
    const key = out.join("").trim();

    const port = await freePort();
    api = new Api(
      { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", SEED_DEMO: "0", WORKERS: "0", LOG_LEVEL: "warn", REDIS_URL: inject("redisUrl") },
      `http://127.0.0.1:${port}`,
    );
    await api.start();
    const clients = [loadClient(api.url, key, "a"), loadClient(api.url, key, "b")];
    const ackedCount = () => clients.reduce((n, c) => n + c.acked.size, 0);
    for (let k = 0; k < KILLS; k++) {
      // kill while events are flowing: after some acknowledgements, at a random moment
      const floor = ackedCount() + 1_000;
      while (ackedCount() < floor) await sleep(20);
      await sleep(Math.random() * 1_500);
      await api.stop("SIGKILL");
      await api.start();
    }
    const floor = ackedCount() + 1_000;
    while (ackedCount() < floor) await sleep(20);
    await Promise.all(clients.map((c) => c.stop()));
    // a clean stop flushes the WAL; compaction then drops copies that a retry after a kill wrote twice
    await api.stop("SIGTERM");
    expect(api.child?.exitCode, api.output).toBe(0);
    const lakeDir = join(dataDir, "lake");
    const walFiles = readdirSync(join(lakeDir, "_wal"), { recursive: true }).map(String).filter((f) => f.endsWith(".ndjson"));
    expect(walFiles).toEqual([]);
    await compactLake({ lakeDir, minFiles: 1 });

    const pool = await QueryPool.open({ lakeDir, connections: 1 });
    try {
      const rows = await pool.query<{ event_id: string; n: number }>(`select event_id, count(*)::integer as n from events group by event_id`);
      const stored = new Map(rows.map((r) => [r.event_id, r.n]));
      const acked = clients.flatMap((c) => [...c.acked]);
      expect(acked.length).toBeGreaterThan(KILLS * 1_000);
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      const sent = new Set(clients.flatMap((c) => [...c.sent]));
      expect(rows.filter((r) => !sent.has(r.event_id))).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});

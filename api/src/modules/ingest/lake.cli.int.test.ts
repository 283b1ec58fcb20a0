import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, connectDb, eq, sha256 } from "@ist/db";
import { testApp, type TestApp } from "../../../../test/app";
import { databaseTargets, freshDatabase } from "@ist/db/testing";
import { runCli } from "../../cli/main";

function bufferIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdin: async () => "", out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out: () => out.join(""), err: () => err.join("") };
}

async function cli(args: string[]) {
  const b = bufferIo();
  const code = await runCli(args, b.io);
  return { code, out: b.out(), err: b.err() };
}

/** Runs `fn` with DATA_DIR (and DATABASE_URL) pointing at a scratch install, as the CLI reads them. */
async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  try {
    return await fn();
  } finally {
    process.env = saved;
  }
}

describe.each(databaseTargets())("ist keys on %s", (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), "ist-cli-keys-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("creates a key, printing only the key, and revokes it; bad input exits 2", async () => {
    const database = kind === "pg" ? await freshDatabase("pg") : undefined;
    try {
      await withEnv({ DATA_DIR: dataDir, DATABASE_URL: database?.url }, async () => {
        const created = await cli(["keys", "create", "--kind", "ingest", "--name", "warehouse loader"]);
        expect(created.code).toBe(0);
        expect(created.out).toMatch(/^ist_ing_[A-Za-z0-9_-]{32}\n$/);
        const key = created.out.trim();
        const handle = await connectDb({ databaseUrl: database?.url, dataDir });
        const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.keyHash, sha256(key)));
        await handle.close();
        expect(row).toMatchObject({ kind: "ingest", name: "warehouse loader", revokedAt: null });

        const revoked = await cli(["keys", "revoke", "--id", String(row!.id)]);
        expect(revoked.code).toBe(0);
        expect(JSON.parse(revoked.out)).toMatchObject({ id: row!.id, revokedAt: expect.any(String) });

        expect(await cli(["keys", "create", "--kind", "master", "--name", "x"])).toMatchObject({ code: 2, err: expect.stringMatching(/^kind: /) });
        expect(await cli(["keys", "revoke", "--id", "99999"])).toMatchObject({ code: 2, err: "id: key 99999 not found\n" });
        expect(await cli(["keys", "revoke", "--id", "abc"])).toMatchObject({ code: 2, err: "id: must be a positive integer\n" });
      });
    } finally {
      await database?.drop();
    }
  });
});

describe("ist seed and ist sql", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ist-cli-lake-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const run = (args: string[]) => withEnv({ DATA_DIR: dataDir }, () => cli(args));

  it("seeds a small platform, refuses to overwrite it without --replace, and answers SQL as JSON", async () => {
    const seeded = await run(["seed", "--users", "300", "--days", "20", "--seed", "3", "--start", "2025-01-01"]);
    expect(seeded.code).toBe(0);
    const summary = JSON.parse(seeded.out);
    expect(summary).toMatchObject({ users: 300, days: 20, start: "2025-01-01", end: "2025-01-20", lakeDir: join(dataDir, "lake") });
    expect(summary.events).toBeGreaterThan(1_000);
    expect(summary.eventsByType.signup).toBe(300);
    expect(summary.rollupsMs).toEqual(expect.any(Number));

    expect(await run(["seed", "--users", "10", "--days", "2"])).toMatchObject({ code: 2, err: "lake: already has events; pass --replace to overwrite them\n" });
    expect(await run(["seed", "--users", "ten"])).toMatchObject({ code: 2, err: expect.stringMatching(/^users: must be a number/) });

    const sql = await run(["sql", "select count(*) as n, count(distinct user_id) as users, min(dt) as first from events"]);
    expect(sql.code).toBe(0);
    expect(JSON.parse(sql.out)).toEqual([{ n: summary.events, users: 300, first: "2025-01-01" }]);
    const withCte = await run(["sql", "with s as (select type from events where type = 'signup') select count(*) as n from s"]);
    expect(JSON.parse(withCte.out)).toEqual([{ n: 300 }]);

    const replaced = await run(["seed", "--users", "200", "--days", "30", "--replace"]);
    expect(JSON.parse(replaced.out)).toMatchObject({ users: 200, days: 30 });
  });

  it.each([
    ["delete from events", /^sql: must be a SELECT statement/],
    ["select 1; select 2", /^sql: must be a single statement, got 2/],
    ["create table x as select 1", /^sql: must be a SELECT statement/],
    ["selec 1", /^sql: does not parse/],
    ["select nope from events", /^sql: Binder Error/],
    ["select * from read_csv('/etc/passwd')", /^sql: Permission Error/],
  ])("refuses %j with exit 2 and one line", async (query, reason) => {
    const res = await run(["sql", query]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(reason);
    expect(res.err.trim().split("\n")).toHaveLength(1);
  });
});

describe("ist ingest and ist simulate", () => {
  let t: TestApp;
  let url: string;
  let key: string;
  const dir = mkdtempSync(join(tmpdir(), "ist-cli-ingest-"));
  beforeAll(async () => {
    t = await testApp("pglite");
    url = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const admin = await t.login("admin@demo.ist");
    key = (await t.app.inject({ method: "POST", url: "/api/keys", headers: { cookie: admin }, payload: { kind: "ingest", name: "cli" } })).json().key;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends a file in batches and prints totals with the first errors by line", async () => {
    const ts = new Date().toISOString();
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ event_id: `f${i}`, type: "login", user_id: `u${i}`, ts, props: {} }));
    lines.splice(5, 0, "{not json", JSON.stringify({ event_id: "bad-amount", type: "deposit", user_id: "u1", ts, props: { amount: 5, currency: "USD" } }), "");
    const file = join(dir, "events.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const first = await cli(["ingest", "--file", file, "--url", url, "--key", key, "--batch", "10"]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ lines: 28, sent: 26, accepted: 25, duplicates: 0, rejected: 2, errors: [{ line: 6, reason: "line: not valid JSON" }, { line: 7, reason: expect.stringMatching(/^props\.amount: /) }] });
    const again = await cli(["ingest", "--file", file, "--url", `${url}/v1/ingest/events`, "--key", key]);
    expect(JSON.parse(again.out)).toMatchObject({ accepted: 0, duplicates: 25, rejected: 2 });

    expect(await cli(["ingest", "--file", file, "--url", url, "--key", "ist_ing_nope"])).toMatchObject({ code: 2, err: expect.stringMatching(/^key: refused by .* \(401: /) });
    expect(await cli(["ingest", "--file", file, "--url", url, "--key", key, "--batch", "20000"])).toMatchObject({ code: 2, err: "batch: must be an integer from 1 to 10000\n" });
    expect(await cli(["ingest", "--file", join(dir, "missing.jsonl"), "--url", url, "--key", key])).toMatchObject({ code: 2, err: expect.stringMatching(/^file: /) });
    expect(await cli(["ingest", "--file", file, "--url", "localhost", "--key", key])).toMatchObject({ code: 2, err: expect.stringMatching(/^url: /) });
  });

  it("simulates live events at the given rate", async () => {
    const res = await cli(["simulate", "--rate", "40", "--duration", "2", "--url", url, "--key", key, "--users", "100"]);
    expect(res.code).toBe(0);
    const totals = JSON.parse(res.out);
    expect(totals.sent).toBe(80);
    expect(totals).toMatchObject({ accepted: 80, rejected: 0, failed: 0 });
    expect(await cli(["simulate", "--rate", "-1"])).toMatchObject({ code: 2, err: expect.stringMatching(/^rate: /) });
  });
});

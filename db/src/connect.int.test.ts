import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDb, emailIndex, migrate, readWire, serveWire, sql, usePiiKey, users, type DbHandle } from "@ist/db";
import { TEST_ENCRYPTION_KEY } from "@ist/db/testing";

describe("embedded PGlite served over the wire protocol", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ist-wire-"));
  let owner: DbHandle;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    usePiiKey(TEST_ENCRYPTION_KEY);
    const opened = await connectDb({ dataDir });
    expect(opened.mode).toBe("owner");
    owner = opened;
    await migrate(owner);
    stop = await serveWire(owner, dataDir);
  });
  afterAll(async () => {
    await stop?.();
    await owner?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lets a second client read and write what the owner holds", async () => {
    expect(readWire(dataDir)?.pid).toBe(process.pid);
    const client = await connectDb({ dataDir });
    expect(client.kind).toBe("pg");
    await client.db.insert(users).values({ email: "w@x.io", emailHash: emailIndex("w@x.io"), passwordHash: "h", role: "viewer", displayName: "W" });
    const rows = await owner.db.select().from(users);
    expect(rows.map((r) => r.email)).toEqual(["w@x.io"]);
    const result = (await client.db.execute(sql`select count(*)::int as n from users`)) as unknown as { rows: Array<{ n: number }> };
    expect(result.rows[0]?.n).toBe(1);
    await client.close();
  });

  it("keeps its generated password in a file only the owner can read", () => {
    const file = join(dataDir, "pgwire.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const info = JSON.parse(readFileSync(file, "utf8")) as { password: string };
    expect(info.password.length).toBeGreaterThanOrEqual(24);
    expect(statSync(join(dataDir, "run")).mode & 0o777).toBe(0o700);
  });

  it.each([
    ["a wrong password", "nobody", "x"],
    ["no password", "postgres", ""],
    ["the right user with a wrong password", "postgres", "not-the-password"],
  ])("refuses %s with PostgreSQL's 28P01", async (_label, user, password) => {
    const { port } = readWire(dataDir)!;
    const client = new pg.Client({ host: "127.0.0.1", port, user, password, database: "postgres" });
    client.on("error", () => {});
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e as { code?: string; message: string },
    );
    await client.end().catch(() => {});
    expect(error, "the connection must be refused").toBeDefined();
    // no password at all: pg refuses to start SCRAM itself; otherwise the server answers 28P01
    if (password) expect(error?.code).toBe("28P01");
  });

  it("answers the right password through a real pg client", async () => {
    const { port, password } = readWire(dataDir)!;
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres" });
    await client.connect();
    const { rows } = await client.query<{ n: number }>("select 1 + 1 as n");
    await client.end();
    expect(rows[0]?.n).toBe(2);
  });

  it("removes its file when stopped", async () => {
    await stop();
    stop = async () => {};
    expect(readWire(dataDir)).toBeUndefined();
  });
});

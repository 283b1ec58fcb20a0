import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectDb, migrate, readWire, serveWire, sql, users } from "@ist/db";

describe("embedded PGlite served over the wire protocol", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ist-wire-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("lets a second client read and write what the owner holds", async () => {
    const owner = await connectDb({ dataDir });
    expect(owner.mode).toBe("owner");
    await migrate(owner);
    const stop = await serveWire(owner, dataDir);
    expect(readWire(dataDir)?.pid).toBe(process.pid);

    const client = await connectDb({ dataDir });
    expect(client.kind).toBe("pg");
    await client.db.insert(users).values({ email: "w@x.io", passwordHash: "h", role: "viewer", displayName: "W" });
    const rows = await owner.db.select().from(users);
    expect(rows.map((r) => r.email)).toEqual(["w@x.io"]);
    const result = (await client.db.execute(sql`select count(*)::int as n from users`)) as unknown as { rows: Array<{ n: number }> };
    const n = result.rows[0]?.n;
    expect(n).toBe(1);

    await client.close();
    await stop();
    expect(readWire(dataDir)).toBeUndefined();
    await owner.close();
  });
});

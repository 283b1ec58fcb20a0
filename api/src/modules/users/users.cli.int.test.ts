import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectDb, emailIndex, eq, users, verifyPassword } from "@ist/db";
import { databaseTargets, freshDatabase } from "@ist/db/testing";
import { runCli } from "../../cli/main";

function bufferIo(stdin: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdin: async () => stdin, out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

describe.each(databaseTargets())("ist users create on %s", (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), "ist-cli-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("creates a real account whose password is read from stdin, and refuses bad input with exit 2", async () => {
    const database = kind === "pg" ? await freshDatabase("pg") : undefined;
    const saved = { ...process.env };
    process.env.DATA_DIR = dataDir;
    if (database?.url) process.env.DATABASE_URL = database.url;
    try {
      const ok = bufferIo("s3cret-enough-pass\n");
      expect(await runCli(["users", "create", "--email", "Chen.Jie@ist.io", "--role", "finance"], ok.io)).toBe(0);
      expect(JSON.parse(ok.out.join(""))).toMatchObject({ email: "chen.jie@ist.io", role: "finance", displayName: "Chen.Jie", isDemo: false });

      const badRole = bufferIo("s3cret-enough-pass");
      expect(await runCli(["users", "create", "--email", "x@ist.io", "--role", "boss"], badRole.io)).toBe(2);
      expect(badRole.err.join("")).toMatch(/^role: /);
      const shortPw = bufferIo("short");
      expect(await runCli(["users", "create", "--email", "x@ist.io", "--role", "viewer"], shortPw.io)).toBe(2);
      expect(shortPw.err.join("")).toMatch(/^password: must be at least 10 characters/);
      const dup = bufferIo("s3cret-enough-pass");
      expect(await runCli(["users", "create", "--email", "chen.jie@ist.io", "--role", "viewer"], dup.io)).toBe(2);
      expect(dup.err.join("")).toMatch(/^email: .*already exists/);
      const missing = bufferIo("");
      expect(await runCli(["users", "create", "--role", "viewer"], missing.io)).toBe(2);

      const handle = await connectDb({ databaseUrl: database?.url, dataDir });
      const [row] = await handle.db.select().from(users).where(eq(users.emailHash, emailIndex("chen.jie@ist.io")));
      expect(await verifyPassword("s3cret-enough-pass", row!.passwordHash)).toBe(true);
      await handle.close();
    } finally {
      process.env = saved;
      await database?.drop();
    }
  });
});

describe("ist as a process", () => {
  it("exits 2 with a one-line reason naming the field", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ist-cli-proc-"));
    const res = spawnSync(process.execPath, ["--import", "tsx", "api/src/cli/main.ts", "users", "create", "--email", "nope", "--role", "admin"], {
      input: "whatever-long-password",
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: "utf8",
    });
    rmSync(dataDir, { recursive: true, force: true });
    expect(res.status).toBe(2);
    expect(res.stderr.trim()).toBe("email: must be an email address");
  });
});

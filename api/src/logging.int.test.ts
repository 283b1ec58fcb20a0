import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailIndex, hashPassword, sql, users } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { testDeps, type TestDeps } from "../../test/app";
import { buildApp, type App } from "./app";
import { logOptions, redactQuery } from "./logging";

/** A pino logger with the api's options, writing into `lines`. */
function capturingLogger(lines: string[]) {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return pino(logOptions("info"), stream);
}

describe.each(databaseTargets())("failed queries in the logs on %s", (kind) => {
  const lines: string[] = [];
  let t: TestDeps;
  let app: App;
  beforeAll(async () => {
    t = await testDeps(kind);
    app = await buildApp({ ...t.deps, logger: capturingLogger(lines) });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.release();
  });

  it("carry neither the bound parameters nor PostgreSQL's detail", async () => {
    const log = capturingLogger(lines);
    const hash = await hashPassword("a-secret-password-1");
    const row = { email: "leaky.person@example.org", emailHash: emailIndex("leaky.person@example.org"), passwordHash: hash, role: "viewer" as const, displayName: "Leaky" };
    await t.database.handle.db.insert(users).values(row);
    const error = await t.database.handle.db.insert(users).values(row).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, "the duplicate insert must fail").toBeInstanceOf(Error);
    // what drizzle itself would have logged
    expect(String((error as Error).message)).toContain(hash);
    log.error({ err: error }, "insert failed");
    const line = lines.at(-1)!;
    expect(line).toContain("insert failed");
    expect(line).toContain("Failed query: insert into");
    expect(line).not.toContain(hash);
    expect(line).not.toContain("leaky.person@example.org");
  });

  it("keep them out of a 500's log line through the app's error handler", async () => {
    const before = lines.length;
    await t.database.handle.db.execute(sql`alter table users rename to users_away`);
    try {
      const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "hidden.person@example.org", password: "whatever-password" } });
      expect(res.statusCode).toBe(500);
    } finally {
      await t.database.handle.db.execute(sql`alter table users_away rename to users`);
    }
    const logged = lines.slice(before).join("\n");
    expect(logged).toContain("request failed");
    expect(logged).toMatch(/Failed query/);
    expect(logged).not.toContain("hidden.person@example.org");
  });

  it("log request lines without query values", async () => {
    const before = lines.length;
    await app.inject({ url: "/api/users?q=query.person%40example.org&_start=0" });
    const logged = lines.slice(before).join("\n");
    expect(logged).toContain("/api/users?q=*&_start=*");
    expect(logged).not.toContain("query.person");
    expect(redactQuery("/a?x=1&y")).toBe("/a?x=*&y=*");
  });
});

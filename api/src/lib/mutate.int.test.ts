import Fastify, { type FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, eq, settings, type Db } from "@ist/db";
import { databaseTargets, freshDatabase, type TestDatabase } from "@ist/db/testing";
import { mutate } from "./mutate";

/** A mutation and its audit row commit together or not at all. */
describe.each(databaseTargets())("mutate on %s", (kind) => {
  let database: TestDatabase;
  let db: Db;
  let request: FastifyRequest;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    db = database.handle.db;
    // a real request object, as a route hands it over (id and ip land in the audit row)
    const app = Fastify({ genReqId: () => "req-1" });
    app.get("/", async (r) => {
      request = r;
      return {};
    });
    await app.inject({ url: "/", remoteAddress: "10.0.0.9" });
    await app.close();
  });
  afterAll(() => database?.drop());

  const auditOf = (entityId: string) => db.select().from(auditLog).where(eq(auditLog.entityId, entityId));

  it("writes the change and its audit row, made from the result, in one transaction", async () => {
    const result = await mutate(
      db,
      request,
      async (tx) => (await tx.insert(settings).values({ key: "m1", value: { on: true } }).returning())[0]!,
      (row) => ({ action: "setting.create", entity: "setting", entityId: row.key, after: row.value }),
    );
    expect(result).toMatchObject({ key: "m1" });
    expect(await auditOf("m1")).toMatchObject([{ action: "setting.create", entity: "setting", after: { on: true }, requestId: "req-1", ip: "10.0.0.9", actorId: null }]);
  });

  it("rolls the change back when it throws, and writes no audit row", async () => {
    await expect(
      mutate(
        db,
        request,
        async (tx) => {
          await tx.insert(settings).values({ key: "m2", value: 1 });
          throw new Error("domain says no");
        },
        { action: "setting.create", entity: "setting", entityId: "m2" },
      ),
    ).rejects.toThrow("domain says no");
    expect(await db.select().from(settings).where(eq(settings.key, "m2"))).toEqual([]);
    expect(await auditOf("m2")).toEqual([]);
  });

  it("rolls the change back when the audit row cannot be written", async () => {
    await expect(
      mutate(
        db,
        request,
        (tx) => tx.insert(settings).values({ key: "m3", value: 1 }),
        // action is NOT NULL
        { action: null as never, entity: "setting", entityId: "m3" },
      ),
    ).rejects.toThrow();
    expect(await db.select().from(settings).where(eq(settings.key, "m3"))).toEqual([]);
  });

  it("writes no audit row when the audit says nothing changed", async () => {
    await mutate(db, request, async () => ({ changed: false }), (r) => (r.changed ? { action: "x", entity: "setting", entityId: "m4" } : null));
    expect(await auditOf("m4")).toEqual([]);
  });
});

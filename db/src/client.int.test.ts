import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailIndex, eq, migrate, openDb, sql, users } from "@ist/db";
import * as schema from "./schema/index";
import { databaseTargets, freshDatabase, type TestDatabase } from "./testing";

describe.each(databaseTargets())("operational database on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(kind);
  });
  afterAll(() => t?.drop());

  it("migrates, enforces unique emails and is idempotent to migrate again", async () => {
    const { db } = t.handle;
    const [row] = await db
      .insert(users)
      .values({ email: "a@x.io", emailHash: emailIndex("a@x.io"), passwordHash: "h", role: "admin", displayName: "A" })
      .returning();
    expect(row?.id).toBeGreaterThan(0);
    await expect(
      db.insert(users).values({ email: "a@x.io", emailHash: emailIndex("a@x.io"), passwordHash: "h", role: "viewer", displayName: "B" }),
    ).rejects.toThrow();
    const { migrate } = await import("@ist/db");
    await migrate(t.handle);
    const found = await db.select().from(users).where(eq(users.emailHash, emailIndex("a@x.io")));
    expect(found).toHaveLength(1);
    expect(found[0]?.disabled).toBe(false);
  });
});

describe("embedded PGlite client", () => {
  // every type drizzle-orm/pglite asks for as text, and a few it leaves to PGlite
  const probe = sql`select
    '2026-01-02 03:04:05.123+08'::timestamptz as tstz, '2026-01-02 03:04:05'::timestamp as ts,
    '2026-01-02'::date as d, '1 day 02:00:00'::interval as iv, array[1.5, 2.25]::numeric[] as nums,
    array['2026-01-02 03:04:05'::timestamp] as tss, array['2026-01-02 03:04:05+00'::timestamptz] as tstzs,
    array['1 hour'::interval] as ivs, array['2026-01-02'::date] as ds,
    12::int as i, 3000000000::bigint as big, 1.25::numeric as n, 'x'::text as t, true as b,
    '{"a":1}'::jsonb as j, array[1, 2]::int[] as ints, array['a', 'b'] as texts`;

  it("returns what drizzle's own PGlite path returns, without per-query parsers", async () => {
    const ours = await openDb({ pgliteDir: undefined });
    const plain = await PGlite.create();
    try {
      const reference = drizzle(plain, { schema });
      expect(await ours.db.execute(probe)).toEqual(await reference.execute(probe));
      await migrate(ours);
      await ours.db.insert(users).values({ email: "p@x.io", emailHash: emailIndex("p@x.io"), passwordHash: "h", role: "viewer", displayName: "P", lastLoginAt: new Date("2026-03-04T05:06:07.089Z") });
      const [row] = await ours.db.select().from(users).where(eq(users.emailHash, emailIndex("p@x.io")));
      expect(row?.lastLoginAt).toEqual(new Date("2026-03-04T05:06:07.089Z"));
      expect(row?.createdAt).toBeInstanceOf(Date);
      const inTx = await ours.db.transaction(async (tx) => tx.select().from(users).where(eq(users.emailHash, emailIndex("p@x.io"))));
      expect(inTx).toEqual([row]);
    } finally {
      await ours.close();
      await plain.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, users } from "@ist/db";
import { databaseTargets, freshDatabase, type TestDatabase } from "../../test/databases";

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
      .values({ email: "a@x.io", passwordHash: "h", role: "admin", displayName: "A" })
      .returning();
    expect(row?.id).toBeGreaterThan(0);
    await expect(
      db.insert(users).values({ email: "a@x.io", passwordHash: "h", role: "viewer", displayName: "B" }),
    ).rejects.toThrow();
    const { migrate } = await import("@ist/db");
    await migrate(t.handle);
    const found = await db.select().from(users).where(eq(users.email, "a@x.io"));
    expect(found).toHaveLength(1);
    expect(found[0]?.disabled).toBe(false);
  });
});

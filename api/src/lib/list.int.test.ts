import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, count, desc, eq, type Db } from "@ist/db";
import { databaseTargets, freshDatabase, type TestDatabase } from "@ist/db/testing";
import { orderBy, pageOverWindow, pageWithCount, whereAll, windowTotal, type PageRequest } from "./list";

/** filter → where → order → page + total, on a real table: both ways of counting agree with a brute-force count. */
describe.each(databaseTargets())("list helpers on %s", (kind) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    db = database.handle.db;
    // 25 rows: actions a0..a4 repeating, entity e0 for the first 10
    await db.insert(auditLog).values(Array.from({ length: 25 }, (_, i) => ({ action: `a${i % 5}`, entity: i < 10 ? "e0" : "e1", entityId: String(i) })));
  });
  afterAll(() => database?.drop());

  const where = (action?: string) => whereAll(action ? eq(auditLog.action, action) : undefined, eq(auditLog.entity, "e1"), "", false, null);
  const fetchWindow = (action?: string, order: "asc" | "desc" = "asc") => (p: { limit: number; offset: number }) =>
    db
      .select({ entityId: auditLog.entityId, total: windowTotal() })
      .from(auditLog)
      .where(where(action))
      .orderBy(...orderBy(order, auditLog.id, desc(auditLog.action)))
      .limit(p.limit)
      .offset(p.offset);
  const fetchPlain = (action?: string) => (p: { limit: number; offset: number }) =>
    db.select({ entityId: auditLog.entityId }).from(auditLog).where(where(action)).orderBy(...orderBy("asc", auditLog.id)).limit(p.limit).offset(p.offset);
  const countOf = (action?: string) => async () => (await db.select({ n: count() }).from(auditLog).where(where(action)))[0]!.n;

  it.each<[PageRequest, string | undefined, string[], number]>([
    [{ _start: 0, _end: 5 }, undefined, ["10", "11", "12", "13", "14"], 15],
    [{ _start: 12, _end: 20 }, undefined, ["22", "23", "24"], 15],
    [{ _start: 0, _end: 10 }, "a0", ["10", "15", "20"], 3],
    [{ _start: 1 }, "a0", ["15", "20"], 3],
    // past the end: the page is empty, the total still right
    [{ _start: 40, _end: 50 }, undefined, [], 15],
    [{ _start: 0, _end: 10 }, "nope", [], 0],
    // _end before _start asks for nothing, and the total comes from the count
    [{ _start: 5, _end: 2 }, undefined, [], 15],
  ])("pages %j with action %s", async (q, action, ids, total) => {
    const viaWindow = await pageOverWindow(q, { fallback: 100, max: 1000 }, fetchWindow(action), countOf(action));
    expect(viaWindow).toEqual({ rows: ids.map((entityId) => ({ entityId })), total });
    const viaCount = await pageWithCount(q, { fallback: 100, max: 1000 }, fetchPlain(action), countOf(action));
    expect(viaCount).toEqual({ rows: ids.map((entityId) => ({ entityId })), total });
  });

  it("orders in the asked direction and caps the page at max", async () => {
    const page = await pageOverWindow({ _start: 0, _end: 1000 }, { fallback: 2, max: 4 }, fetchWindow(undefined, "desc"), countOf());
    expect(page).toEqual({ rows: ["24", "23", "22", "21"].map((entityId) => ({ entityId })), total: 15 });
    expect((await pageOverWindow({ _start: 0 }, { fallback: 2, max: 4 }, fetchWindow(), countOf())).rows).toHaveLength(2);
  });

  it("applies no filter when none applies", async () => {
    expect(whereAll(undefined, false, "", null)).toBeUndefined();
    const [all] = await db.select({ n: count() }).from(auditLog).where(whereAll(undefined));
    expect(all!.n).toBe(25);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, desc, eq } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { consoleSession, testApp, type ConsoleSession, type TestApp } from "../../../../test/app";

/** The console's own data provider against the running API: the contract proven by the client itself. */
describe.each(databaseTargets())("users admin through @refinedev/simple-rest on %s", (kind) => {
  let t: TestApp;
  let provider: ConsoleSession["provider"];
  beforeAll(async () => {
    t = await testApp(kind);
    ({ provider } = await consoleSession(t, "admin@demo.ist"));
  });
  afterAll(() => t?.close());

  it("creates, reads, updates and disables through the data provider", async () => {
    const { data: created } = await provider.create({ resource: "users", variables: { email: "Wang.Fang@ist.io", displayName: "Wang Fang", role: "marketer", locale: "zh-CN", password: "long-enough-pw" } });
    expect(created).toMatchObject({ email: "wang.fang@ist.io", role: "marketer", locale: "zh-CN", disabled: false });
    const { data: one } = await provider.getOne({ resource: "users", id: created.id as number });
    expect(one.displayName).toBe("Wang Fang");
    const { data: updated } = await provider.update({ resource: "users", id: created.id as number, variables: { role: "finance" } });
    expect(updated.role).toBe("finance");
    const { data: many } = await provider.getMany!({ resource: "users", ids: [created.id as number, 1] });
    expect(many.map((u) => u.id).sort()).toEqual([1, created.id].sort());
    const { data: disabled } = await provider.deleteOne({ resource: "users", id: created.id as number });
    expect(disabled.disabled).toBe(true);
    const trail = await t.database.handle.db.select().from(auditLog).where(eq(auditLog.entityId, String(created.id))).orderBy(desc(auditLog.id));
    expect(trail.map((r) => r.action)).toEqual(["user.disable", "user.update", "user.create"]);
    expect(trail[1]).toMatchObject({ before: { role: "marketer" }, after: { role: "finance" }, actorEmail: "admin@demo.ist" });
  });

  it("sorts, filters, searches and paginates with x-total-count", async () => {
    for (let i = 0; i < 12; i++) {
      await provider.create({ resource: "users", variables: { email: `page${String(i).padStart(2, "0")}@ist.io`, displayName: `Pager ${i}`, role: i % 2 ? "viewer" : "support", password: "long-enough-pw" } });
    }
    const page2 = await provider.getList({
      resource: "users",
      pagination: { currentPage: 2, pageSize: 5 },
      sorters: [{ field: "email", order: "desc" }],
      filters: [{ field: "q", operator: "eq", value: "page" }],
    });
    expect(page2.total).toBe(12);
    expect(page2.data.map((u) => u.email)).toEqual(["page06@ist.io", "page05@ist.io", "page04@ist.io", "page03@ist.io", "page02@ist.io"]);
    const viewers = await provider.getList({ resource: "users", pagination: { currentPage: 1, pageSize: 50 }, filters: [{ field: "role", operator: "eq", value: "viewer" }, { field: "email", operator: "contains", value: "PAGE" }] });
    expect(viewers.total).toBe(6);
    expect(viewers.data.every((u) => u.role === "viewer")).toBe(true);
  });

  it("reports validation errors by field and duplicate emails as conflicts", async () => {
    await expect(provider.create({ resource: "users", variables: { email: "not-an-email", displayName: "", role: "boss", password: "short" } })).rejects.toMatchObject({ response: { status: 400 } });
    const res = await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: await t.login("admin@demo.ist") }, payload: { email: "not-an-email", displayName: "X", role: "boss", password: "short" } });
    const paths = res.json().details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(["email", "password", "role"]);
    expect(res.json().message).toMatch(/body\.email/);
    await expect(provider.create({ resource: "users", variables: { email: "admin@demo.ist", displayName: "Dup", role: "viewer", password: "long-enough-pw" } })).rejects.toMatchObject({ response: { status: 409 } });
    await expect(provider.getOne({ resource: "users", id: 99999 })).rejects.toMatchObject({ response: { status: 404 } });
  });

  it("answers the total with one query however the page falls, and filters by several values", async () => {
    const admin = await t.login("admin@demo.ist");
    const list = async (query: string) => {
      const res = await t.app.inject({ url: `/api/users?${query}`, headers: { cookie: admin } });
      expect(res.statusCode).toBe(200);
      return { ids: (res.json() as Array<{ id: number; role: string }>).map((u) => u.id), roles: (res.json() as Array<{ role: string }>).map((u) => u.role), total: Number(res.headers["x-total-count"]) };
    };
    const all = await list("_start=0&_end=1000&_sort=id&_order=asc");
    expect(all.total).toBe(all.ids.length);
    // past the end, an empty page (`_end` = `_start`) and a filter matching nothing
    expect(await list(`_start=${all.total + 5}&_end=${all.total + 10}`)).toEqual({ ids: [], roles: [], total: all.total });
    expect(await list("_start=0&_end=0")).toEqual({ ids: [], roles: [], total: all.total });
    expect(await list("_start=0&_end=10&q=nobody-has-this")).toEqual({ ids: [], roles: [], total: 0 });
    const both = await list("_start=0&_end=1000&role=viewer&role=support&_sort=email&_order=desc");
    expect(new Set(both.roles)).toEqual(new Set(["viewer", "support"]));
    const some = all.ids.slice(0, 3);
    expect(await list(`${some.map((id) => `id=${id}`).join("&")}&_sort=id&_order=desc`)).toMatchObject({ ids: [...some].reverse(), total: 3 });
    // the same shape again with other values: the prepared statement is reused, not confused
    expect((await list(`id=${some[0]}&id=${some[1]}&_sort=id&_order=desc`)).ids).toEqual([some[1], some[0]]);
    expect((await list("_start=0&_end=1000&role=viewer&disabled=false&q=%25")).total).toBe(0);
  });

  it("never disables or demotes the last enabled admin", async () => {
    const { data: admins } = await provider.getList({ resource: "users", filters: [{ field: "role", operator: "eq", value: "admin" }, { field: "disabled", operator: "eq", value: "false" }] });
    expect(admins).toHaveLength(1);
    await expect(provider.deleteOne({ resource: "users", id: admins[0]!.id as number })).rejects.toMatchObject({ response: { status: 409 } });
    await expect(provider.update({ resource: "users", id: admins[0]!.id as number, variables: { role: "viewer" } })).rejects.toMatchObject({ response: { status: 409 } });
  });
});

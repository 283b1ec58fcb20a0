import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../../test/app";

/** The limits of #9 items 6 and 10 over the real app and its real DuckDB pool. */
describe("analytics limits", () => {
  let t: TestApp;
  let operator: string;
  let support: string;
  beforeAll(async () => {
    t = await testApp("pglite", { ANALYTICS_CONCURRENCY_PER_USER: "1", ANALYTICS_QUEUE_PER_USER: "1", DUCKDB_MEMORY_LIMIT: "1GiB" });
    operator = await t.login("operator@demo.ist");
    support = await t.login("support@demo.ist");
  });
  afterAll(() => t?.close());
  const get = (url: string, cookie = operator) => t.app.inject({ url, headers: { cookie } });

  it.each([
    ["/api/metrics/new_users?from=2026-02-30&to=2026-03-09", "query.from"],
    ["/api/metrics/new_users?from=0000-01-01&to=2026-03-09", "query.from"],
    ["/api/metrics/new_users?from=2026-03-01&to=2026-03-02T25:00:00Z", "query.to"],
    ["/api/dashboards/operations-overview?from=2026-02-30", "query.from"],
    ["/api/dashboards/operations-overview?from=1900-01-01&to=9999-12-31&grain=hour", "query.from"],
    ["/api/metrics/new_users?from=1900-01-01&to=9999-12-31&grain=day", "query.from"],
    ["/api/dashboards/operations-overview?from=2026-01-01&to=2026-03-01&grain=hour", "query.grain"],
  ])("%s → 400 naming %s", async (url, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields.map((f: { path: string }) => f.path)).toContain(field);
  });

  it("says the bucket limit in the 400", async () => {
    const res = await get("/api/dashboards/operations-overview?from=1900-01-01&to=9999-12-31&grain=hour");
    expect(res.json().message).toMatch(/at most 2000 are allowed \(ANALYTICS_MAX_BUCKETS\)/);
  });

  it("accepts a leap day and a real instant", async () => {
    expect((await get("/api/metrics/new_users?from=2024-02-29&to=2024-03-02")).statusCode).toBe(200);
    expect((await get("/api/metrics/new_users?from=2026-03-01T08:00:00%2B08:00&to=2026-03-02")).statusCode).toBe(200);
  });

  it("runs one user's analytics one at a time, queues one more, answers 429 with Retry-After beyond; another user still gets through", async () => {
    // distinct filters: no two requests share a cached answer
    const urls = ["DE", "FR", "CN", "US", "GB", "JP"].map((c) => `/api/dashboards/operations-overview?country=${c}`);
    const [mine, theirs] = await Promise.all([Promise.all(urls.map((u) => get(u))), get("/api/dashboards/operations-overview?country=BR", support)]);
    const statuses = mine.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const refused = mine.find((r) => r.statusCode === 429)!;
    expect(refused.json()).toMatchObject({ code: "rate_limited", message: expect.stringContaining("analytics requests") });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(theirs.statusCode).toBe(200);
  });

  it("sets DuckDB's memory_limit from DUCKDB_MEMORY_LIMIT", async () => {
    expect(await t.app.warehouse.setting("memory_limit")).toMatch(/^1(\.0)? GiB$/);
  });

  it("answers /health while long queries hold every pooled connection", async () => {
    // two heavy queries: the pool has two connections
    const heavy = () => t.app.warehouse.query("select count(*) as n from range(100000000000) a", undefined, { timeoutMs: 6_000 }).catch(() => undefined);
    const hogs = [heavy(), heavy()];
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const health = await t.app.inject({ url: "/health" });
    expect(health.json().checks.warehouse).toBe("ok");
    expect(health.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    await Promise.all(hogs);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDashboards } from "@ist/dashboards";
import { listMetrics, METRICS } from "@ist/warehouse";
import { WORLD } from "@ist/warehouse/testing";
import { metricsServiceFor } from "./metrics.service";
import { testApp, type TestApp } from "../../../../test/app";

/** The world of the metrics library's tests, as the ingest contract wants it (money as props). */
function ingestable(i: number, e: (typeof WORLD)[number]) {
  const props: Record<string, unknown> = { ...e.props };
  if (e.type === "trade") Object.assign(props, { fee: e.amount, currency: "USD" });
  else if (e.amount !== undefined) Object.assign(props, { amount: e.amount, currency: "USD" });
  return { event_id: `w${i}`, type: e.type, user_id: e.user, ts: e.ts, props };
}

const WEEK = "from=2026-03-02&to=2026-03-09";

describe("metrics and dashboards api over ingested events", () => {
  let t: TestApp;
  let cookie: string;
  let base: string;
  const get = (url: string) => t.app.inject({ url, headers: { cookie } });

  beforeAll(async () => {
    t = await testApp("pglite");
    cookie = await t.login("operator@demo.ist");
    const result = await t.app.warehouse.ingest(WORLD.map((e, i) => ingestable(i, e)));
    expect(result).toMatchObject({ accepted: WORLD.length, rejected: 0 });
    // the flush writes Parquet and the UTC rollups, the same path live ingest takes
    await t.app.warehouse.flush();
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => t?.close());

  it("lists exactly the catalogue the dashboards name, with labels, definitions and units", async () => {
    const res = await get("/api/metrics");
    expect(res.statusCode).toBe(200);
    const list = res.json() as { name: string; kind: string; unit: string; grains: string[]; groupBys: string[]; label: { "zh-CN": string } }[];
    expect(list.map((m) => m.name).sort()).toEqual(METRICS.map((m) => m.name).sort());
    expect(list.find((m) => m.name === "churn_rate")).toMatchObject({ unit: "percent", kind: "series", goodDirection: "down", grains: ["day", "week", "month"] });
    expect(list.find((m) => m.name === "activation_funnel")).toMatchObject({ kind: "funnel", groupBys: [] });
  });

  it("answers a series with totals, the previous period and the change", async () => {
    const res = await get(`/api/metrics/new_users?${WEEK}&groupBy=country`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // cat (CN) Mar 2, dan (DE) Mar 3; bob the week before
    expect(body).toMatchObject({ name: "new_users", kind: "series", unit: "count", grain: "day", from: "2026-03-02T00:00:00.000Z", to: "2026-03-09T00:00:00.000Z" });
    expect(body.total).toEqual({ value: 2, previous: 1, change: 1, changeKind: "relative", previousData: "full" });
    expect(body.series.map((s: { group: string }) => s.group)).toEqual(["CN", "DE"]);
    expect(Date.parse(body.asOf)).not.toBeNaN();
  });

  it("has no change where the previous period lies before the data, and tells rates and scores in points", async () => {
    // the lake's first events are of Jan 20: the week before Jan 20 – 27 is empty, Jan 17 – 24 half so
    const none = (await get(`/api/metrics/new_users?from=2026-01-20&to=2026-01-27`)).json();
    expect(none.total).toMatchObject({ change: null, changeKind: "relative", previousData: "none" });
    const partial = (await get(`/api/metrics/new_users?from=2026-01-24&to=2026-01-31`)).json();
    expect(partial.total).toMatchObject({ change: null, previousData: "partial" });
    // NPS 33.3 in the week against −100 the week before (lea's 6 of Feb 23): +133.3 points, not +133 %
    const nps = (await get(`/api/metrics/nps?${WEEK}`)).json();
    expect(nps.total).toEqual({ value: 33.33333333, previous: -100, change: 133.33333333, changeKind: "points", previousData: "full" });
  });

  it("suggests filter values from the data, matching any case, and filters on the data's spelling", async () => {
    // signups: CN lea, ann, cat; GB gus, fay; DE dan; US bob
    const countries = await get(`/api/dimensions/country/values`);
    expect(countries.statusCode).toBe(200);
    expect(countries.json()).toEqual({
      dimension: "country",
      values: [
        { value: "CN", users: 3 },
        { value: "GB", users: 2 },
        { value: "DE", users: 1 },
        { value: "US", users: 1 },
      ],
    });
    expect((await get(`/api/dimensions/channel/values?q=SOC`)).json().values).toEqual([{ value: "paid_social", users: 1 }]);
    // plans ever held (eve and bob basic, ann pro) and free for every user
    expect((await get(`/api/dimensions/tier/values`)).json().values.map((v: { value: string }) => v.value)).toEqual(["free", "basic", "pro"]);
    expect((await get(`/api/dimensions/country/values?q=zz`)).json().values).toEqual([]);
    expect((await get(`/api/dimensions/planet/values`)).statusCode).toBe(400);
    expect((await t.app.inject({ url: `/api/dimensions/country/values` })).statusCode).toBe(401);
    // "cn" filters on CN: the same answer, not every number 0
    const lower = (await get(`/api/metrics/new_users?${WEEK}&country=cn`)).json();
    const upper = (await get(`/api/metrics/new_users?${WEEK}&country=CN`)).json();
    expect(lower.total.value).toBe(1);
    expect(lower.total).toEqual(upper.total);
  });

  it("answers funnels, cohorts and tables in their shapes", async () => {
    const funnel = (await get(`/api/metrics/activation_funnel?from=2026-02-23&to=2026-03-09`)).json();
    expect(funnel.steps.map((s: { value: number }) => s.value)).toEqual([3, 1, 1, 1, 1, 1]);
    const cohorts = (await get(`/api/metrics/cohort_retention_weekly?from=2026-01-26&to=2026-03-09`)).json();
    expect(cohorts.cohorts[1]).toEqual({ cohort: "2026-02-09", size: 1, values: [1, 0, 1, 1] });
    expect(cohorts.period).toBe("week");
    expect((await get(`/api/metrics/ltv_by_cohort?from=2026-02-01&to=2026-03-09`)).json().period).toBe("month");
    const table = (await get(`/api/metrics/top_leaders?${WEEK}&limit=5`)).json();
    expect(table.rows).toEqual([{ leader: "lea", followers: 1, copied_volume: 80, copied_trades: 1 }]);
  });

  it.each([
    ["/api/metrics/new_users?grain=minute", 400, "query.grain:"],
    ["/api/metrics/weekly_active_users?grain=hour", 400, "query.grain: weekly_active_users is not available by hour"],
    ["/api/metrics/ltv_by_cohort?groupBy=country", 400, "query.groupBy: ltv_by_cohort cannot be grouped by country"],
    ["/api/metrics/new_users?groupBy=planet", 400, "query.groupBy:"],
    ["/api/metrics/new_users?from=yesterday", 400, "query.from: must be a date (YYYY-MM-DD) or an ISO-8601 instant with a zone"],
    ["/api/metrics/new_users?from=2026-03-09&to=2026-03-02", 400, "query.to: must be after from"],
    ["/api/metrics/nope", 404, "metric nope not found"],
    ["/api/dashboards/nope", 404, "dashboard nope not found"],
  ])("%s → %i naming the parameter", async (url, status, message) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toContain(message);
  });

  it("lists the dashboards and evaluates every tile of one", async () => {
    const list = (await get("/api/dashboards")).json();
    expect(list.map((d: { slug: string }) => d.slug)).toEqual(["growth-retention", "operations-overview", "revenue", "trading"]);
    const res = await get(`/api/dashboards/operations-overview?${WEEK}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.errors).toBeUndefined();
    const ops = loadDashboards().find((d) => d.slug === "operations-overview")!;
    for (const tile of ops.tiles) expect(body.panels[tile.id].map((r: { name: string }) => r.name)).toEqual(tile.metrics);
    // 112.91 net revenue in the week (see the library's revenue test)
    expect(body.panels["revenue-total"][0].total).toEqual({ value: 112.91, previous: 49, change: 1.30428571, changeKind: "relative", previousData: "full" });
  });

  it("every dashboard evaluates without a failing panel at its own defaults", async () => {
    for (const d of loadDashboards()) {
      const body = (await get(`/api/dashboards/${d.slug}`)).json();
      expect(body.errors, d.slug).toBeUndefined();
      expect(Object.keys(body.panels)).toEqual(d.tiles.map((tile) => tile.id));
    }
  });

  it("never serves a result from before the last flush, and streams the new asOf", async () => {
    const first = (await get(`/api/metrics/new_users?${WEEK}`)).json();
    expect(first.total.value).toBe(2);

    const abort = new AbortController();
    const stream = await fetch(`${base}/api/dashboards/stream`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const reader = stream.body!.getReader();
    let buffer = "";
    const next = async (event: string) => {
      for (;;) {
        const m = new RegExp(`event: ${event}\\ndata: (.*)\\n`).exec(buffer);
        if (m) {
          buffer = buffer.slice(m.index + m[0].length);
          return JSON.parse(m[1]!) as { asOf: string };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += new TextDecoder().decode(value);
      }
    };
    expect((await next("ready")).asOf).toBe(first.asOf);

    await t.app.warehouse.ingest([{ event_id: "late-1", type: "signup", user_id: "zoe", ts: "2026-03-04T10:00:00.000Z", props: { country: "FR", channel: "organic", device: "web" } }]);
    await t.app.warehouse.flush();
    const data = await next("data");
    abort.abort();
    expect(Date.parse(data.asOf)).toBeGreaterThan(Date.parse(first.asOf));

    const second = (await get(`/api/metrics/new_users?${WEEK}`)).json();
    expect(second.total.value).toBe(3);
    expect(second.asOf).toBe(data.asOf);
  });

  // the response schemas serialize: they must keep every field the routes returned before them
  it("answers every metric, grouped or not, exactly as the metric library computes it", async () => {
    const service = metricsServiceFor(t.app.warehouse, t.config.REPORTING_TZ, t.app.log);
    const window = service.window({ from: "2026-03-02", to: "2026-03-09" }, { preset: "last_30_days", grain: "day" });
    for (const m of listMetrics()) {
      for (const groupBy of [undefined, m.groupBys[0]]) {
        const res = await get(`/api/metrics/${m.name}?${WEEK}${groupBy ? `&groupBy=${groupBy}` : ""}`);
        expect(res.statusCode, `${m.name} ${groupBy ?? ""}: ${res.body.slice(0, 200)}`).toBe(200);
        const direct = await service.evaluate(m.name, { ...window, groupBy, filters: {} });
        expect(res.json(), `${m.name} ${groupBy ?? ""}`).toEqual(JSON.parse(JSON.stringify(direct)));
      }
    }
  });

  it("answers every dashboard with its definition as loaded and every tile's metrics", async () => {
    for (const d of loadDashboards()) {
      const res = await get(`/api/dashboards/${d.slug}?${WEEK}`);
      expect(res.statusCode, d.slug).toBe(200);
      const body = res.json();
      expect(body.dashboard, d.slug).toEqual(JSON.parse(JSON.stringify(d)));
      expect(Object.keys(body.panels).sort(), d.slug).toEqual(d.tiles.map((tile) => tile.id).sort());
    }
  });
});

import { describe, expect, it } from "vitest";
import { evaluateMetric, type Resolve } from "./evaluate.js";
import { getMetric, listMetrics } from "./registry.js";
import { metricSeriesFetcher } from "./series-fetcher.js";
import { expectSeries, run } from "./test-support/expect.js";
import { MODES, useTestLake } from "./test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "./test-support/world.js";
import { MetricInputError, type SeriesResult } from "./types.js";

describe("the catalogue", () => {
  it("states a definition, labels in both languages, a unit, grains and group-bys for every metric", () => {
    for (const m of listMetrics()) {
      expect(m.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(m.label.en && m.label["zh-CN"] && m.description.en.length > 40 && m.description["zh-CN"].length > 10).toBeTruthy();
      expect(m.grains.length).toBeGreaterThan(0);
      expect(m).not.toHaveProperty("build");
    }
  });
});

describe.each(MODES)("Asia/Shanghai (%s)", (mode) => {
  // 17:30 UTC on Mar 1 is 01:30 on Mar 2 in Shanghai; 15:30 UTC is 23:30 on Mar 1
  const env = useTestLake(
    [
      { user: "u1", type: "signup", ts: "2026-03-01T17:30:00.000Z", props: { country: "CN", channel: "organic", device: "ios" } },
      { user: "u2", type: "signup", ts: "2026-03-01T15:30:00.000Z", props: { country: "CN", channel: "organic", device: "web" } },
    ],
    { zone: "Asia/Shanghai", now: "2026-03-05T00:00:00.000Z" },
  );

  it("an event at 2026-03-01T17:30Z lands on 2026-03-02", async () => {
    // Shanghai days Mar 1 and Mar 2: [Feb 28 16:00Z, Mar 2 16:00Z); u2 on Mar 1, u1 on Mar 2; previous window empty
    const result = (await run(env(mode), "new_users", { from: new Date("2026-02-28T16:00:00Z"), to: new Date("2026-03-02T16:00:00Z") })) as SeriesResult;
    expect(result.series[0]!.points).toEqual([
      { t: "2026-03-01", value: 1 },
      { t: "2026-03-02", value: 1 },
    ]);
    expect(result.total).toEqual({ value: 2, previous: 0, change: null, changeKind: "relative", previousData: "full" });
    expect([result.from, result.to]).toEqual(["2026-02-28T16:00:00.000Z", "2026-03-02T16:00:00.000Z"]);
  });

  it("DAU counts u1 on Mar 2 only", async () => {
    await expectSeries(env(mode), { metric: "daily_active_users", query: { from: new Date("2026-03-01T16:00:00Z"), to: new Date("2026-03-02T16:00:00Z") }, value: 1, previous: 1, change: 0, points: [1] });
  });
});

describe.each(MODES)("evaluation (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it("buckets hours from raw events", async () => {
    // Mar 3: dan signs up at 12:00 (previous day, Mar 2: cat at 08:00) → 1 vs 1
    const result = (await run(env(mode), "new_users", { from: new Date("2026-03-03T00:00:00Z"), to: new Date("2026-03-04T00:00:00Z"), grain: "hour" })) as SeriesResult;
    expect(result.total).toEqual({ value: 1, previous: 1, change: 0, changeKind: "relative", previousData: "full" });
    const points = result.series[0]!.points;
    expect(points).toHaveLength(24);
    expect(points[0]).toEqual({ t: "2026-03-03T00:00:00.000Z", value: 0 });
    expect(points.filter((p) => p.value).map((p) => p.t)).toEqual(["2026-03-03T12:00:00.000Z"]);
  });

  it.each([
    ["stickiness_dau_mau", {}],
    ["stickiness_dau_mau", { groupBy: "country" as const }],
    ["arr", { groupBy: "tier" as const }],
  ])("derives %s %j from its inputs exactly as its own SQL does", async (name, extra) => {
    const query = { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-09T00:00:00Z"), grain: "day" as const, ...extra };
    const resolve: Resolve = (n, q) => evaluateMetric(getMetric(n)!, q, env(mode));
    const viaSql = (await evaluateMetric(getMetric(name)!, query, env(mode))) as SeriesResult;
    const viaInputs = (await evaluateMetric(getMetric(name)!, query, env(mode), resolve)) as SeriesResult;
    const flat = (r: SeriesResult) => [r.total.value, r.total.previous, r.total.change, ...r.series.flatMap((s) => [s.group, ...s.points.flatMap((p) => [p.t, p.value])])];
    const [a, b] = [flat(viaSql), flat(viaInputs)];
    expect(b).toHaveLength(a.length);
    a.forEach((v, i) => (typeof v === "number" ? expect(b[i]).toBeCloseTo(v, 6) : expect(b[i]).toEqual(v)));
  });

  it("counts active users per hour with the catalogue's ACTIVE_TYPES, from raw events", async () => {
    // Mar 3: 10:00 cat (page view) and bob (login); 11:00 bob (deposit; cat's ad revenue is not an action);
    // 12:00 bob (copy start) and dan (signup); 13:00 bob (subscription); 14:00 bob's trade is not activity.
    // Headline: distinct actives of the day = cat, bob, dan = 3 (Mar 2: ann, lea, cat = 3)
    const result = (await run(env(mode), "daily_active_users", { from: new Date("2026-03-03T00:00:00Z"), to: new Date("2026-03-04T00:00:00Z"), grain: "hour" })) as SeriesResult;
    expect(result.total).toEqual({ value: 3, previous: 3, change: 0, changeKind: "relative", previousData: "full" });
    const points = result.series[0]!.points;
    expect(points).toHaveLength(24);
    expect(points.filter((p) => p.value).map((p) => [p.t.slice(11, 16), p.value])).toEqual([
      ["10:00", 2],
      ["11:00", 1],
      ["12:00", 2],
      ["13:00", 1],
    ]);
    // the day grain (the dashboard tile) says the same for the day
    const day = (await run(env(mode), "daily_active_users", { from: new Date("2026-03-03T00:00:00Z"), to: new Date("2026-03-04T00:00:00Z") })) as SeriesResult;
    expect(day.total.value).toBe(3);
  });

  it("feeds alert rules: bucket starts and values; a grain or a kind the metric lacks is an error naming it", async () => {
    const fetch = metricSeriesFetcher(() => env(mode));
    const request = { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-05T00:00:00Z"), filters: {} };
    // trades: Mar 2 none, Mar 3 bob, Mar 4 ann
    expect(await fetch("trades", { ...request, grain: "day" })).toEqual([
      { ts: Date.parse("2026-03-02T00:00:00Z"), value: 0 },
      { ts: Date.parse("2026-03-03T00:00:00Z"), value: 1 },
      { ts: Date.parse("2026-03-04T00:00:00Z"), value: 1 },
    ]);
    expect(await fetch("daily_active_users", { ...request, grain: "day" })).toEqual([
      { ts: Date.parse("2026-03-02T00:00:00Z"), value: 3 },
      { ts: Date.parse("2026-03-03T00:00:00Z"), value: 3 },
      { ts: Date.parse("2026-03-04T00:00:00Z"), value: 2 },
    ]);
    await expect(fetch("trades", { ...request, grain: "minute" })).rejects.toThrow("grain: must be one of hour, day, week, month");
    await expect(fetch("mrr", { ...request, grain: "hour" })).rejects.toThrow("grain: mrr is not available by hour (allowed: day, week, month)");
    await expect(fetch("activation_funnel", { ...request, grain: "day" })).rejects.toThrow("metric: activation_funnel is a funnel, not a time series");
    await expect(fetch("daily_active_user", { ...request, grain: "day" })).rejects.toThrow("metric: daily_active_user is not in the metric catalogue");
  });

  it("reads hour windows longer than the hour limit in slices, every hour once", async () => {
    const fetch = metricSeriesFetcher(() => env(mode));
    // 40 days and a bit, starting off the hour: Feb 1 00:20 – Mar 13 00:20
    const from = new Date("2026-02-01T00:20:00Z");
    const points = await fetch("new_users", { from, to: new Date(from.getTime() + 40 * 86_400_000), grain: "hour", filters: {} });
    const starts = points.map((p) => p.ts);
    expect(starts[0]).toBe(Date.parse("2026-02-01T00:00:00Z"));
    expect(starts.every((t, i) => i === 0 || t - starts[i - 1]! === 3_600_000)).toBe(true);
    // signups from Feb 1 on: ann Feb 10, bob Feb 24, cat Mar 2, dan Mar 3 (now is Mar 10 12:00: later hours are not there)
    expect(points.filter((p) => p.value).map((p) => new Date(p.ts).toISOString())).toEqual([
      "2026-02-10T10:00:00.000Z",
      "2026-02-24T09:00:00.000Z",
      "2026-03-02T08:00:00.000Z",
      "2026-03-03T12:00:00.000Z",
    ]);
    expect(starts[starts.length - 1]).toBe(Date.parse("2026-03-10T12:00:00Z"));
  });

  it("leaves buckets after now empty", async () => {
    // now Mar 5 12:00: Mar 6–8 have not happened
    const result = (await evaluateMetric(getMetric("trades")!, { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-09T00:00:00Z"), grain: "day" }, { ...env(mode), now: new Date("2026-03-05T12:00:00Z") })) as SeriesResult;
    expect(result.series[0]!.points.map((p) => p.value)).toEqual([0, 1, 1, 2, null, null, null]);
  });

  it.each([
    ["weekly_active_users", { grain: "hour" as const }, "grain", "weekly_active_users is not available by hour (allowed: day, week, month)"],
    ["cohort_retention_weekly", { groupBy: "country" as const }, "groupBy", "cohort_retention_weekly cannot be grouped by country (it cannot be grouped)"],
    ["trades", { filters: { planet: ["mars"] } as never }, "planet", "planet: is not a filter"],
    ["trades", { to: new Date("2026-03-01T00:00:00Z") }, "to", "to: must be after from"],
  ])("%s %j → %s", async (metric, query, param, message) => {
    const err = await run(env(mode), metric, query).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetricInputError);
    expect((err as MetricInputError).param).toBe(param);
    expect((err as Error).message).toContain(message);
  });
});

import { describe, expect, it } from "vitest";
import { evaluateMetric, Flusher, generate, getMetric, ingestBatch, localMidnight, QueryPool, rebuildRollups, Wal, type SeriesResult } from "@ist/warehouse";
import { useTempLake } from "@ist/warehouse/testing";
import { lakeAlertServices } from "./services";

const DAY = 86_400_000;
const tempLake = useTempLake("file");

/** Alert rules read the metrics library: the catalogue's definitions and the reporting zone's days. */
describe("alert series from the metrics catalogue", () => {
  it("counts daily active users as the dashboards do, in the reporting zone", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "alerts-series" });
    const flusher = new Flusher({ wal, lakeDir });
    const base = Date.parse("2025-03-03T00:00:00Z");
    const events = [
      // u1 logs in on 3 March (UTC) at 12:00 and at 23:30 — 07:30 on 4 March in Shanghai
      { event_id: "e1", type: "login", user_id: "u1", ts: new Date(base + 12 * 3_600_000).toISOString(), props: {} },
      { event_id: "e2", type: "login", user_id: "u1", ts: new Date(base + 23.5 * 3_600_000).toISOString(), props: {} },
      { event_id: "e3", type: "login", user_id: "u2", ts: new Date(base + 13 * 3_600_000).toISOString(), props: {} },
      // an exposure is not a user's own action: not active
      { event_id: "e4", type: "experiment_exposure", user_id: "u3", ts: new Date(base + 14 * 3_600_000).toISOString(), props: { experiment_key: "x", variation: "a" } },
    ];
    const result = await ingestBatch(wal, events, new Date(base + 2 * DAY));
    expect(result.accepted).toBe(4);
    await flusher.flushNow();
    await flusher.stop();
    await wal.close();

    const request = { from: new Date(base - DAY), to: new Date(base + 2 * DAY), grain: "day" as const, filters: {} };
    const utc = lakeAlertServices(lakeDir, "UTC");
    const shanghai = lakeAlertServices(lakeDir, "Asia/Shanghai");
    try {
      const inUtc = (await utc.fetchSeries("daily_active_users", request)).filter((p) => p.value > 0);
      expect(inUtc).toEqual([{ ts: base, value: 2 }]);
      const inShanghai = (await shanghai.fetchSeries("daily_active_users", request)).filter((p) => p.value > 0);
      // Shanghai midnight of 3 and 4 March, in UTC: 2 March 16:00 and 3 March 16:00
      expect(inShanghai).toEqual([
        { ts: base - 8 * 3_600_000, value: 2 },
        { ts: base + 16 * 3_600_000, value: 1 },
      ]);
    } finally {
      await utc.close();
      await shanghai.close();
    }
  });
});

/** The alert series and the dashboard's tiles are one definition: the same numbers, day by day. */
describe.each(["UTC", "Asia/Shanghai"])("alert series and dashboard tiles on a generated platform (%s)", (zone) => {
  it("reads daily_active_users at day grain as the tiles show it, and by the hour without zeros", async () => {
    const lakeDir = await tempLake();
    await generate({ lakeDir, users: 300, days: 40, seed: 11, start: "2025-01-01" });
    await rebuildRollups({ lakeDir, zones: [zone], threads: 1 });
    const pool = await QueryPool.open({ lakeDir, reportingTz: zone, connections: 1, threads: 1 });
    const services = lakeAlertServices(lakeDir, zone);
    try {
      const tile = async (from: Date, to: Date) =>
        (await evaluateMetric(getMetric("daily_active_users")!, { from, to, grain: "day" }, { reader: pool, zone, rollups: true })) as SeriesResult;
      const [from, to] = [localMidnight("2025-01-20", zone), localMidnight("2025-02-03", zone)];
      const alert = await services.fetchSeries("daily_active_users", { from, to, grain: "day", filters: {} });
      const line = await tile(from, to);
      expect(alert.map((p) => p.value)).toEqual(line.series[0]!.points.map((p) => p.value));
      expect(alert.map((p) => p.ts)).toEqual(line.series[0]!.points.map((p) => localMidnight(p.t, zone).getTime()));
      expect(alert.every((p) => p.value > 0)).toBe(true);
      // each day's point is the KPI card of that one day (the "yesterday" tile)
      for (const [i, p] of alert.slice(0, 3).entries()) {
        const card = await tile(new Date(p.ts), localMidnight(line.series[0]!.points[i + 1]!.t, zone));
        expect(card.total.value).toBe(p.value);
      }
      // by the hour (the alert form's default grain): users active in each hour, never more than the day's
      const day = alert[0]!;
      const hours = await services.fetchSeries("daily_active_users", { from: new Date(day.ts), to: new Date(day.ts + DAY), grain: "hour", filters: {} });
      expect(hours).toHaveLength(24);
      expect(hours.filter((h) => h.value > 0).length).toBeGreaterThan(12);
      expect(Math.max(...hours.map((h) => h.value))).toBeLessThanOrEqual(day.value);
      // a grain the metric lacks is an error the rule shows, not another definition
      await expect(services.fetchSeries("weekly_active_users", { from, to, grain: "hour", filters: {} })).rejects.toThrow(
        "grain: weekly_active_users is not available by hour (allowed: day, week, month)",
      );
    } finally {
      await services.close();
      await pool.close();
    }
  }, 120_000);
});

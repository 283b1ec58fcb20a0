import { describe, expect, it } from "vitest";
import { Flusher, ingestBatch, Wal } from "@ist/warehouse";
import { useTempLake } from "../../../warehouse/src/test-support/lake";
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

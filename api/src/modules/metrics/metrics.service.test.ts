import pino from "pino";
import { describe, expect, it } from "vitest";
import type { FlushResult, QueryParams, SeriesResult } from "@ist/warehouse";
import { NOW, useTestLake, WORLD, WORLD_USERS } from "@ist/warehouse/testing";
import type { Warehouse } from "../../plugins/warehouse";
import { MetricsService } from "./metrics.service";

const WEEK = { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-09T00:00:00Z"), grain: "day" as const };

describe("MetricsService cache", () => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  function service() {
    const listeners: ((r?: Pick<FlushResult, "dts" | "rollups">) => void)[] = [];
    let queries = 0;
    const state = { lastFlushAt: new Date("2026-03-10T12:00:00Z") as Date | null };
    const warehouse = {
      lakeDir: "/nonexistent-lake",
      instance: "test",
      get lastFlushAt() {
        return state.lastFlushAt;
      },
      query: (sql: string, params?: QueryParams) => (queries++, env("raw").reader.query(sql, params as never)),
      onFlushed: (l: (r?: Pick<FlushResult, "dts" | "rollups">) => void) => void listeners.push(l),
    } as unknown as Warehouse;
    // a fixed clock: cache keys carry the minute, which must not turn during a test
    const s = new MetricsService(warehouse, "UTC", pino({ level: "silent" }), () => Date.parse("2026-03-10T12:00:30Z"));
    const flush = (r?: Pick<FlushResult, "dts" | "rollups">) => {
      state.lastFlushAt = new Date(state.lastFlushAt!.getTime() + 2_000);
      for (const l of listeners) l(r);
    };
    return { s, flush, queries: () => queries };
  }
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it("serves a repeat from the cache and recomputes after a flush, with the new asOf", async () => {
    const { s, flush, queries } = service();
    await settle();
    const a = await s.evaluate("new_users", WEEK);
    const after = queries();
    const b = await s.evaluate("new_users", WEEK);
    expect(b).toEqual(a);
    expect(queries()).toBe(after);

    const events: string[] = [];
    s.on("data", (asOf) => events.push(asOf));
    flush();
    expect(events).toEqual(["2026-03-10T12:00:02.000Z"]);
    const c = await s.evaluate("new_users", WEEK);
    expect(queries()).toBeGreaterThan(after);
    expect(c.asOf).toBe("2026-03-10T12:00:02.000Z");
  });

  it("keeps the answers a flush or a roll-up cannot change, and drops the others", async () => {
    const { s, flush, queries } = service();
    await settle();
    await s.evaluate("new_users", WEEK); // reads up to Mar 8 (raw here: this lake has no rollups for the service)
    const computed = queries();
    const rollup = (changed: string[]) => ({ zones: [{ zone: "UTC", mode: "update" as const, days: changed.length, changed }], ms: 1 });
    // events of Mar 10 and a roll-up of Mar 9 and 10: the week to Mar 8 cannot change
    flush({ dts: ["2026-03-10"] });
    flush({ dts: [], rollups: rollup(["2026-03-09", "2026-03-10"]) });
    await s.evaluate("new_users", WEEK);
    expect(queries()).toBe(computed);
    // a roll-up that rewrote Mar 8 (say, a late event) does
    flush({ dts: [], rollups: rollup(["2026-03-08"]) });
    await s.evaluate("new_users", WEEK);
    expect(queries()).toBeGreaterThan(computed);
    const again = queries();
    // and so does a flush of raw events of Mar 8, for an answer that reads raw events
    flush({ dts: ["2026-03-08"] });
    await s.evaluate("new_users", WEEK);
    expect(queries()).toBeGreaterThan(again);
  });

  it("recomputes a recently asked answer as soon as new data drops it, before anyone asks again", async () => {
    const { s, flush, queries } = service();
    await settle();
    const before = await s.evaluate("new_users", WEEK);
    const asked = queries();
    flush({ dts: ["2026-03-08"] });
    // the recomputation starts with the flush: wait until it has queried and settled
    await expect.poll(() => queries()).toBeGreaterThan(asked);
    await settle();
    const computed = queries();
    const after = await s.evaluate("new_users", WEEK);
    expect(queries()).toBe(computed);
    expect(after).toMatchObject({ kind: "series", total: (before as SeriesResult).total });
  });

  it("runs concurrent identical requests once and derives ARR from the cached MRR", async () => {
    const { s, queries } = service();
    await settle();
    const [x, y] = await Promise.all([s.evaluate("mrr", WEEK), s.evaluate("mrr", WEEK)]);
    expect(x).toEqual(y);
    const before = queries();
    const arr = await s.evaluate("arr", WEEK);
    expect(queries()).toBe(before);
    // MRR 50 on Mar 8, 40 on Mar 1 (see the library's recurring test)
    expect(arr).toMatchObject({ name: "arr", total: { value: 600, previous: 480, change: 0.25 } });
  });

  it("names the parameter of a bad query and 404s an unknown metric", async () => {
    const { s } = service();
    await expect(s.evaluate("weekly_active_users", { ...WEEK, grain: "hour" })).rejects.toMatchObject({ code: "validation_error", message: expect.stringMatching(/^query\.grain: weekly_active_users is not available by hour/) });
    await expect(s.evaluate("nope", WEEK)).rejects.toMatchObject({ code: "not_found" });
  });

  it("reads a date as the reporting zone's midnight and defaults to the preset", () => {
    const { s } = service();
    const now = new Date("2026-03-10T12:00:00Z");
    expect(s.window({ from: "2026-03-02", to: "2026-03-09" }, { preset: "last_30_days", grain: "day" }, now)).toEqual(WEEK);
    expect(s.window({}, { preset: "last_7_days", grain: "week" }, now)).toEqual({ from: new Date("2026-03-04T00:00:00Z"), to: new Date("2026-03-11T00:00:00Z"), grain: "week" });
    expect(s.window({ to: "2026-03-09" }, { preset: "last_7_days", grain: "day" }, now)).toEqual({ from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-09T00:00:00Z"), grain: "day" });
  });
});

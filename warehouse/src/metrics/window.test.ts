import { describe, expect, it } from "vitest";
import { MetricInputError } from "./types.js";
import { buildWindow, lastDays, localMidnight, presetWindow, zoneOffsetMs } from "./window.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const at = (iso: string) => new Date(iso);

describe("buildWindow", () => {
  it.each([
    // whole days in UTC: previous window is the 7 days before
    ["UTC", "2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z", { fromDay: "2026-03-02", toDay: "2026-03-09", prevFromDay: "2026-02-23", dtLo: "2026-02-23", dtHi: "2026-03-08" }],
    // a browser 8 h ahead asks for its Mar 2 – Mar 8: rounded to the nearest UTC midnights
    ["UTC", "2026-03-01T16:00:00Z", "2026-03-08T16:00:00Z", { fromDay: "2026-03-02", toDay: "2026-03-09", prevFromDay: "2026-02-23" }],
    // Shanghai days: Mar 2 local starts at Mar 1 16:00 UTC; dt read with one day of margin either side
    ["Asia/Shanghai", "2026-03-01T16:00:00Z", "2026-03-02T16:00:00Z", { fromDay: "2026-03-02", toDay: "2026-03-03", prevFromDay: "2026-03-01", dtLo: "2026-02-28", dtHi: "2026-03-03" }],
  ])("%s %s – %s", (zone, from, to, expected) => {
    expect(buildWindow({ from: at(from), to: at(to), grain: "day" }, zone, NOW)).toMatchObject({ ...expected, today: "2026-03-10" });
  });

  it("keeps hours at hour grain and takes the same length before as the previous window", () => {
    const w = buildWindow({ from: at("2026-03-03T00:20:00Z"), to: at("2026-03-03T05:10:00Z"), grain: "hour" }, "UTC", NOW);
    // floored to 00:00, ceiled to 06:00 → 6 hours; previous 18:00 – 24:00 the day before
    expect(w.from.toISOString()).toBe("2026-03-03T00:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-03-03T06:00:00.000Z");
    expect(w.prevFrom.toISOString()).toBe("2026-03-02T18:00:00.000Z");
    expect([w.dtLo, w.dtHi]).toEqual(["2026-03-02", "2026-03-03"]);
  });

  it.each([
    [{ from: at("2026-03-02T00:00:00Z"), to: at("2026-03-02T00:00:00Z"), grain: "day" as const }, "to: must be after from"],
    [{ from: at("2026-01-01T00:00:00Z"), to: at("2026-03-01T00:00:00Z"), grain: "hour" as const }, "grain: hour needs a window of at most 31 days"],
    [{ from: at("2010-01-01T00:00:00Z"), to: at("2026-03-01T00:00:00Z"), grain: "day" as const }, "from: the window may span at most 3660 days"],
    [{ from: new Date(Number.NaN), to: at("2026-03-01T00:00:00Z"), grain: "day" as const }, "from: must be a date"],
  ])("rejects %j", (query, message) => {
    const err = (() => {
      try {
        buildWindow(query, "UTC", NOW);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MetricInputError);
    expect((err as Error).message).toContain(message);
  });
});

describe("time zones", () => {
  it.each([
    ["Asia/Shanghai", "2026-03-02", "2026-03-01T16:00:00.000Z"],
    ["UTC", "2026-03-02", "2026-03-02T00:00:00.000Z"],
    // New York switches to daylight time on Mar 8, 2026: midnight is still EST (−5) that day, EDT (−4) the next
    ["America/New_York", "2026-03-08", "2026-03-08T05:00:00.000Z"],
    ["America/New_York", "2026-03-09", "2026-03-09T04:00:00.000Z"],
  ])("%s midnight of %s is %s", (zone, day, iso) => {
    expect(localMidnight(day, zone).toISOString()).toBe(iso);
  });

  it("knows the offset", () => {
    expect(zoneOffsetMs("Asia/Shanghai", Date.parse("2026-03-01T17:30:00Z"))).toBe(8 * 3_600_000);
  });

  it("defaults to the last 30 days, today included", () => {
    expect(lastDays(30, "UTC", NOW)).toEqual({ from: at("2026-02-09T00:00:00Z"), to: at("2026-03-11T00:00:00Z") });
  });

  it.each([
    ["today", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z"],
    ["yesterday", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z"],
    ["last_7_days", "2026-03-04T00:00:00Z", "2026-03-11T00:00:00Z"],
    ["month_to_date", "2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z"],
    ["quarter_to_date", "2026-01-01T00:00:00Z", "2026-03-11T00:00:00Z"],
    ["year_to_date", "2026-01-01T00:00:00Z", "2026-03-11T00:00:00Z"],
  ])("preset %s is [%s, %s)", (preset, from, to) => {
    expect(presetWindow(preset, "UTC", NOW)).toEqual({ from: at(from), to: at(to) });
  });
});

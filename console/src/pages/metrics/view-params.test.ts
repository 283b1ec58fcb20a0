import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { apiQuery, fitGrain, readView, viewRange, writeView, type ViewState } from "./view-params";

const DEFAULTS = { preset: "last_90_days", grain: "week" };
const now = dayjs("2026-03-15T13:45:00");
const day = (d: dayjs.Dayjs) => d.format("YYYY-MM-DD");

describe("the view in the URL", () => {
  it("falls back to the dashboard's defaults and ignores what it cannot read", () => {
    expect(readView(new URLSearchParams(""), DEFAULTS)).toEqual({ preset: "last_90_days", grain: "week", filters: {} });
    expect(readView(new URLSearchParams("preset=next_year&grain=minute&country=%20"), DEFAULTS)).toEqual({ preset: "last_90_days", grain: "week", filters: {} });
    // a range that ends before it starts is not a range
    expect(readView(new URLSearchParams("from=2026-02-10&to=2026-02-01"), DEFAULTS).preset).toBe("last_90_days");
  });

  it("round-trips presets, custom ranges, grain and filters, keeping other params", () => {
    const views: ViewState[] = [
      { preset: "last_7_days", grain: "day", filters: { country: "CN", channel: "organic" } },
      { preset: "custom", from: "2026-01-01", to: "2026-01-31", grain: "week", filters: { partner: "p-1" } },
    ];
    for (const view of views) {
      const params = writeView(new URLSearchParams("metric=mrr&preset=today&device=ios"), view);
      expect(params.get("metric")).toBe("mrr");
      expect(readView(params, DEFAULTS)).toEqual(view);
    }
    expect(writeView(new URLSearchParams(), views[1]!).toString()).toBe("from=2026-01-01&to=2026-01-31&grain=week&partner=p-1");
  });
});

describe("date ranges, half-open, in calendar days", () => {
  it.each([
    ["today", "2026-03-15", "2026-03-16"],
    ["yesterday", "2026-03-14", "2026-03-15"],
    ["last_7_days", "2026-03-09", "2026-03-16"],
    ["last_30_days", "2026-02-14", "2026-03-16"],
    ["last_90_days", "2025-12-16", "2026-03-16"],
    ["month_to_date", "2026-03-01", "2026-03-16"],
    ["last_month", "2026-02-01", "2026-03-01"],
    ["quarter_to_date", "2026-01-01", "2026-03-16"],
    ["year_to_date", "2026-01-01", "2026-03-16"],
  ] as const)("%s is [%s, %s)", (preset, from, to) => {
    const range = viewRange({ preset, grain: "day", filters: {} }, now);
    expect([day(range.from), day(range.to)]).toEqual([from, to]);
  });

  it("includes the last day of a custom range", () => {
    const range = viewRange({ preset: "custom", from: "2026-01-01", to: "2026-01-31", grain: "day", filters: {} }, now);
    expect([day(range.from), day(range.to)]).toEqual(["2026-01-01", "2026-02-01"]);
  });

  it("gives the api ISO instants, the grain and only the filters that are set", () => {
    const query = apiQuery({ preset: "today", grain: "hour", filters: { tier: "vip" } }, now);
    expect(query).toEqual({ from: now.startOf("day").toISOString(), to: now.startOf("day").add(1, "day").toISOString(), grain: "hour", tier: "vip" });
  });

  it("fits the grain to the range", () => {
    expect(fitGrain({ preset: "today", grain: "day", filters: {} }, now)).toBe("hour");
    expect(fitGrain({ preset: "last_90_days", grain: "hour", filters: {} }, now)).toBe("day");
    expect(fitGrain({ preset: "last_7_days", grain: "month", filters: {} }, now)).toBe("day");
    expect(fitGrain({ preset: "last_90_days", grain: "week", filters: {} }, now)).toBe("week");
  });
});

import dayjs from "dayjs";
import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import type { CohortResult, SeriesResult } from "../../api/types";
import { PALETTE, seriesColors } from "../../components/charts/palette";
import { changeText } from "../dashboards/kpi-change";
import { cohortOption, cohortScale, donutOption, seriesOption } from "./chart-options";
import { moneyCell, resultRows } from "./result-csv";
import { customRange, fitGrain } from "./view-params";

const ctx = { language: "en", labelOf: (m: string) => m };
const base = { grain: "day", from: "2026-03-01T00:00:00Z", to: "2026-03-03T00:00:00Z", asOf: "2026-03-03T00:00:00Z" } as const;
const total = { value: 10, previous: 8, change: 0.25, changeKind: "relative", previousData: "full" } as const;
const series = (name: string, groups: string[], unit: SeriesResult["unit"] = "count"): SeriesResult => ({
  ...base,
  name,
  unit,
  kind: "series",
  total,
  series: groups.map((group, i) => ({ group, points: [{ t: "2026-03-01T00:00:00Z", value: i + 1.005 }] })),
});

describe("series colours", () => {
  const countries = ["US", "CN", "GB", "IN", "SG", "DE", "BR", "AU", "FR", "JP", "AE", "NG", "ES", "ZA", "MY", "ID", "VN", "TH", "KR", "MX", "CA", "IT", "NL", "TR", "PH"];
  it("gives each of 25 groups its own colour, US and JP included", () => {
    const colors = seriesColors(countries);
    expect(new Set(colors.values()).size).toBe(25);
    expect(colors.get("US")).not.toBe(colors.get("JP"));
    expect(PALETTE.length).toBeGreaterThanOrEqual(25);
  });
  it("keeps a value's colour whatever else is drawn with it", () => {
    expect(seriesColors(["US", "DE"]).get("US")).toBe(seriesColors(["US"]).get("US"));
    expect(seriesColors([...countries].reverse())).toEqual(seriesColors(countries));
  });
  it("sets the colours on the chart, one per series in order", () => {
    const option = seriesOption([series("new_users", ["US", "JP"])], "line", ctx) as { color: string[] };
    const colors = seriesColors(["US", "JP"]);
    expect(option.color).toEqual([colors.get("US"), colors.get("JP")]);
  });
});

describe("the stream donut", () => {
  it("lists every slice in a legend that does not page", () => {
    const option = donutOption(["a", "b", "c", "d", "e", "f"].map((m) => series(m, [])), ctx) as { legend: { type: string }; color: string[] };
    expect(option.legend.type).toBe("plain");
    expect(new Set(option.color).size).toBe(6);
  });
});

describe("cohort grids", () => {
  const cohort = (unit: CohortResult["unit"], values: number[][]): CohortResult => ({
    ...base,
    name: "ltv_by_cohort",
    unit,
    kind: "cohort",
    period: "month",
    cohorts: values.map((v, i) => ({ cohort: `2026-0${i + 1}-01`, size: 10, values: v })),
  });
  it("scales LTV over every cell, its lowest (period 0) included", () => {
    expect(cohortScale(cohort("currency", [[1.06, 1.55], [0.11]]))).toEqual({ min: 0.11, max: 1.55 });
  });
  it("leaves retention's 100 % period 0 off the scale", () => {
    expect(cohortScale(cohort("percent", [[1, 0.4, 0.2], [1, 0.3]]))).toEqual({ min: 0.2, max: 0.4 });
  });
  it("labels columns by the cohort's period, in 12 px", () => {
    const option = cohortOption(cohort("currency", [[1, 2]]), ctx, (n) => `Month ${n}`) as { xAxis: { data: string[] }; series: { label: { fontSize: number } }[] };
    expect(option.xAxis.data).toEqual(["Month 0", "Month 1"]);
    expect(option.series[0]!.label.fontSize).toBeGreaterThanOrEqual(12);
    expect(resultRows([cohort("currency", [[1.006, 2]])], ctx)).toEqual([
      ["cohort", "size", "month_0", "month_1"],
      ["2026-01-01", 10, 1.01, 2],
    ]);
  });
});

describe("CSV money", () => {
  it.each([
    [1.005, "USD", 1.01],
    [-2.345, "USD", -2.35],
    [1234.5678, "JPY", 1235],
    [0.1 + 0.2, "EUR", 0.3],
    [1.23456, "BHD", 1.235],
  ] as const)("%s %s → %s", (value, currency, expected) => {
    expect(moneyCell(value, "currency", currency)).toBe(expected);
  });
  it("leaves other units alone", () => {
    expect(moneyCell(1.23456, "count")).toBe(1.23456);
    expect(resultRows([series("revenue_total", [""], "currency")], ctx)[1]).toEqual(["2026-03-01T00:00:00Z", 1.01]);
  });
});

describe("typed custom ranges", () => {
  it("puts the ends in order and refuses a missing or invalid end", () => {
    expect(customRange(dayjs("2026-10-20"), dayjs("2026-10-01"))).toEqual({ from: "2026-10-01", to: "2026-10-20" });
    expect(customRange(dayjs("2026-10-01"), null)).toBeNull();
    expect(customRange(dayjs("nope"), dayjs("2026-10-01"))).toBeNull();
  });
  it("keeps a custom range's grain; only today and yesterday go hourly by themselves", () => {
    const now = dayjs("2026-12-08T12:00:00");
    expect(fitGrain({ preset: "custom", from: "2026-10-01", to: "2026-10-02", grain: "day", filters: {} }, now)).toBe("day");
    expect(fitGrain({ preset: "today", grain: "day", filters: {} }, now)).toBe("hour");
    expect(fitGrain({ preset: "custom", from: "2026-10-01", to: "2026-10-20", grain: "hour", filters: {} }, now)).toBe("day");
  });
});

describe("KPI change text", () => {
  const t = ((key: string, opts?: { value?: string }) => (opts?.value ? `${key}:${opts.value}` : key)) as unknown as TFunction;
  it.each([
    [{ ...total, change: 0.052 }, "count", "+5.2%"],
    [{ ...total, change: 0.123, changeKind: "points" }, "percent", "dashboards.change.percentPoints:+12.3"],
    [{ ...total, change: 133.33333, changeKind: "points" }, "score", "dashboards.change.points:+133.3"],
    [{ ...total, change: null, previousData: "none" }, "count", "dashboards.change.noEarlierData"],
    [{ ...total, change: null, previousData: "partial" }, "count", "dashboards.change.partialEarlierData"],
  ] as const)("%o %s → %s", (tot, unit, expected) => {
    expect(changeText({ total: tot, unit }, t, "en").text).toBe(expected);
  });
});

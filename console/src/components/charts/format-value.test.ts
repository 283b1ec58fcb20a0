import { describe, expect, it } from "vitest";
import { toCsv, fileName } from "./download";
import { formatBucket, formatChange, formatValue } from "./format-value";

describe("metric values by unit and language", () => {
  it.each([
    [1234567, "count", "en", {}, "1,234,567"],
    [1234567, "count", "en", { compact: true }, "1.2M"],
    [1234567, "count", "zh-CN", { compact: true }, "123.5万"],
    [1234.5, "currency", "en", {}, "$1,235"],
    [12.5, "currency", "en", {}, "$12.50"],
    [1234.5, "currency", "zh-CN", { currency: "CNY" }, "¥1,235"],
    [0.1234, "percent", "en", {}, "12.3%"],
    [0.0123, "percent", "zh-CN", {}, "1.23%"],
    [0.2641, "ratio", "en", {}, "0.264"],
    [41.94, "score", "en", {}, "41.9"],
    [72, "duration", "en", {}, "1 min 12 sec"],
    [null, "count", "en", {}, "—"],
  ] as const)("%s %s in %s %o → %s", (value, unit, language, options, expected) => {
    expect(formatValue(value, unit, language, options)).toBe(expected);
  });

  it("signs a change so a fall reads without colour", () => {
    expect(formatChange(0.052, "en")).toBe("+5.2%");
    expect(formatChange(-0.1, "en")).toBe("-10%");
    expect(formatChange(0, "en")).toBe("0%");
    expect(formatChange(null, "en")).toBe("—");
  });

  it("shows a day bucket's own date, whatever the browser's time zone", () => {
    expect(formatBucket("2026-03-01T00:00:00.000Z", "day", "en")).toBe("Mar 1, 2026");
    expect(formatBucket("2026-03-01T00:00:00+08:00", "month", "zh-CN")).toBe("2026年3月");
  });
});

describe("CSV", () => {
  it("quotes only what needs it and ends lines with CRLF", () => {
    expect(toCsv([["t", "a,b"], ["x", 'say "hi"'], [1, null]])).toBe('t,"a,b"\r\nx,"say ""hi"""\r\n1,\r\n');
  });
  it("names files from their parts", () => {
    expect(fileName(["operations-overview", "mrr", "2026-01-01", undefined], "csv")).toBe("operations-overview-mrr-2026-01-01.csv");
    expect(fileName(["新 用户/渠道"], "png")).toBe("新-用户-渠道.png");
  });
});

import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config";
import { minTimestamp } from "./min-timestamp";

const now = new Date("2026-12-08T00:00:00Z");

describe("INGEST_MIN_TIMESTAMP", () => {
  it.each([
    ["2000-01-01", "2000-01-01T00:00:00.000Z"],
    ["2020-06-01T08:00:00+08:00", "2020-06-01T00:00:00.000Z"],
    ["400d", "2025-11-03T00:00:00.000Z"],
    ["0d", "2026-12-08T00:00:00.000Z"],
  ])("%s → %s", (spec, at) => {
    expect(minTimestamp(spec, now)?.toISOString()).toBe(at);
  });

  it.each(["2026-02-30", "yesterday", "-5d", "2020-01-01T00:00:00", ""])("refuses %j", (spec) => {
    expect(minTimestamp(spec, now)).toBeUndefined();
    expect(() => parseConfig({ INGEST_MIN_TIMESTAMP: spec })).toThrow(/INGEST_MIN_TIMESTAMP/);
  });

  it("defaults to 2000-01-01", () => {
    expect(parseConfig({}).INGEST_MIN_TIMESTAMP).toBe("2000-01-01");
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_AUDIT_RETENTION_DAYS, pruneCutoff, retentionDays } from "./engine";

describe("audit prune engine", () => {
  it.each([
    ["2025-06-01T03:00:00.000Z", 1, "2025-05-31T03:00:00.000Z"],
    ["2025-06-01T03:00:00.000Z", 30, "2025-05-02T03:00:00.000Z"],
    ["2025-06-01T03:00:00.000Z", 400, "2024-04-27T03:00:00.000Z"],
    // a leap day inside the window: days are 24 h, not calendar arithmetic
    ["2024-03-01T00:00:00.000Z", 1, "2024-02-29T00:00:00.000Z"],
  ])("cutoff from %s keeping %i days is %s", (asOf, days, expected) => {
    expect(pruneCutoff(new Date(asOf), days).toISOString()).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a retention of %s days", (days) => {
    expect(() => pruneCutoff(new Date(), days)).toThrow(RangeError);
  });

  it("prefers the payload, then the configuration, then 400 days", () => {
    expect(retentionDays(7, 30)).toBe(7);
    expect(retentionDays(undefined, 30)).toBe(30);
    expect(retentionDays(undefined, undefined)).toBe(DEFAULT_AUDIT_RETENTION_DAYS);
    expect(DEFAULT_AUDIT_RETENTION_DAYS).toBe(400);
  });
});

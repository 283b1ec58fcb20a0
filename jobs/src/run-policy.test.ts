import { describe, expect, it } from "vitest";
import { businessKeyOf, errorMessage, isFinalAttempt, percentOf, toPercent } from "./run-policy";

describe("run policy", () => {
  it.each([
    // attemptsMade (before this one), max attempts, unrecoverable → final?
    [0, 3, false, false],
    [1, 3, false, false],
    [2, 3, false, true],
    [0, 3, true, true],
    [0, 1, false, true],
    [0, undefined, false, true],
  ])("attemptsMade %i of %s, unrecoverable %s → final %s", (attemptsMade, maxAttempts, unrecoverable, final) => {
    expect(isFinalAttempt({ attemptsMade, maxAttempts, unrecoverable })).toBe(final);
  });

  it.each([
    [42, 42],
    [42.6, 43],
    [-1, 0],
    [250, 100],
    ["50", 0],
    [{ step: 1 }, 0],
    [Number.NaN, 0],
  ])("toPercent(%j) = %i", (value, expected) => {
    expect(toPercent(value)).toBe(expected);
  });

  it.each([
    [0, 0, 100],
    [0, 10, 0],
    [1, 3, 33],
    [2, 3, 67],
    [3, 3, 100],
  ])("percentOf(%i, %i) = %i", (done, total, expected) => {
    expect(percentOf(done, total)).toBe(expected);
  });

  it.each([
    ["17", undefined, null],
    ["audit-prune-2025-01", undefined, "audit-prune-2025-01"],
    ["repeat:abc:1700000000000", "audit-prune", "audit-prune"],
  ])("business key of %s (scheduler %s) is %s", (jobId, schedulerId, expected) => {
    expect(businessKeyOf(jobId, schedulerId)).toBe(expected);
  });

  it("keeps the driver's reason that drizzle wraps as the cause, without the query parameters", () => {
    const wrapped = new Error("Failed query: select $1\nparams: alice@example.com", { cause: new Error('relation "audit_log" does not exist') });
    expect(errorMessage(wrapped)).toBe('Failed query: select $1: relation "audit_log" does not exist');
    expect(errorMessage("plain")).toBe("plain");
  });
});

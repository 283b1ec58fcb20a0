import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { AnalyticsGate, bucketCount, checkWindow } from "./analytics-limits";
import { strictWhen } from "./metrics.schemas";

describe("strict dates", () => {
  it.each(["2026-02-28", "2024-02-29", "1900-01-01", "9999-12-31", "2026-03-02T10:00Z", "2026-03-02T23:59:59.999+08:00", "2026-03-02T00:00:00-0500"])("accepts %s", (v) => {
    expect(strictWhen(v)).toBeNull();
  });
  it.each([
    ["2026-02-30", "real calendar day"],
    ["2025-02-29", "real calendar day"],
    ["2026-13-01", "real calendar day"],
    ["2026-04-31", "real calendar day"],
    ["0000-01-01", "between 1900 and 9999"],
    ["1899-12-31", "between 1900 and 9999"],
    ["2026-03-02T24:00Z", "real time of day"],
    ["2026-03-02T10:60Z", "real time of day"],
    ["2026-03-02T10:00+15:00", "zone offset"],
    ["2026-03-02T10:00", "with a zone"],
    ["+002026-03-02", "YYYY-MM-DD"],
  ])("refuses %s (%s)", (v, why) => {
    expect(strictWhen(v)).toContain(why);
  });
});

describe("window × grain cap", () => {
  const w = (from: string, to: string, grain: "hour" | "day" | "week" | "month") => ({ from: new Date(from), to: new Date(to), grain });
  it.each([
    [w("2026-01-01T00:00Z", "2026-01-02T00:00Z", "hour"), 24],
    [w("2026-01-01T00:00Z", "2026-04-01T00:00Z", "day"), 90],
    [w("2026-01-01T00:00Z", "2026-01-15T00:00Z", "week"), 2],
    [w("2026-01-01T00:00Z", "2027-01-01T00:00Z", "month"), 14],
  ])("counts the buckets of %j as at most %i", (window, n) => {
    expect(bucketCount(window)).toBe(n);
  });

  it("refuses 1900–9999 at hour grain with a 400 naming query.from and the limit", () => {
    const error = (() => {
      try {
        checkWindow(w("1900-01-01T00:00Z", "9999-12-31T00:00Z", "hour"), "UTC", 2_000);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error!.status).toBe(400);
    expect(error!.details?.fields).toEqual([expect.objectContaining({ path: "query.from", code: "too_big", message: expect.stringContaining("at most 2000") })]);
  });

  it("passes on the metric library's own window rules as 400s", () => {
    expect(() => checkWindow(w("2026-01-01T00:00Z", "2026-03-01T00:00Z", "hour"), "UTC", 2_000)).toThrow(/hour needs a window of at most 31 days/);
    expect(() => checkWindow(w("2026-03-01T00:00Z", "2026-01-01T00:00Z", "day"), "UTC", 2_000)).toThrow(/must be after from/);
    expect(() => checkWindow(w("2026-01-01T00:00Z", "2026-03-01T00:00Z", "day"), "UTC", 2_000)).not.toThrow();
  });
});

describe("the per-user analytics gate", () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it("runs perUser at once, queues queuePerUser in order, refuses the rest with 429 and Retry-After; other users pass", async () => {
    const gate = new AnalyticsGate({ perUser: 2, queuePerUser: 1 });
    const order: string[] = [];
    const blocks = [deferred(), deferred(), deferred()];
    const a = gate.run(1, async () => (await blocks[0]!.promise, order.push("a")));
    const b = gate.run(1, async () => (await blocks[1]!.promise, order.push("b")));
    const c = gate.run(1, async () => (order.push("c-start"), await blocks[2]!.promise, order.push("c")));
    expect(gate.load(1)).toEqual({ running: 2, waiting: 1 });
    const refused = await gate.run(1, async () => "never").catch((e: AppError) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).details?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // another user is not behind user 1
    await expect(gate.run(2, async () => "other")).resolves.toBe("other");
    expect(order).toEqual([]);
    blocks[1]!.resolve();
    await b;
    // the queued request takes the freed slot
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(["b", "c-start"]);
    blocks[0]!.resolve();
    blocks[2]!.resolve();
    await Promise.all([a, c]);
    expect(gate.load(1)).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot when the work fails", async () => {
    const gate = new AnalyticsGate({ perUser: 1, queuePerUser: 0 });
    await expect(gate.run(1, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(1, async () => "ok")).resolves.toBe("ok");
  });
});

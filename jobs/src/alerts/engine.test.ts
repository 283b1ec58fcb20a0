import { describe, expect, it } from "vitest";
import { checkCondition, evaluate, GRAIN_MS, seriesRange, WEEK_MS, type PreviousState, type RuleSpec, type SeriesPoint } from "./engine";
import { mad, median, robustSpread } from "./robust";

const H = GRAIN_MS.hour;
const MIN = 60_000;
const NOON = Date.parse("2025-06-02T12:00:00Z"); // a Monday
const rule = (over: Partial<RuleSpec> = {}): RuleSpec => ({
  kind: "threshold",
  operator: "gt",
  threshold: 100,
  comparison: null,
  sensitivity: "medium",
  grain: "hour",
  forMinutes: 0,
  muted: false,
  snoozedUntil: null,
  ...over,
});
const at = (ms: number) => new Date(ms);
/** The slot 11:00–12:00 on `value`, the same slot in the previous weeks on `history` (newest first). */
function weekly(value: number, history: number[]): SeriesPoint[] {
  return [{ ts: NOON - H, value }, ...history.map((v, i) => ({ ts: NOON - H - (i + 1) * WEEK_MS, value: v }))];
}

describe("robust statistics", () => {
  it.each([
    [[3, 1, 2], 2, 1],
    [[1, 2, 3, 4], 2.5, 1],
    [[100, 104, 96, 102, 98, 101, 99, 250], 100.5, 2],
    [[10, 10, 10, 10, 10, 10, 10, 12], 10, 0],
  ])("median and MAD of %j are %d and %d", (values, m, d) => {
    expect(median(values)).toBe(m);
    expect(mad(values)).toBe(d);
  });

  it("falls back to the mean absolute deviation when MAD is 0, and to 1% of the median after that", () => {
    expect(robustSpread([10, 10, 10, 10, 10, 10, 10, 12]).spread).toBeCloseTo(1.2533 * 0.25, 10);
    expect(robustSpread([50, 50, 50, 50]).spread).toBeCloseTo(0.5, 10);
    expect(robustSpread([0, 0, 0, 0]).spread).toBe(0);
  });
});

describe("conditions", () => {
  it.each([
    // threshold on the last complete bucket (11:00–12:00 at 12:05; the 12:00 bucket is still filling)
    ["threshold gt, at the threshold", rule(), [{ ts: NOON - H, value: 100 }, { ts: NOON, value: 500 }], false, 100],
    ["threshold gte, at the threshold", rule({ operator: "gte" }), [{ ts: NOON - H, value: 100 }], true, 100],
    ["threshold lt", rule({ operator: "lt", threshold: 5 }), [{ ts: NOON - H, value: 4.99 }], true, 5],
    ["threshold abs_gt on a negative value", rule({ operator: "abs_gt", threshold: 10 }), [{ ts: NOON - H, value: -11 }], true, 10],
    // (150 − 200) / 200 = −25 %
    ["−25 % vs the previous hour, lt −20", rule({ kind: "pct_change", operator: "lt", threshold: -20, comparison: "previous_period" }), [{ ts: NOON - 2 * H, value: 200 }, { ts: NOON - H, value: 150 }], true, 200],
    ["−25 % vs the previous hour, abs_gt 30", rule({ kind: "pct_change", operator: "abs_gt", threshold: 30, comparison: "previous_period" }), [{ ts: NOON - 2 * H, value: 200 }, { ts: NOON - H, value: 150 }], false, 200],
    // (130 − 100) / 100 = +30 % vs the same hour a week ago; the previous hour is ignored
    ["+30 % vs last week, gt 25", rule({ kind: "pct_change", operator: "gt", threshold: 25, comparison: "same_period_last_week" }), [{ ts: NOON - H - WEEK_MS, value: 100 }, { ts: NOON - 2 * H, value: 1 }, { ts: NOON - H, value: 130 }], true, 100],
    ["from 0 to anything is an infinite rise", rule({ kind: "pct_change", operator: "gt", threshold: 1000, comparison: "previous_period" }), [{ ts: NOON - 2 * H, value: 0 }, { ts: NOON - H, value: 5 }], true, 0],
    // history 96…104 and an outlier 250: median 100.5, MAD 2, σ̂ 2.9652, k 3 → band 91.6044 … 109.3956
    ["anomaly: 110 is above the band", rule({ kind: "anomaly" }), weekly(110, [100, 104, 96, 102, 98, 101, 99, 250]), true, 100.5],
    ["anomaly: 109 is inside the band", rule({ kind: "anomaly" }), weekly(109, [100, 104, 96, 102, 98, 101, 99, 250]), false, 100.5],
    ["anomaly gt: 91 is low, not high", rule({ kind: "anomaly" }), weekly(91, [100, 104, 96, 102, 98, 101, 99, 250]), false, 100.5],
    ["anomaly abs_gt: 91 is below the band", rule({ kind: "anomaly", operator: "abs_gt" }), weekly(91, [100, 104, 96, 102, 98, 101, 99, 250]), true, 100.5],
    ["anomaly high sensitivity (k 2): 106.5 > 106.4304", rule({ kind: "anomaly", sensitivity: "high" }), weekly(106.5, [100, 104, 96, 102, 98, 101, 99, 250]), true, 100.5],
    ["anomaly low sensitivity (k 4): 112 < 112.3608", rule({ kind: "anomaly", sensitivity: "low" }), weekly(112, [100, 104, 96, 102, 98, 101, 99, 250]), false, 100.5],
    // MAD 0: σ̂ = 1.2533 · 0.25 = 0.313325, band 9.06 … 10.94
    ["anomaly with MAD 0: 11 is out", rule({ kind: "anomaly" }), weekly(11, [10, 10, 10, 10, 10, 10, 10, 12]), true, 10],
    ["anomaly with MAD 0: 10.9 is in", rule({ kind: "anomaly" }), weekly(10.9, [10, 10, 10, 10, 10, 10, 10, 12]), false, 10],
    ["anomaly on a flat zero history: 0 is not", rule({ kind: "anomaly" }), weekly(0, [0, 0, 0, 0]), false, 0],
  ] as const)("%s", (_name, r, series, breached, baseline) => {
    const c = checkCondition(r, series, at(NOON + 5 * MIN));
    expect(c.breached).toBe(breached);
    expect(c.baseline).toBe(baseline);
    expect(c.bucket).toEqual({ from: at(NOON - H), to: at(NOON) });
  });

  it("computes the anomaly band by hand", () => {
    const c = checkCondition(rule({ kind: "anomaly" }), weekly(110, [100, 104, 96, 102, 98, 101, 99, 250]), at(NOON));
    expect(c.band!.lower).toBeCloseTo(91.6044, 4);
    expect(c.band!.upper).toBeCloseTo(109.3956, 4);
  });

  it.each([
    ["an empty series", rule(), [], "no complete bucket in the series"],
    ["only a partial bucket", rule(), [{ ts: NOON, value: 1e9 }], "no complete bucket in the series"],
    ["no previous value", rule({ kind: "pct_change", comparison: "previous_period" }), [{ ts: NOON - H, value: 1 }], "no value to compare with"],
    ["three weeks of history", rule({ kind: "anomaly" }), weekly(1e9, [1, 1, 1]), "needs 4 weeks of history, has 3"],
  ] as const)("does not breach on %s", (_name, r, series, reason) => {
    const c = checkCondition(r, series, at(NOON + 5 * MIN));
    expect(c).toMatchObject({ breached: false, noData: reason });
  });

  it("asks for enough history", () => {
    expect(seriesRange(rule({ kind: "anomaly" }), at(NOON)).from).toEqual(at(NOON - 8 * WEEK_MS - 3 * H));
    expect(seriesRange(rule({ kind: "pct_change", comparison: "same_period_last_week" }), at(NOON)).from).toEqual(at(NOON - WEEK_MS - 3 * H));
    expect(seriesRange(rule({ grain: "day" }), at(NOON)).from).toEqual(at(NOON - 4 * GRAIN_MS.day));
  });
});

describe("state machine", () => {
  const breach = [{ ts: NOON - H, value: 150 }];
  const clear = [{ ts: NOON - H, value: 50 }];
  const now = at(NOON + 10 * MIN);
  const prev = (state: PreviousState["state"], minutesAgo: number): PreviousState => ({ state, since: at(NOON + 10 * MIN - minutesAgo * MIN) });

  it.each([
    ["new rule, breached, for 0", null, breach, 0, "firing", "firing", true],
    ["ok, breached, for 5", prev("ok", 60), breach, 5, "pending", null, false],
    ["pending 4 min, for 5", prev("pending", 4), breach, 5, "pending", null, false],
    ["pending 5 min, for 5", prev("pending", 5), breach, 5, "firing", "firing", true],
    ["pending, cleared", prev("pending", 4), clear, 5, "ok", null, false],
    ["firing, still breached", prev("firing", 30), breach, 5, "firing", null, false],
    ["firing, cleared", prev("firing", 30), clear, 5, "resolved", "resolved", true],
    ["resolved, still clear", prev("resolved", 30), clear, 5, "resolved", null, false],
    ["resolved, breached, for 0", prev("resolved", 30), breach, 0, "firing", "firing", true],
    ["ok, clear", prev("ok", 30), clear, 0, "ok", null, false],
    ["new rule, clear", null, clear, 0, "ok", null, false],
    ["new rule, no complete bucket yet", null, [], 0, "unevaluated", null, false],
    ["unevaluated (the last run failed), clear", prev("unevaluated", 1), clear, 5, "ok", null, false],
    ["unevaluated, breached, for 5", prev("unevaluated", 1), breach, 5, "pending", null, false],
  ] as const)("%s → %s", (_name, previous, series, forMinutes, state, event, notify) => {
    const e = evaluate(rule({ forMinutes }), series, previous, now);
    expect({ state: e.state, event: e.event, notify: e.notify }).toEqual({ state, event, notify });
    expect(e.changed).toBe(state !== (previous?.state ?? "unevaluated"));
    expect(e.since).toEqual(e.changed || !previous ? now : previous.since);
  });

  it.each([
    ["muted", { muted: true }, "muted"],
    ["snoozed until later", { snoozedUntil: at(NOON + H) }, "snoozed"],
    ["snoozed until earlier", { snoozedUntil: at(NOON) }, null],
  ] as const)("records the event but does not notify when %s", (_name, over, by) => {
    const e = evaluate(rule(over), breach, null, now);
    expect(e).toMatchObject({ state: "firing", event: "firing", notify: by === null, suppressedBy: by });
  });
});

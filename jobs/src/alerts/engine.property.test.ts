import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, GRAIN_MS, HISTORY_WEEKS, type Evaluation, type PreviousState, type RuleSpec, type SeriesPoint } from "./engine";
import { median, robustSpread } from "./robust";

const MIN = GRAIN_MS.minute;
const H = GRAIN_MS.hour;
const START = Date.parse("2025-03-03T00:00:00Z"); // a Monday

const base: RuleSpec = { kind: "threshold", operator: "gt", threshold: 100, comparison: null, sensitivity: "medium", grain: "minute", forMinutes: 0, muted: false, snoozedUntil: null };

/** Evaluates once a minute from `from` to `to`, each time with the series as it stood then. */
function run(rule: RuleSpec, series: readonly SeriesPoint[], from: number, to: number): Evaluation[] {
  const out: Evaluation[] = [];
  let prev: PreviousState | null = null;
  for (let now = from; now <= to; now += MIN) {
    const seen = series.filter((p) => p.ts < now);
    const e = evaluate(rule, seen, prev, new Date(now));
    out.push(e);
    prev = { state: e.state, since: e.since };
  }
  return out;
}

describe("alert engine properties", () => {
  it("a series flapping every minute never fires when `for` is at least 2 minutes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0.001, max: 1e4, noNaN: true }),
        fc.boolean(),
        fc.constantFrom("gt", "gte", "lt", "lte") as fc.Arbitrary<RuleSpec["operator"]>,
        (forMinutes, threshold, gap, breachFirst, operator) => {
          const up = operator === "gt" || operator === "gte";
          const breachValue = up ? threshold + gap : threshold - gap;
          const clearValue = up ? threshold - gap : threshold + gap;
          const series = Array.from({ length: 180 }, (_, i) => ({ ts: START + i * MIN, value: (i % 2 === 0) === breachFirst ? breachValue : clearValue }));
          const states = run({ ...base, operator, threshold, forMinutes }, series, START + MIN, START + 180 * MIN);
          expect(states.some((s) => s.breached)).toBe(true);
          expect(states.every((s) => s.state !== "firing" && s.event === null)).toBe(true);
        },
      ),
    );
  });

  it("fires only after the condition held at every evaluation for `for` minutes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 120 }), (forMinutes, pattern) => {
        const series = pattern.map((b, i) => ({ ts: START + i * MIN, value: b ? 150 : 50 }));
        const states = run({ ...base, forMinutes }, series, START + MIN, START + pattern.length * MIN);
        states.forEach((s, i) => {
          if (s.event !== "firing") return;
          // the evaluations of the last `forMinutes` minutes all saw a breach
          for (let j = Math.max(0, i - forMinutes); j <= i; j++) expect(states[j]!.breached).toBe(true);
          expect(i).toBeGreaterThanOrEqual(forMinutes);
        });
      }),
    );
  });

  it("a constant series never fires an anomaly or a % change alert", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.constantFrom("low", "medium", "high") as fc.Arbitrary<RuleSpec["sensitivity"]>,
        fc.constantFrom("gt", "lt", "abs_gt") as fc.Arbitrary<RuleSpec["operator"]>,
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        (value, sensitivity, operator, pct) => {
          const series = Array.from({ length: (HISTORY_WEEKS * 7 + 1) * 24 }, (_, i) => ({ ts: START + i * H, value }));
          const end = START + series.length * H;
          for (const rule of [
            { ...base, kind: "anomaly", grain: "hour", sensitivity, operator },
            { ...base, kind: "pct_change", grain: "hour", operator: "abs_gt", threshold: pct, comparison: "previous_period" },
            { ...base, kind: "pct_change", grain: "hour", operator: "abs_gt", threshold: pct, comparison: "same_period_last_week" },
          ] as RuleSpec[]) {
            const states = run(rule, series, end - 5 * MIN, end + 5 * MIN);
            expect(states.every((s) => s.state === "ok" && !s.breached)).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a spike of 5 robust standard deviations in weekly-seasonal data fires (medium sensitivity)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 1e6, noNaN: true }),
        fc.double({ min: 0.1, max: 0.8, noNaN: true }),
        fc.double({ min: 0.02, max: 0.15, noNaN: true }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
        fc.integer({ min: 0, max: 167 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 45 }),
        (level, amplitude, noise, jitter, slot, upward, forMinutes) => {
          // 9 weeks of hours: a weekly cycle (hour of the week) plus noise
          const hours = (HISTORY_WEEKS + 1) * 168;
          const series = Array.from({ length: hours }, (_, i) => {
            const season = level * (1 + amplitude * Math.sin((2 * Math.PI * (i % 168)) / 168));
            return { ts: START + i * H, value: season * (1 + noise * jitter[i % jitter.length]!) };
          });
          const spikeAt = HISTORY_WEEKS * 168 + slot;
          const history = Array.from({ length: HISTORY_WEEKS }, (_, w) => series[spikeAt - (w + 1) * 168]!.value);
          const { center, spread } = robustSpread(history);
          expect(center).toBe(median(history));
          series[spikeAt]!.value = center + (upward ? 5 : -5) * spread;
          const rule: RuleSpec = { ...base, kind: "anomaly", grain: "hour", operator: "abs_gt", forMinutes };
          const bucketEnd = series[spikeAt]!.ts + H;
          const states = run(rule, series.slice(0, spikeAt + 1), bucketEnd, bucketEnd + 50 * MIN);
          expect(states[0]!.breached).toBe(true);
          expect(states.at(-1)!.state).toBe("firing");
          expect(states.filter((s) => s.event === "firing")).toHaveLength(1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is silent when muted, whatever happens, but keeps state", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), (pattern) => {
        const series = pattern.map((b, i) => ({ ts: START + i * MIN, value: b ? 150 : 50 }));
        const loud = run(base, series, START + MIN, START + pattern.length * MIN);
        const muted = run({ ...base, muted: true }, series, START + MIN, START + pattern.length * MIN);
        expect(muted.map((s) => s.state)).toEqual(loud.map((s) => s.state));
        expect(muted.every((s) => !s.notify)).toBe(true);
      }),
    );
  });
});

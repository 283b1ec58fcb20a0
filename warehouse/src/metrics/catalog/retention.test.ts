import { describe, expect, it } from "vitest";
import { expectSeries, run, type SeriesCase } from "../test-support/expect.js";
import { MODES, useTestLake } from "../test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "../test-support/world.js";

/*
 * Active days as in users.test.ts. Signup days: lea Jan 20, gus Jan 26, fay Jan 31, ann Feb 10,
 * bob Feb 24, cat Mar 2, dan Mar 3. Window Mar 2–8 (previous Feb 23 – Mar 1), now Mar 10.
 */
const CASES: SeriesCase[] = [
  // day 1 falls on: bob Feb 25 (back: login) · cat Mar 3 (back: page view) · dan Mar 4 (not back)
  // window: cat 1/1 + dan 0/1 → 1/2; previous: bob 1/1 → change (0.5 − 1)/1
  { metric: "retention_d1", value: 0.5, previous: 1, change: -0.5, points: [null, 1, 0, null, null, null, null] },
  // day 7: bob Mar 3 (back: login) in the window; nobody's day 7 is in the previous window
  { metric: "retention_d7", value: 1, previous: null, change: null, points: [null, 1, null, null, null, null, null] },
  // day 30: fay Mar 2 (not back) in the window; gus Feb 25 (not back) before → 0 and 0: a change of 0 points
  { metric: "retention_d30", value: 0, previous: 0, change: 0, points: [0, null, null, null, null, null, null] },
  // churn = 30 days without activity. At risk in the window: active Jan 31 – Feb 6 → fay (Jan 31, Feb 1), eve (Feb 5) = 2;
  // churned Mar 2–8: fay (Feb 1 + 30 = Mar 3); eve came back Feb 26 → 1/2.
  // previous: at risk Jan 24–30 → gus (Jan 26); he churned Feb 25 → 1/1; change (0.5 − 1)/1
  // days: Mar 2 at risk fay (Jan 31), not churned that day → 0; Mar 3 fay (Feb 1) churned → 1; Mar 7 eve (Feb 5), back → 0;
  // nobody was active 30 days before Mar 4, 5, 6, 8 → empty
  { metric: "churn_rate", value: 0.5, previous: 1, change: -0.5, points: [0, 1, null, null, null, 0, null] },
  // US is bob alone: his day 1 (Feb 25, back) is in the previous window; nobody US has a day 1 in this one
  { metric: "retention_d1", query: { filters: { country: ["US"] } }, value: null, previous: 1, change: null, points: [null, null, null, null, null, null, null] },
];

describe.each(MODES)("retention (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it.each(CASES)("$metric $query", async (c) => {
    await expectSeries(env(mode), c);
  });

  it("cohort_retention_weekly: weekly signup cohorts × weeks since signup", async () => {
    // window Jan 26 – Mar 8, six ISO weeks (Jan 26, Feb 2, Feb 9, Feb 16, Feb 23, Mar 2)
    // Jan 26 cohort gus + fay: week 0 both active (Jan 26; Jan 31), never again → [2/2, 0, 0, 0, 0, 0]
    // Feb 9 cohort ann: Feb 10 ✓, Feb 16–22 ✗, Feb 25/26 ✓, Mar 2 ✓ → [1, 0, 1, 1]
    // Feb 23 cohort bob: Feb 24 ✓, Mar 3 ✓ → [1, 1]; Mar 2 cohort cat + dan: both signed up → [1]
    const result = await run(env(mode), "cohort_retention_weekly", { from: new Date("2026-01-26T00:00:00Z") });
    expect(result).toMatchObject({
      kind: "cohort",
      unit: "percent",
      cohorts: [
        { cohort: "2026-01-26", size: 2, values: [1, 0, 0, 0, 0, 0] },
        { cohort: "2026-02-09", size: 1, values: [1, 0, 1, 1] },
        { cohort: "2026-02-23", size: 1, values: [1, 1] },
        { cohort: "2026-03-02", size: 2, values: [1] },
      ],
    });
  });

  it("cohort_retention_weekly filtered to CN: ann (Feb 9) and cat (Mar 2) only", async () => {
    const result = await run(env(mode), "cohort_retention_weekly", { from: new Date("2026-01-26T00:00:00Z"), filters: { country: ["CN"] } });
    expect(result).toMatchObject({ cohorts: [{ cohort: "2026-02-09", size: 1, values: [1, 0, 1, 1] }, { cohort: "2026-03-02", size: 1, values: [1] }] });
  });
});

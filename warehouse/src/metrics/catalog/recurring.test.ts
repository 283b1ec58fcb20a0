import { describe, expect, it } from "vitest";
import { expectSeries, run, type SeriesCase } from "../test-support/expect.js";
import { MODES, useTestLake } from "../test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "../test-support/world.js";

/*
 * Subscriptions in force (start/renewal covers 30 days + 3 for monthly, 365 + 3 for yearly, until the next subscription event):
 *   eve basic 10/month: Feb 5 → renewed Mar 5 (in force throughout) · ann pro 30/month from Feb 26 (to Mar 31)
 *   bob basic 120/year from Mar 3 → 120/12 = 10/month
 * MRR on Mar 8: 10 + 30 + 10 = 50; on Mar 1: 10 + 30 = 40; Mar 2: 40, from Mar 3: 50.
 */
const CASES: SeriesCase[] = [
  { metric: "mrr", value: 50, previous: 40, change: 0.25, points: [40, 50, 50, 50, 50, 50, 50] },
  // ARR = 12 × MRR
  { metric: "arr", value: 600, previous: 480, change: 0.25, points: [480, 600, 600, 600, 600, 600, 600] },
  // by tier (the plan in force on Mar 8): basic eve + bob, pro ann
  { metric: "mrr", query: { groupBy: "tier" }, value: 50, previous: 40, change: 0.25, points: { pro: [30, 30, 30, 30, 30, 30, 30], basic: [10, 20, 20, 20, 20, 20, 20] } },
  // week grain: MRR on the week's last day
  { metric: "mrr", query: { grain: "week" }, value: 50, previous: 40, change: 0.25, points: [50] },
];

describe.each(MODES)("recurring revenue (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it.each(CASES)("$metric $query", async (c) => {
    await expectSeries(env(mode), c);
  });

  it("ltv_by_cohort: cumulative net revenue per user by signup month", async () => {
    // window Feb 1 – Mar 8. February cohort ann + bob (2 users):
    //   February: ann AI 19 + pro 30 = 49 → 49/2 = 24.5
    //   March: ann fee 0.2; bob plan 120 + fees 0.05 + 0.08 − refund 20 = 100.13 → (49 + 100.33)/2 = 74.665
    // March cohort cat + dan (2 users): cat ad 0.5 + virtual 2; dan data 1 − chargeback 1 → 2.5/2 = 1.25
    const result = await run(env(mode), "ltv_by_cohort", { from: new Date("2026-02-01T00:00:00Z") });
    expect(result).toMatchObject({
      kind: "cohort",
      unit: "currency",
      currency: "USD",
      cohorts: [
        { cohort: "2026-02-01", size: 2, values: [24.5, 74.665] },
        { cohort: "2026-03-01", size: 2, values: [1.25] },
      ],
    });
  });
});

import { describe, expect, it } from "vitest";
import { expectSeries, run, type SeriesCase } from "../test-support/expect.js";
import { MODES, useTestLake } from "../test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "../test-support/world.js";

/* NPS answers: lea 6 (Feb 23); cat 10 (Mar 4), ann 9 (Mar 5), bob 5 (Mar 6). */
const CASES: SeriesCase[] = [
  // window: promoters cat, ann (2), detractor bob (1) of 3 → 100 × (2 − 1)/3; previous: lea detractor → −100
  // change in points: 33.33 − (−100) = 133.33
  { metric: "nps", value: 100 / 3, previous: -100, change: 100 / 3 + 100, points: [null, null, 100, 100, -100, null, null] },
  // CN = cat and ann → 100; lea (CN) in the previous window → −100: +200 points
  { metric: "nps", query: { filters: { country: ["CN"] } }, value: 100, previous: -100, change: 200, points: [null, null, 100, 100, null, null, null] },
];

describe.each(MODES)("engagement (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it.each(CASES)("$metric $query", async (c) => {
    await expectSeries(env(mode), c);
  });

  it("activation_funnel: ordered steps of the window's signups", async () => {
    // window Feb 23 – Mar 8: signups bob, cat, dan = 3
    // bob: KYC Feb 25 → deposit Mar 3 → trade Mar 3 → copy Mar 3 → subscription Mar 3 (same-day steps count)
    // cat deposited (Mar 4) without KYC: stops at signup; dan did nothing
    const result = await run(env(mode), "activation_funnel", { from: new Date("2026-02-23T00:00:00Z") });
    expect(result).toMatchObject({
      kind: "funnel",
      steps: [
        { key: "signup", value: 3, rate: 1 },
        { key: "kyc", value: 1, rate: 0.33333333 },
        { key: "deposit", value: 1, rate: 0.33333333 },
        { key: "trade", value: 1, rate: 0.33333333 },
        { key: "copy", value: 1, rate: 0.33333333 },
        { key: "subscription", value: 1, rate: 0.33333333 },
      ],
    });
  });

  it("activation_funnel from Feb 10: ann started copying before her first trade, so the order stops her at trade", async () => {
    // signups ann, bob, cat, dan = 4; ann: KYC Feb 11, deposit Feb 25, trade Mar 4, but her only copy_start (Feb 25) is before Mar 4
    // → signup 4, KYC ann bob 2, deposit 2, trade 2, copy bob 1, subscription bob 1
    const result = await run(env(mode), "activation_funnel", { from: new Date("2026-02-10T00:00:00Z") });
    expect((result as { steps: { value: number }[] }).steps.map((s) => s.value)).toEqual([4, 2, 2, 2, 1, 1]);
  });
});

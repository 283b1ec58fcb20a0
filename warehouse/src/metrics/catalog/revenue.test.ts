import { describe, it } from "vitest";
import { expectSeries, type SeriesCase } from "../test-support/expect.js";
import { MODES, useTestLake } from "../test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "../test-support/world.js";

/*
 * Revenue events of the world (USD), window Mar 2–8, previous Feb 23 – Mar 1:
 *   previous: ann AI 19 (Feb 25), ann pro plan 30 (Feb 26)
 *   Mar 3: bob yearly plan 120, bob trade fee 0.05, cat ad 0.5 · Mar 4: ann fee 0.2, cat virtual item 2
 *   Mar 5: lea fee 0.08, bob (copied) fee 0.08, eve renewal 10, dan data API 1 · Mar 6: bob refund −20 · Mar 7: dan chargeback −1
 * Net per day: Mar 2 0 · Mar 3 120.55 · Mar 4 2.2 · Mar 5 11.16 · Mar 6 −20 · Mar 7 −1 · Mar 8 0 → 112.91; previous 49.
 * Purchases (paying): bob Mar 3 · cat Mar 4 · eve, dan Mar 5 (window, 4 users); ann Feb 25, 26 (previous, 1).
 */
const CASES: SeriesCase[] = [
  // (112.91 − 49) / 49
  { metric: "revenue_total", value: 112.91, previous: 49, change: 63.91 / 49, points: [0, 120.55, 2.2, 11.16, -20, -1, 0] },
  // bob 120 + eve 10 = 130; previous ann 30 → change 100/30
  { metric: "revenue_subscriptions", value: 130, previous: 30, change: 100 / 30, points: [0, 120, 0, 10, 0, 0, 0] },
  // 0.05 + 0.2 + 0.08 + 0.08 (the copied trade's fee counts too)
  { metric: "revenue_trading_fees", value: 0.41, previous: 0, change: null, points: [0, 0.05, 0.2, 0.16, 0, 0, 0] },
  { metric: "revenue_advertising", value: 0.5, previous: 0, change: null, points: [0, 0.5, 0, 0, 0, 0, 0] },
  // only ann's 19 in the previous window → (0 − 19)/19
  { metric: "revenue_ai_services", value: 0, previous: 19, change: -1, points: [0, 0, 0, 0, 0, 0, 0] },
  { metric: "revenue_data_services", value: 1, previous: 0, change: null, points: [0, 0, 0, 1, 0, 0, 0] },
  { metric: "revenue_virtual_goods", value: 2, previous: 0, change: null, points: [0, 0, 2, 0, 0, 0, 0] },
  { metric: "refunds", value: 20, previous: 0, change: null, points: [0, 0, 0, 0, 20, 0, 0] },
  { metric: "chargebacks", value: 1, previous: 0, change: null, points: [0, 0, 0, 0, 0, 1, 0] },
  // 4 payers vs 1 → change 3; Mar 5: eve and dan
  { metric: "paying_users", value: 4, previous: 1, change: 3, points: [0, 1, 1, 2, 0, 0, 0] },
  // first purchases: eve Feb 5, ann Feb 25, bob Mar 3, cat Mar 4, dan Mar 5
  // window: active ann lea cat bob dan; ann had paid before → 4 free; cat, bob, dan converted → 3/4
  // previous: active lea bob ann eve; eve had paid → 3 free; ann converted → 1/3; change (0.75 − 1/3)/(1/3)
  // days: Mar 2 free lea cat, none converts → 0; Mar 3 free cat bob dan, bob converts → 1/3; Mar 4 free cat, converts → 1;
  // Mar 5 only ann (paid before) and Mar 6 only bob (paid Mar 3) → nobody free → empty
  // change in percentage points: 75 % − 33.3 % = 41.7 points
  { metric: "conversion_to_paid", value: 0.75, previous: 1 / 3, change: 0.75 - 1 / 3, points: [0, 1 / 3, 1, null, null, null, null] },
  // net ÷ active users: 112.91/5; previous 49/4 = 12.25; days: 0/3, 120.55/3, 2.2/2, 11.16/1, −20/1, Mar 7 nobody active
  { metric: "arpu", value: 112.91 / 5, previous: 12.25, change: (112.91 / 5 - 12.25) / 12.25, points: [0, 120.55 / 3, 1.1, 11.16, -20, null, null] },
  // purchase revenue ÷ payers: (120 + 2 + 10 + 1)/4 = 33.25; previous (19 + 30)/1; days: 120/1, 2/1, 11/2
  { metric: "arppu", value: 33.25, previous: 49, change: (33.25 - 49) / 49, points: [null, 120, 2, 5.5, null, null, null] },
  // tier = plan in force on the window's last day (Mar 8): ann pro (Feb 26 + 33 days), bob and eve basic, others free
  // pro = ann: window fee 0.2; previous 19 + 30 = 49
  { metric: "revenue_total", query: { filters: { tier: ["pro"] } }, value: 0.2, previous: 49, change: (0.2 - 49) / 49, points: [0, 0, 0.2, 0, 0, 0, 0] },
  // by tier: basic = bob (120.05, 0.08, −20) + eve (10); free = cat (0.5, 2), lea (0.08), dan (1, −1); pro = ann (0.2)
  {
    metric: "revenue_total",
    query: { groupBy: "tier" },
    value: 112.91,
    previous: 49,
    change: 63.91 / 49,
    points: { basic: [0, 120.05, 0, 10.08, -20, 0, 0], free: [0, 0.5, 2, 1.08, 0, -1, 0], pro: [0, 0, 0.2, 0, 0, 0, 0] },
  },
  // a signup dimension from the day × type rollup: DE is dan → data 1, chargeback −1
  { metric: "revenue_total", query: { filters: { country: ["DE"] } }, value: 0, previous: 0, change: null, points: [0, 0, 0, 1, 0, -1, 0] },
];

describe.each(MODES)("revenue (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it.each(CASES)("$metric $query", async (c) => {
    await expectSeries(env(mode), c);
  });
});

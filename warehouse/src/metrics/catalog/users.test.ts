import { describe, expect, it } from "vitest";
import { expectSeries, WEEK_DAYS, type SeriesCase } from "../test-support/expect.js";
import { MODES, useTestLake } from "../test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "../test-support/world.js";

/*
 * Active days (user actions only; see ACTIVE_TYPES) in the world, which every count below uses:
 *   lea Jan 20, Feb 23, Mar 2 · gus Jan 26 · fay Jan 31, Feb 1 · eve Feb 5, Feb 26 (the Mar 5 renewal is not activity)
 *   ann Feb 10, 25, 26, Mar 2, 4, 5 (KYC Feb 11 and the trade are not) · bob Feb 24, 25, Mar 3, 6
 *   cat Mar 2, 3, 4 (ad revenue is not) · dan Mar 3 (data-API use and chargeback are not)
 * Window Mar 2–8, previous Feb 23 – Mar 1. Active per day:
 *   Mar 2 ann lea cat = 3 · Mar 3 cat bob dan = 3 · Mar 4 ann cat = 2 · Mar 5 ann = 1 · Mar 6 bob = 1 · Mar 7, 8 = 0
 *   Feb 23 lea = 1 · Feb 24 bob = 1 · Feb 25 bob ann = 2 · Feb 26 eve ann = 2 · Feb 27 – Mar 1 = 0
 */
const CASES: SeriesCase[] = [
  // signups: lea Jan 20, gus Jan 26, fay Jan 31, ann Feb 10, bob Feb 24, cat Mar 2, dan Mar 3 (eve has none)
  // on Mar 8: 7; on Mar 1: 5 → change 2/5
  { metric: "registered_users", value: 7, previous: 5, change: 0.4, points: [6, 7, 7, 7, 7, 7, 7] },
  // window: cat, dan = 2; previous: bob = 1 → change 1
  { metric: "new_users", value: 2, previous: 1, change: 1, points: [1, 1, 0, 0, 0, 0, 0] },
  // (3+3+2+1+1+0+0)/7 = 10/7; previous (1+1+2+2+0+0+0)/7 = 6/7; change (10−6)/6
  { metric: "daily_active_users", value: 10 / 7, previous: 6 / 7, change: 4 / 6, points: [3, 3, 2, 1, 1, 0, 0] },
  // Mar 2–8: ann lea cat bob dan = 5; Feb 23 – Mar 1: lea bob ann eve = 4
  // points, 7 days ending: Mar 2 (Feb 24–) bob ann eve lea cat = 5; Mar 3 (Feb 25–) + dan = 6; Mar 4 (Feb 26–) eve still in = 6; Mar 5.. eve out = 5
  { metric: "weekly_active_users", value: 5, previous: 4, change: 0.25, points: [5, 6, 6, 5, 5, 5, 5] },
  // 30 days ending Mar 8 (Feb 7–): lea ann bob eve cat dan = 6; ending Mar 1 (Jan 31–): fay eve ann lea bob = 5
  // points: Mar 2 (Feb 1–) fay eve ann lea bob cat = 6; Mar 3 (Feb 2–) fay out, dan in = 6; then 6 (eve's Feb 26 keeps her in)
  { metric: "monthly_active_users", value: 6, previous: 5, change: 0.2, points: [6, 6, 6, 6, 6, 6, 6] },
  // DAU ÷ MAU: (10/7)/6 = 10/42; previous (6/7)/5 = 6/35; change in points 10/42 − 6/35 = (50 − 36)/210 = 1/15
  { metric: "stickiness_dau_mau", value: 10 / 42, previous: 6 / 35, change: 1 / 15, points: [3 / 6, 3 / 6, 2 / 6, 1 / 6, 1 / 6, 0, 0] },
  // partner p7 is bob alone: active Mar 3 and Mar 6 → 2/7; previous Feb 24, 25 → 2/7
  { metric: "daily_active_users", query: { filters: { partner: ["p7"] } }, value: 2 / 7, previous: 2 / 7, change: 0, points: [0, 1, 0, 0, 1, 0, 0] },
  // by signup country: CN cat on Mar 2, DE dan on Mar 3
  { metric: "new_users", query: { groupBy: "country" }, value: 2, previous: 1, change: 1, points: { CN: [1, 0, 0, 0, 0, 0, 0], DE: [0, 1, 0, 0, 0, 0, 0] } },
  // MAU by country: CN ann lea cat = 3 every day; eve (no signup) "(none)" = 1 (Feb 26); US bob = 1;
  // DE dan from Mar 3; GB fay (Feb 1) until Mar 2. Groups by size: CN 21, (none) 7, US 7, DE 6, GB 1
  {
    metric: "monthly_active_users",
    query: { groupBy: "country" },
    value: 6,
    previous: 5,
    change: 0.2,
    points: { CN: [3, 3, 3, 3, 3, 3, 3], "(none)": [1, 1, 1, 1, 1, 1, 1], US: [1, 1, 1, 1, 1, 1, 1], DE: [0, 1, 1, 1, 1, 1, 1], GB: [1, 0, 0, 0, 0, 0, 0] },
  },
  // week grain: Mar 2–8 is one ISO week; the average day is 10/7, and WAU at its end 5
  { metric: "daily_active_users", query: { grain: "week" }, value: 10 / 7, previous: 6 / 7, change: 4 / 6, points: [10 / 7] },
  { metric: "weekly_active_users", query: { grain: "week" }, value: 5, previous: 4, change: 0.25, points: [5] },
];

describe.each(MODES)("users and activity (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it.each(CASES)("$metric $query", async (c) => {
    const result = await expectSeries(env(mode), c);
    expect(result.series[0]!.points.map((p) => p.t)).toEqual(c.query?.grain === "week" ? ["2026-03-02"] : WEEK_DAYS);
  });
});

import { describe, it } from "vitest";
import { expectSeries, type SeriesCase } from "../test-support/expect.js";
import { MODES, useTestLake } from "../test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "../test-support/world.js";

/* Deposits: ann 500 Feb 25 (previous); bob 200 Mar 3, cat 10 Mar 4. Withdrawals: bob 50 Mar 6. */
const CASES: SeriesCase[] = [
  // 200 + 10 = 210 vs 500 → (210 − 500)/500
  { metric: "deposits", value: 210, previous: 500, change: -0.58, points: [0, 200, 10, 0, 0, 0, 0] },
  { metric: "withdrawals", value: 50, previous: 0, change: null, points: [0, 0, 0, 0, 50, 0, 0] },
  // 210 − 50 = 160 vs 500 → (160 − 500)/500
  { metric: "net_deposits", value: 160, previous: 500, change: -0.68, points: [0, 200, 10, 0, -50, 0, 0] },
  // by device: bob android, cat web
  { metric: "deposits", query: { groupBy: "device" }, value: 210, previous: 500, change: -0.58, points: { android: [0, 200, 0, 0, 0, 0, 0], web: [0, 0, 10, 0, 0, 0, 0] } },
  // partner p7 = bob (user-day path): 200 − 50
  { metric: "net_deposits", query: { filters: { partner: ["p7"] } }, value: 150, previous: 0, change: null, points: [0, 200, 0, 0, -50, 0, 0] },
];

describe.each(MODES)("money movement (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it.each(CASES)("$metric $query", async (c) => {
    await expectSeries(env(mode), c);
  });
});

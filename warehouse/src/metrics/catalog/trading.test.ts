import { describe, expect, it } from "vitest";
import { expectSeries, run, type SeriesCase } from "../test-support/expect.js";
import { MODES, useTestLake } from "../test-support/lake.js";
import { NOW, WORLD, WORLD_USERS } from "../test-support/world.js";

/*
 * Trades (qty × price): bob Mar 3 0.5 × 100 = 50 · ann Mar 4 2 × 100 = 200 · lea Mar 5 1 × 80 = 80 ·
 * bob Mar 5 1 × 80 = 80, copied from lea. None before Mar 2.
 * Copy relations: ann → max from Feb 25, stopped Mar 4; bob → lea from Mar 3, open.
 */
const CASES: SeriesCase[] = [
  { metric: "trades", value: 4, previous: 0, change: null, points: [0, 1, 1, 2, 0, 0, 0] },
  // 50 + 200 + 80 + 80
  { metric: "trading_volume", value: 410, previous: 0, change: null, points: [0, 50, 200, 160, 0, 0, 0] },
  // bob, ann, lea
  { metric: "active_traders", value: 3, previous: 0, change: null, points: [0, 1, 1, 2, 0, 0, 0] },
  // bob's copied trade on Mar 5
  { metric: "active_copiers", value: 1, previous: 0, change: null, points: [0, 0, 0, 1, 0, 0, 0] },
  { metric: "copied_volume", value: 80, previous: 0, change: null, points: [0, 0, 0, 80, 0, 0, 0] },
  // open on each day: Mar 1 max (ann) = 1; Mar 2 max = 1; Mar 3 max + lea = 2; Mar 4 ann stopped → lea = 1; then lea
  { metric: "leaders_with_followers", value: 1, previous: 1, change: 0, points: [1, 2, 1, 1, 1, 1, 1] },
  // filters apply to the leader: lea signed up in CN, max has no signup ("(none)")
  { metric: "leaders_with_followers", query: { filters: { country: ["CN"] } }, value: 1, previous: 0, change: null, points: [0, 1, 1, 1, 1, 1, 1] },
  // US traders = bob: 50 on Mar 3 and 80 on Mar 5
  { metric: "trading_volume", query: { filters: { country: ["US"] } }, value: 130, previous: 0, change: null, points: [0, 50, 0, 80, 0, 0, 0] },
];

describe.each(MODES)("trading (%s)", (mode) => {
  const env = useTestLake(WORLD, { users: WORLD_USERS, now: NOW });

  it.each(CASES)("$metric $query", async (c) => {
    await expectSeries(env(mode), c);
  });

  it("top_leaders: followers on the last day, copied volume and trades in the window", async () => {
    // lea: bob follows on Mar 8, copied 1 trade of 80; max: no follower left and nothing copied → not listed
    const result = await run(env(mode), "top_leaders");
    expect(result).toMatchObject({ kind: "table", rows: [{ leader: "lea", followers: 1, copied_volume: 80, copied_trades: 1 }] });
    expect((result as { columns: { key: string }[] }).columns.map((c) => c.key)).toEqual(["leader", "followers", "copied_volume", "copied_trades"]);
  });

  it("top_leaders over Feb 23 – Mar 8 with a limit of 1", async () => {
    // lea ranks first (80 copied); max had ann until Mar 4 but no follower on Mar 8 and nothing copied
    const result = await run(env(mode), "top_leaders", { from: new Date("2026-02-23T00:00:00Z"), limit: 1 });
    expect(result).toMatchObject({ rows: [{ leader: "lea", followers: 1, copied_volume: 80, copied_trades: 1 }] });
  });
});

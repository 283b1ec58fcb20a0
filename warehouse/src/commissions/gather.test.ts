import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTestLake } from "../metrics/test-support/lake.js";
import { QueryPool } from "../query.js";
import { commissionEvents } from "./gather.js";

describe("commission events of a period, from the lake", () => {
  let dir = "";
  let pool: QueryPool | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ist-commissions-"));
    await writeTestLake(dir, [
      { user: "u1", type: "signup", ts: "2026-09-30T10:00:00.000Z", props: { referral_code: "ABC1", country: "SG" } },
      { user: "u2", type: "signup", ts: "2026-01-31T00:00:00.000Z", props: { referral_code: "KOL2" } },
      { user: "u9", type: "signup", ts: "2026-01-01T00:00:00.000Z", props: { country: "DE" } }, // nobody's
      { user: "u7", type: "signup", ts: "2026-11-02T00:00:00.000Z", props: { referral_code: "ABC1" } }, // after the period
      { user: "u1", type: "trade", ts: "2026-10-03T08:00:00.000Z", amount: "0.10", props: { symbol: "BTC" } },
      { user: "u1", type: "subscription_renew", ts: "2026-10-30T09:59:59.123456Z", amount: "9.99" },
      { user: "u1", type: "trade", ts: "2026-11-01T00:00:00.000Z", amount: "5" }, // next period
      { user: "u1", type: "trade", ts: "2026-10-04T00:00:00.000Z", amount: "7", currency: "EUR" }, // another currency
      { user: "u2", type: "ad_revenue", ts: "2026-09-10T00:00:00.000Z", amount: "20.00" }, // reversed in October
      { user: "u2", type: "virtual_item_purchase", ts: "2026-09-11T00:00:00.000Z", amount: "3.00" }, // last period, not reversed
      { user: "u9", type: "trade", ts: "2026-10-10T00:00:00.000Z", amount: "500" },
      { user: "u1", type: "deposit", ts: "2026-10-01T00:00:00.000Z", amount: "100.00" },
      { user: "u1", type: "deposit", ts: "2026-10-05T00:00:00.000Z", amount: "900.00" },
      { user: "u2", type: "deposit", ts: "2026-02-01T00:00:00.000Z", amount: "50.00" },
    ]);
    // the reversal names its revenue event by id: e9 is u2's September ad revenue (the 9th event above)
    await writeTestLake(dir, [{ user: "u2", type: "refund", ts: "2026-10-02T00:00:00.000Z", amount: "20.00", props: { revenue_event_id: "e9" } }]);
    pool = await QueryPool.open({ lakeDir: dir, connections: 1, threads: 1 });
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("gives referrals, the period's revenue plus what its reversals reverse, first deposits and reversals, in the engine's shape", async () => {
    const events = await commissionEvents(pool!, { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z"), currency: "USD" });
    expect(events.referrals).toEqual([
      { userId: "u1", referralCode: "ABC1", at: "2026-09-30T10:00:00.000000Z" },
      { userId: "u2", referralCode: "KOL2", at: "2026-01-31T00:00:00.000000Z" },
    ]);
    expect(events.revenue.map((r) => [r.userId, r.type, r.amount, r.at])).toEqual(
      expect.arrayContaining([
        ["u1", "trading_fee", "0.1", "2026-10-03T08:00:00.000000Z"],
        ["u1", "subscription", "9.99", "2026-10-30T09:59:59.123456Z"],
        ["u2", "advertising", "20", "2026-09-10T00:00:00.000000Z"],
      ]),
    );
    expect(events.revenue).toHaveLength(3);
    expect(events.deposits.map((d) => [d.userId, d.amount, d.at])).toEqual([
      ["u1", "100", "2026-10-01T00:00:00.000000Z"],
      ["u2", "50", "2026-02-01T00:00:00.000000Z"],
    ]);
    expect(events.reversals).toEqual([expect.objectContaining({ revenueId: "e9", amount: "20", at: "2026-10-02T00:00:00.000000Z" })]);
    const ad = events.revenue.find((r) => r.type === "advertising")!;
    expect(ad.id).toBe("e9");
  });
});

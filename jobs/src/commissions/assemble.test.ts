import { describe, expect, it } from "vitest";
import { assembleSettlementInput, inputDigest, type AssembleSources } from "./assemble";
import { settle } from "./engine";

const sources = (): AssembleSources => ({
  period: { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z") },
  currency: "USD",
  minPayout: "50.00",
  versions: [
    { planKey: "std", version: 1, effectiveFrom: new Date("2026-01-01T00:00:00Z"), overrideRate: "0.10", components: [{ type: "revshare", rate: "0.25", revenueTypes: ["trading_fee"], months: null }] },
    // a change made in October prices November on, not October
    { planKey: "std", version: 2, effectiveFrom: new Date("2026-11-01T00:00:00Z"), overrideRate: "0.10", components: [{ type: "revshare", rate: "0.50", revenueTypes: ["trading_fee"], months: null }] },
    { planKey: "new", version: 1, effectiveFrom: new Date("2026-12-01T00:00:00Z"), overrideRate: null, components: [{ type: "cpa", amount: "40", minFirstDeposit: "0" }] },
  ],
  partners: [
    { code: "p2", planKey: "new", parentCode: "p1" },
    { code: "p1", planKey: "std", parentCode: null },
  ],
  codes: new Map([
    ["ABC1", "p1"],
    ["NEW2", "p2"],
  ]),
  lake: {
    referrals: [
      { userId: "u2", referralCode: "NEW2", at: "2026-02-01T00:00:00Z" },
      { userId: "u1", referralCode: "ABC1", at: "2026-02-01T00:00:00Z" },
      { userId: "u3", referralCode: "GONE", at: "2026-02-01T00:00:00Z" }, // a code no partner has
    ],
    revenue: [
      { id: "r2", userId: "u3", type: "trading_fee", amount: "100", at: "2026-10-02T00:00:00Z" },
      { id: "r1", userId: "u1", type: "trading_fee", amount: "100", at: "2026-10-02T00:00:00Z" },
    ],
    deposits: [{ id: "d1", userId: "u2", amount: "100", at: "2026-10-03T00:00:00Z" }],
    reversals: [{ id: "x1", revenueId: "r2", amount: "10", at: "2026-10-05T00:00:00Z" }],
  },
  balances: [{ partnerId: "p1", amount: "-5.00" }],
});

describe("the engine input of a period", () => {
  it("uses the plan versions in force at the period start and the partners' referral codes", () => {
    const input = assembleSettlementInput(sources());
    expect(input.plans).toEqual([
      { id: "new", components: [] },
      { id: "std", overrideRate: "0.10", components: [{ type: "revshare", rate: "0.25", revenueTypes: ["trading_fee"], months: null }] },
    ]);
    expect(input.partners.map((p) => p.id)).toEqual(["p1", "p2"]);
    expect(input.referrals).toEqual([
      { userId: "u1", partnerId: "p1", at: "2026-02-01T00:00:00Z" },
      { userId: "u2", partnerId: "p2", at: "2026-02-01T00:00:00Z" },
    ]);
    expect(input.revenue.map((r) => r.id)).toEqual(["r1"]);
    expect(input.reversals).toEqual([]);
    const out = settle(input);
    expect(out.statements.map((s) => [s.partnerId, s.subtotal, s.closing])).toEqual([["p1", "25.00", "20.00"]]);
  });

  it("has one fingerprint for the same sources in any order", () => {
    const a = sources();
    const b = sources();
    b.partners = [...b.partners].reverse();
    b.lake.revenue = [...b.lake.revenue].reverse();
    b.lake.referrals = [...b.lake.referrals].reverse();
    expect(inputDigest(assembleSettlementInput(a))).toBe(inputDigest(assembleSettlementInput(b)));
    expect(inputDigest(assembleSettlementInput(a))).toMatch(/^[0-9a-f]{64}$/);
    b.balances = [{ partnerId: "p1", amount: "-5.01" }];
    expect(inputDigest(assembleSettlementInput(b))).not.toBe(inputDigest(assembleSettlementInput(a)));
  });
});

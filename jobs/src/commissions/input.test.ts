import { describe, expect, it } from "vitest";
import { settle } from "./engine";
import { SettlementInputError } from "./input";

/** A valid input touching every collection; each case breaks one thing. */
function valid() {
  return {
    period: { start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" },
    currency: "USD",
    minPayout: "50.00",
    plans: [
      { id: "std", overrideRate: "0.10", components: [{ type: "revshare", rate: "0.25", revenueTypes: ["trading_fee"], months: 12 }, { type: "cpa", amount: "40.00", minFirstDeposit: "100.00" }] },
      { id: "vol", components: [{ type: "tiered", revenueTypes: ["trading_fee"], months: null, tiers: [{ upTo: "100.00", rate: "0.20" }, { upTo: "200", rate: "0.25" }, { upTo: null, rate: "0.30" }] }] },
    ],
    partners: [
      { id: "P1", planId: "std", parentId: null as string | null },
      { id: "P2", planId: "vol", parentId: "P1" as string | null },
      { id: "P3", planId: "vol", parentId: null as string | null },
    ],
    referrals: [
      { userId: "u1", partnerId: "P1", at: "2026-03-02T10:00:00Z" },
      { userId: "u2", partnerId: "P2", at: "2026-03-02T10:00:00+08:00" },
    ],
    revenue: [
      { id: "r1", userId: "u1", type: "trading_fee", amount: "1.23456789", at: "2026-10-03T08:00:00Z" },
      { id: "r2", userId: "u2", type: "trading_fee", amount: "10", at: "2026-10-03T08:00:00.123456Z" },
    ],
    deposits: [{ id: "d1", userId: "u1", amount: "250.00", at: "2026-03-02T11:00:00Z" }],
    reversals: [
      { id: "x1", revenueId: "r1", amount: "1.00000000", at: "2026-10-20T00:00:00Z" },
      { id: "x2", revenueId: "r1", amount: "0.23456789", at: "2026-10-21T00:00:00Z" },
    ],
    balances: [{ partnerId: "P1", amount: "-12.34" }],
  };
}
type Input = ReturnType<typeof valid>;

function rejection(change: (input: Input) => void): string {
  const input = valid();
  change(input);
  try {
    settle(input);
  } catch (error) {
    if (error instanceof SettlementInputError) return error.message;
    throw error;
  }
  return "accepted";
}

const any = (x: unknown) => x as never;
const tiersOf = (i: Input) => (i.plans[1]!.components[0] as unknown as { tiers: Array<{ upTo: string | null }> }).tiers;

describe("settlement input", () => {
  it("accepts the valid base input", () => {
    expect(rejection(() => {})).toBe("accepted");
  });

  it.each<[string, (i: Input) => void, string]>([
    // unparsable / out of range
    ["not an object", (i) => Object.assign(i, { period: 1 }), "period:"],
    ["a float amount", (i) => (i.revenue[1]!.amount = any(10)), "revenue[1].amount:"],
    ["an exponent", (i) => (i.revenue[1]!.amount = "1e3"), "revenue[1].amount: not a decimal"],
    ["9 fractional digits", (i) => (i.revenue[1]!.amount = "0.123456789"), "revenue[1].amount: not a decimal"],
    ["a zero revenue amount", (i) => (i.revenue[1]!.amount = "0.00"), "revenue[1].amount: must be greater than 0"],
    ["a negative deposit", (i) => (i.deposits[0]!.amount = "-5"), "deposits[0].amount: must be greater than 0"],
    ["a zero reversal", (i) => (i.reversals[0]!.amount = "0"), "reversals[0].amount: must be greater than 0"],
    ["a rate above 1", (i) => (i.plans[0]!.components[0] = any({ ...i.plans[0]!.components[0], rate: "1.01" })), "plans[0].components[0].rate: must be a rate from 0 to 1"],
    ["a negative override rate", (i) => (i.plans[0]!.overrideRate = "-0.1"), "plans[0].overrideRate: must be a rate from 0 to 1"],
    ["a timestamp without a zone", (i) => (i.revenue[0]!.at = "2026-10-03T08:00:00"), "revenue[0].at: not an ISO-8601 timestamp with a zone"],
    ["February 30", (i) => (i.deposits[0]!.at = "2026-02-30T00:00:00Z"), "deposits[0].at: not an ISO-8601 timestamp with a zone"],
    ["an unknown revenue type", (i) => (i.revenue[0]!.type = "tips"), "revenue[0].type: not a revenue type"],
    ["an unknown currency", (i) => (i.currency = "BTC"), "currency: not a supported currency"],
    ["a period ending at its start", (i) => (i.period.end = i.period.start), "period.end: must be after period.start"],
    ["an unknown key (a typo)", (i) => Object.assign(i.plans[0]!, { overideRate: "0.1" }), "plans[0]: Unrecognized key"],
    ["fractional months", (i) => (i.plans[0]!.components[0] = any({ ...i.plans[0]!.components[0], months: 1.5 })), "plans[0].components[0].months:"],
    // duplicates
    ["a duplicate plan id", (i) => (i.plans[1]!.id = "std"), 'plans[1].id: duplicate id "std"'],
    ["a duplicate partner id", (i) => (i.partners[2]!.id = "P1"), 'partners[2].id: duplicate id "P1"'],
    ["a duplicate revenue id", (i) => (i.revenue[1]!.id = "r1"), 'revenue[1].id: duplicate id "r1"'],
    ["a duplicate deposit id", (i) => i.deposits.push({ ...i.deposits[0]! }), 'deposits[1].id: duplicate id "d1"'],
    ["a duplicate reversal id", (i) => (i.reversals[1]!.id = "x1"), 'reversals[1].id: duplicate id "x1"'],
    ["a second balance for one partner", (i) => i.balances.push({ partnerId: "P1", amount: "1.00" }), 'balances[1].partnerId: second balance for "P1"'],
    // references
    ["a referral to an unknown partner", (i) => (i.referrals[1]!.partnerId = "P9"), 'referrals[1].partnerId: unknown partner "P9"'],
    ["a partner with an unknown plan", (i) => (i.partners[2]!.planId = "gold"), 'partners[2].planId: unknown plan "gold"'],
    ["a partner with an unknown parent", (i) => (i.partners[2]!.parentId = "P9"), 'partners[2].parentId: unknown partner "P9"'],
    ["a user referred twice", (i) => i.referrals.push({ userId: "u1", partnerId: "P3", at: "2026-04-01T00:00:00Z" }), 'referrals[2].userId: user referred twice: "u1"'],
    ["a balance of an unknown partner", (i) => (i.balances[0]!.partnerId = "P9"), 'balances[0].partnerId: unknown partner "P9"'],
    // reversals
    ["a reversal of an unknown revenue", (i) => (i.reversals[0]!.revenueId = "r9"), 'reversals[0].revenueId: unknown revenue "r9"'],
    ["a reversal before its revenue", (i) => (i.reversals[0]!.at = "2026-10-03T07:59:59Z"), 'reversals[0].at: before its revenue "r1"'],
    ["reversals summing past the revenue", (i) => (i.reversals[1]!.amount = "0.2345679"), 'reversals[1].amount: reversals of "r1" sum to more than its amount'],
    // plans
    ["an unknown component type", (i) => (i.plans[0]!.components[1] = any({ type: "bonus", amount: "1" })), "plans[0].components[1].type: not a component type"],
    ["two components of one type", (i) => i.plans[1]!.components.push(any({ type: "tiered", revenueTypes: [], months: null, tiers: [{ upTo: null, rate: "0.1" }] })), "plans[1].components[1].type: a second tiered component in one plan"],
    ["tiers not increasing", (i) => (tiersOf(i)[1]!.upTo = "100"), "plans[1].components[0].tiers[1].upTo: tiers must be strictly increasing"],
    ["a last tier with a bound", (i) => (tiersOf(i)[2]!.upTo = "300"), "plans[1].components[0].tiers[2].upTo: the last tier's upTo must be null"],
    ["an unbounded tier before the last", (i) => (tiersOf(i)[1]!.upTo = null), "plans[1].components[0].tiers[1].upTo: only the last tier may have upTo null"],
    ["no tiers", (i) => tiersOf(i).splice(0), "plans[1].components[0].tiers: needs at least one tier"],
    // parents
    ["a parent chain deeper than one", (i) => (i.partners[0]!.parentId = "P3"), 'partners[1].parentId: "P1" has a parent of its own: at most one level'],
    ["a partner its own parent", (i) => (i.partners[2]!.parentId = "P3"), 'partners[2].parentId: "P3" has a parent of its own: at most one level'],
    // minor units
    ["a balance with a third decimal", (i) => (i.balances[0]!.amount = "-12.345"), "balances[0].amount: more fractional digits than USD has (2)"],
    ["a minPayout with a third decimal", (i) => (i.minPayout = "50.001"), "minPayout: more fractional digits than USD has (2)"],
    ["a JPY minPayout with decimals", (i) => Object.assign(i, { currency: "JPY", minPayout: "50.5" }), "minPayout: more fractional digits than JPY has (0)"],
    ["a JPY balance with decimals", (i) => Object.assign(i, { currency: "JPY", minPayout: "50" }), "balances[0].amount: more fractional digits than JPY has (0)"],
  ])("refuses %s", (_, change, message) => {
    expect(rejection(change)).toContain(message);
    expect(rejection(change).startsWith(message.split(":")[0]!)).toBe(true);
  });
});

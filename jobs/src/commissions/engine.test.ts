import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { addMonths, formatSettlement, settle, tieredCommission, type SettlementOutput } from "./engine";
import { parseInstant } from "./input";
import DecimalJs from "decimal.js";

/** Copies of /work/shared/examples/commissions-example.*.json, checked by hand. */
const exampleDir = new URL("./test-support/", import.meta.url).pathname;

const OCT = { start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" };

/** A one-partner, one-plan input; each test overrides what it is about. */
function input(over: Record<string, unknown> = {}) {
  return {
    period: OCT,
    currency: "USD",
    minPayout: "0.00",
    plans: [{ id: "rs", overrideRate: "0.10", components: [{ type: "revshare", rate: "0.25", revenueTypes: ["trading_fee", "subscription"], months: null }] }],
    partners: [{ id: "P1", planId: "rs", parentId: null }],
    referrals: [{ userId: "u1", partnerId: "P1", at: "2026-01-15T00:00:00Z" }],
    revenue: [],
    deposits: [],
    reversals: [],
    balances: [],
    ...over,
  };
}

const rev = (id: string, amount: string, at: string, userId = "u1", type = "trading_fee") => ({ id, userId, type, amount, at });
const amounts = (out: SettlementOutput) => out.statements.map((s) => ({ partnerId: s.partnerId, lines: s.lines.map((l) => `${l.component}:${l.userId ?? "-"}:${l.amount}`), payable: s.payable, carried: s.carried }));

describe("the worked example", () => {
  it("prints exactly the hand-checked output, byte for byte, on every run", () => {
    const raw = JSON.parse(readFileSync(`${exampleDir}/commissions-example.input.json`, "utf8"));
    const expected = readFileSync(`${exampleDir}/commissions-example.output.json`, "utf8");
    expect(formatSettlement(settle(raw))).toBe(expected);
    expect(formatSettlement(settle(structuredClone(raw)))).toBe(expected);
  });
});

describe("calendar months", () => {
  it.each([
    ["2026-01-31T10:00:00Z", 1, "2026-02-28T10:00:00.000Z"],
    ["2028-01-31T10:00:00Z", 1, "2028-02-29T10:00:00.000Z"],
    ["2026-08-31T12:00:00Z", 1, "2026-09-30T12:00:00.000Z"],
    ["2026-03-31T23:59:59Z", 11, "2027-02-28T23:59:59.000Z"],
    ["2028-02-29T00:00:00Z", 12, "2029-02-28T00:00:00.000Z"],
    ["2026-12-15T08:30:00Z", 1, "2027-01-15T08:30:00.000Z"],
    ["2026-05-31T00:00:00+08:00", 1, "2026-06-30T16:00:00.000Z"], // 2026-05-30T16:00Z + 1 month, in UTC
  ])("%s + %i month(s) = %s", (from, months, to) => {
    expect(new Date(addMonths(parseInstant(from)!, months) / 1000).toISOString()).toBe(to);
  });

  it("keeps microseconds", () => {
    expect(addMonths(parseInstant("2026-01-31T00:00:00.123456Z")!, 1)).toBe(parseInstant("2026-02-28T00:00:00.123456Z"));
  });

  it.each([
    ["2026-02-28T09:59:59Z", ["revshare:u1:0.25"]],
    ["2026-02-28T10:00:00Z", []],
  ])("a 1-month window from Jan 31 ends on Feb 28 at the referral's time: revenue at %s → %j", (at, lines) => {
    const out = settle(
      input({
        period: { start: "2026-02-01T00:00:00Z", end: "2026-03-01T00:00:00Z" },
        plans: [{ id: "rs", components: [{ type: "revshare", rate: "0.25", revenueTypes: ["trading_fee"], months: 1 }] }],
        referrals: [{ userId: "u1", partnerId: "P1", at: "2026-01-31T10:00:00Z" }],
        revenue: [rev("r1", "1.00", at)],
      }),
    );
    expect(out.statements.flatMap((s) => s.lines.map((l) => `${l.component}:${l.userId}:${l.amount}`))).toEqual(lines);
  });
});

describe("rounding: half to even, once per line", () => {
  it.each([
    ["0.10", "0.02"], // 0.025
    ["0.14", "0.04"], // 0.035
    ["0.18", "0.04"], // 0.045
    ["0.22", "0.06"], // 0.055
    ["0.02", null], // 0.005 → 0.00: dropped
    ["0.06", "0.02"], // 0.015
    ["0.0600004", "0.02"], // 0.0150001 → up
  ])("revenue %s at 25%% → %s", (amount, expected) => {
    const out = settle(input({ revenue: [rev("r1", amount, "2026-10-05T00:00:00Z")] }));
    expect(out.statements[0]?.lines[0]?.amount ?? null).toBe(expected);
  });

  it("a negative tie rounds to even too (-0.025 → -0.02)", () => {
    const out = settle(input({ revenue: [rev("r1", "0.10", "2026-09-05T00:00:00Z")], reversals: [{ id: "x1", revenueId: "r1", amount: "0.10", at: "2026-10-05T00:00:00Z" }] }));
    expect(out.statements[0]?.lines[0]).toMatchObject({ base: "-0.1", amount: "-0.02" });
  });

  it("sums the exact base before rounding, not rounded pieces", () => {
    // 3 × 0.02 = 0.06 → 0.015 → 0.02; rounding each 0.005 first would give 0.00
    const out = settle(input({ revenue: [rev("r1", "0.02", "2026-10-05T00:00:00Z"), rev("r2", "0.02", "2026-10-06T00:00:00Z"), rev("r3", "0.02", "2026-10-07T00:00:00Z")] }));
    expect(out.statements[0]?.lines[0]).toMatchObject({ base: "0.06", amount: "0.02" });
  });
});

describe("cpa and the first deposit", () => {
  const cpaPlan = [{ id: "rs", components: [{ type: "cpa", amount: "40.00", minFirstDeposit: "100.00" }] }];
  const dep = (id: string, amount: string, at: string) => ({ id, userId: "u1", amount, at });
  it.each([
    ["first deposit in the period, at the minimum", [dep("d1", "100.00", "2026-10-12T00:00:00Z")], "40.00"],
    ["first deposit below the minimum (a later big one does not count)", [dep("d1", "99.99", "2026-10-12T00:00:00Z"), dep("d2", "500", "2026-10-13T00:00:00Z")], null],
    ["first deposit in an earlier period", [dep("d1", "500", "2026-09-30T23:59:59Z"), dep("d2", "500", "2026-10-03T00:00:00Z")], null],
    ["first deposit before the referral", [dep("d1", "500", "2026-10-09T23:59:59Z")], null],
    ["first deposit exactly at the referral", [dep("d1", "500", "2026-10-10T00:00:00Z")], "40.00"],
    ["a tie on time goes to the smaller id", [dep("d2", "500", "2026-10-12T00:00:00Z"), dep("d1", "50", "2026-10-12T00:00:00Z")], null],
    ["first deposit at the period's end is the next period's", [dep("d1", "500", "2026-11-01T00:00:00Z")], null],
  ])("%s", (_, deposits, expected) => {
    const out = settle(input({ plans: cpaPlan, referrals: [{ userId: "u1", partnerId: "P1", at: "2026-10-10T00:00:00Z" }], deposits }));
    expect(out.statements[0]?.lines[0]?.amount ?? null).toBe(expected);
  });
});

describe("clawbacks across periods", () => {
  it("a reversal in this period of last period's revenue is a negative line, carried negative", () => {
    const out = settle(
      input({
        revenue: [rev("r1", "100.00", "2026-09-20T00:00:00Z"), rev("r2", "20.00", "2026-10-03T00:00:00Z")],
        reversals: [{ id: "x1", revenueId: "r1", amount: "60.00", at: "2026-10-02T00:00:00Z" }],
        minPayout: "50.00",
      }),
    );
    expect(out.statements[0]).toMatchObject({ lines: [{ base: "-40", amount: "-10.00" }], subtotal: "-10.00", closing: "-10.00", payable: "0.00", carried: "-10.00" });
  });

  it("a reversal dated after the period waits for its period; one of ineligible revenue claws back nothing", () => {
    const out = settle(
      input({
        plans: [{ id: "rs", components: [{ type: "revshare", rate: "0.5", revenueTypes: ["trading_fee"], months: 1 }] }],
        referrals: [{ userId: "u1", partnerId: "P1", at: "2026-08-15T00:00:00Z" }],
        revenue: [rev("r1", "10", "2026-09-16T00:00:00Z"), rev("r2", "10", "2026-10-05T00:00:00Z", "u1", "subscription"), rev("r3", "4", "2026-09-14T00:00:00Z")],
        reversals: [
          { id: "x1", revenueId: "r1", amount: "10", at: "2026-10-02T00:00:00Z" }, // earned after the 1-month window: not eligible
          { id: "x2", revenueId: "r3", amount: "4", at: "2026-11-01T00:00:00Z" }, // next period
        ],
      }),
    );
    expect(out.statements).toEqual([]);
  });
});

describe("tiers", () => {
  const tiers = [
    { upTo: "100.00", rate: "0.20" },
    { upTo: "500", rate: "0.25" },
    { upTo: null, rate: "0.30" },
  ];
  it.each([
    ["100", "20"],
    ["100.01", "20.0025"],
    ["99.99", "19.998"],
    ["500", "120"],
    ["600", "150"],
    ["0", "0"],
    ["-50", "-10"],
  ])("N = %s → %s", (n, commission) => {
    expect(tieredCommission(new DecimalJs(n), tiers).toFixed()).toBe(commission);
  });

  it("a clawback inside a tier lowers N, one line per partner", () => {
    const out = settle(
      input({
        plans: [{ id: "rs", components: [{ type: "tiered", revenueTypes: ["trading_fee"], months: null, tiers }] }],
        referrals: [
          { userId: "u1", partnerId: "P1", at: "2026-01-01T00:00:00Z" },
          { userId: "u2", partnerId: "P1", at: "2026-01-01T00:00:00Z" },
        ],
        revenue: [rev("r1", "80", "2026-10-02T00:00:00Z"), rev("r2", "30.01", "2026-10-03T00:00:00Z", "u2"), rev("r3", "10", "2026-09-03T00:00:00Z", "u2")],
        reversals: [{ id: "x1", revenueId: "r3", amount: "10", at: "2026-10-04T00:00:00Z" }],
      }),
    );
    // N = 80 + 30.01 − 10 = 100.01 → 20 + 0.0025 = 20.0025 → 20.00
    expect(out.statements[0]?.lines).toEqual([{ component: "tiered", userId: null, revenueType: null, base: "100.01", rate: null, amount: "20.00" }]);
  });
});

describe("overrides", () => {
  const plans = (overrideRate?: string) => [
    { id: "parent", ...(overrideRate ? { overrideRate } : {}), components: [] },
    { id: "rs", components: [{ type: "revshare", rate: "0.5", revenueTypes: ["trading_fee"], months: null }] },
  ];
  const partners = [
    { id: "A", planId: "parent", parentId: null },
    { id: "B", planId: "rs", parentId: "A" },
  ];
  const referrals = [{ userId: "u1", partnerId: "B", at: "2026-01-01T00:00:00Z" }];
  it.each([
    ["0.10", [rev("r1", "10.10", "2026-10-02T00:00:00Z")], { A: ["override:B:0.50"], B: ["revshare:u1:5.05"] }], // 5.05 × 0.1 = 0.505 → 0.50
    ["0.30", [rev("r1", "10.10", "2026-10-02T00:00:00Z")], { A: ["override:B:1.52"], B: ["revshare:u1:5.05"] }], // 1.515 → 1.52
    [undefined, [rev("r1", "10.10", "2026-10-02T00:00:00Z")], { B: ["revshare:u1:5.05"] }],
  ])("override rate %s", (rate, revenue, expected) => {
    const out = settle(input({ plans: plans(rate), partners, referrals, revenue }));
    expect(Object.fromEntries(out.statements.map((s) => [s.partnerId, s.lines.map((l) => `${l.component}:${l.userId}:${l.amount}`)]))).toEqual(expected);
  });

  it("a child's clawback claws back the override too; the base is the child's subtotal", () => {
    const out = settle(
      input({
        plans: plans("0.10"),
        partners,
        referrals,
        revenue: [rev("r1", "50", "2026-09-02T00:00:00Z")],
        reversals: [{ id: "x1", revenueId: "r1", amount: "50", at: "2026-10-02T00:00:00Z" }],
      }),
    );
    expect(out.statements[0]?.lines).toEqual([{ component: "override", userId: "B", revenueType: null, base: "-25", rate: "0.1", amount: "-2.50" }]);
  });
});

describe("minimum payout and carried balances", () => {
  const revenue = [rev("r1", "200", "2026-10-02T00:00:00Z")]; // 50.00 of revshare
  it.each([
    ["50.00", [], "50.00", "0.00"],
    ["50.01", [], "0.00", "50.00"],
    ["60.00", [{ partnerId: "P1", amount: "10.00" }], "60.00", "0.00"],
    ["50.00", [{ partnerId: "P1", amount: "-0.01" }], "0.00", "49.99"],
  ])("minPayout %s, balances %j → payable %s, carried %s", (minPayout, balances, payable, carried) => {
    const out = settle(input({ minPayout, balances, revenue }));
    expect(out.statements[0]).toMatchObject({ payable, carried });
    expect(out.totals).toMatchObject({ payable, carried });
  });

  it("a partner with only a non-zero opening balance gets a statement; a zero one does not", () => {
    const out = settle(
      input({
        partners: [
          { id: "P1", planId: "rs", parentId: null },
          { id: "P2", planId: "rs", parentId: null },
        ],
        balances: [
          { partnerId: "P1", amount: "-12.34" },
          { partnerId: "P2", amount: "0.00" },
        ],
        minPayout: "50.00",
      }),
    );
    expect(amounts(out)).toEqual([{ partnerId: "P1", lines: [], payable: "0.00", carried: "-12.34" }]);
  });
});

describe("JPY: no minor digits", () => {
  it("rounds to whole yen, half to even, and prints no decimal point", () => {
    const out = settle(
      input({
        currency: "JPY",
        minPayout: "5000",
        plans: [{ id: "rs", components: [{ type: "revshare", rate: "0.25", revenueTypes: ["trading_fee", "subscription"], months: null }, { type: "cpa", amount: "1200", minFirstDeposit: "10000" }] }],
        revenue: [rev("r1", "50", "2026-10-02T00:00:00Z"), rev("r2", "54", "2026-10-02T00:00:00Z", "u1", "subscription")], // 12.5 → 12, 13.5 → 14
        deposits: [{ id: "d1", userId: "u1", amount: "10000", at: "2026-10-03T00:00:00Z" }],
        balances: [{ partnerId: "P1", amount: "3774" }],
      }),
    );
    expect(out.statements[0]).toEqual({
      partnerId: "P1",
      lines: [
        { component: "cpa", userId: "u1", revenueType: null, base: null, rate: null, amount: "1200" },
        { component: "revshare", userId: "u1", revenueType: "subscription", base: "54", rate: "0.25", amount: "14" },
        { component: "revshare", userId: "u1", revenueType: "trading_fee", base: "50", rate: "0.25", amount: "12" },
      ],
      subtotal: "1226",
      opening: "3774",
      closing: "5000",
      payable: "5000",
      carried: "0",
    });
  });
});

describe("eligibility", () => {
  it("only the referring partner's user, after the referral, of the component's types, in the period", () => {
    const out = settle(
      input({
        referrals: [{ userId: "u1", partnerId: "P1", at: "2026-10-10T00:00:00Z" }],
        revenue: [
          rev("r1", "4", "2026-10-09T23:59:59Z"), // before the referral
          rev("r2", "4", "2026-10-10T00:00:00Z"), // at it: counts
          rev("r3", "4", "2026-10-11T00:00:00Z", "u1", "advertising"), // not a type of the plan
          rev("r4", "400", "2026-10-11T00:00:00Z", "u9"), // nobody's user
          rev("r5", "4", "2026-11-01T00:00:00Z"), // next period
        ],
      }),
    );
    expect(amounts(out)).toEqual([{ partnerId: "P1", lines: ["revshare:u1:1.00"], payable: "1.00", carried: "0.00" }]);
  });

  it("sorts statements by partner id and lines by component, user, type", () => {
    const out = settle(
      input({
        plans: [{ id: "rs", components: [{ type: "revshare", rate: "0.5", revenueTypes: ["trading_fee", "subscription"], months: null }, { type: "cpa", amount: "1", minFirstDeposit: "0" }] }],
        partners: [
          { id: "b", planId: "rs", parentId: null },
          { id: "B", planId: "rs", parentId: null },
        ],
        referrals: [
          { userId: "u2", partnerId: "b", at: "2026-01-01T00:00:00Z" },
          { userId: "u1", partnerId: "b", at: "2026-01-01T00:00:00Z" },
          { userId: "u3", partnerId: "B", at: "2026-01-01T00:00:00Z" },
        ],
        revenue: [rev("r1", "2", "2026-10-02T00:00:00Z", "u2"), rev("r2", "2", "2026-10-02T00:00:00Z", "u1", "trading_fee"), rev("r3", "2", "2026-10-02T00:00:00Z", "u1", "subscription"), rev("r4", "2", "2026-10-02T00:00:00Z", "u3")],
        deposits: [{ id: "d1", userId: "u2", amount: "5", at: "2026-10-02T00:00:00Z" }],
      }),
    );
    expect(amounts(out).map((s) => [s.partnerId, s.lines])).toEqual([
      ["B", ["revshare:u3:1.00"]],
      ["b", ["cpa:u2:1.00", "revshare:u1:1.00", "revshare:u1:1.00", "revshare:u2:1.00"]],
    ]);
    expect(out.statements[1]?.lines.map((l) => l.revenueType)).toEqual([null, "subscription", "trading_fee", "trading_fee"]);
  });
});

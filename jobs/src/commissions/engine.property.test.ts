import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSettlement, settle } from "./engine";
import { REVENUE_TYPES } from "./input";
import { referenceSettle } from "./test-support/reference-settle";

/**
 * The engine against a second, deliberately simple implementation (test-support/reference-settle.ts:
 * BigInt, nested loops, Date months) on random valid inputs; plus the invariants the spec promises.
 */

const DAY = 86_400_000;
// around month ends and the period's edges: Jul 2026 → Dec 2026, period = October
const T0 = Date.parse("2026-07-25T00:00:00Z");
const T1 = Date.parse("2026-11-05T00:00:00Z");
const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");
const instant = fc.integer({ min: T0 / 1000, max: T1 / 1000 }).map((s) => s * 1000);
const edgy = fc.oneof(
  instant,
  fc.constantFrom(Date.parse("2026-10-01T00:00:00Z"), Date.parse("2026-11-01T00:00:00Z"), Date.parse("2026-08-31T12:00:00Z"), Date.parse("2026-09-30T12:00:00Z"), Date.parse("2026-10-31T12:00:00Z")),
);
const cents = (max: number) => fc.integer({ min: 1, max }).map((n) => (n / 100).toFixed(2));
const fine = fc.integer({ min: 1, max: 10_000_000 }).map((n) => (n / 1e6).toFixed(6)); // ties show up at 6 digits × rates
const amount = fc.oneof(cents(50_000), fine);
const rate = fc.oneof(fc.constantFrom("0", "1", "0.1", "0.25", "0.3", "0.05"), fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 10_000).toString()));
const types = fc.subarray([...REVENUE_TYPES], { minLength: 1 });
const months = fc.option(fc.integer({ min: 1, max: 4 }), { nil: null });

const component = fc.oneof(
  fc.record({ type: fc.constant("revshare"), rate, revenueTypes: types, months }),
  fc.record({ type: fc.constant("cpa"), amount: cents(10_000), minFirstDeposit: fc.oneof(fc.constant("0"), cents(20_000)) }),
  fc
    .record({ type: fc.constant("tiered"), revenueTypes: types, months, bounds: fc.uniqueArray(fc.integer({ min: 1, max: 2_000_000 }), { maxLength: 3 }), rates: fc.array(rate, { minLength: 4, maxLength: 4 }) })
    .map(({ bounds, rates, ...c }) => {
      const sorted = [...bounds].sort((a, b) => a - b);
      return { ...c, tiers: [...sorted.map((b, i) => ({ upTo: (b / 100).toFixed(2), rate: rates[i]! })), { upTo: null, rate: rates[3]! }] };
    }),
);

const plan = fc.record({ overrideRate: fc.option(rate, { nil: undefined }), components: fc.uniqueArray(component, { selector: (c) => c.type, maxLength: 3 }) });

const settlementInput = fc
  .record({
    currency: fc.constantFrom("USD", "JPY", "EUR"),
    plans: fc.array(plan, { minLength: 1, maxLength: 3 }),
    partnerCount: fc.integer({ min: 1, max: 5 }),
    partnerPicks: fc.array(fc.record({ plan: fc.nat(), parent: fc.option(fc.nat(), { nil: null }) }), { minLength: 5, maxLength: 5 }),
    users: fc.array(fc.record({ partner: fc.option(fc.nat(), { nil: null }), at: edgy }), { minLength: 1, maxLength: 8 }),
    revenue: fc.array(fc.record({ user: fc.nat(), type: fc.constantFrom(...REVENUE_TYPES), amount, at: edgy }), { maxLength: 40 }),
    deposits: fc.array(fc.record({ user: fc.nat(), amount: cents(50_000), at: edgy }), { maxLength: 12 }),
    reversals: fc.array(fc.record({ revenue: fc.nat(), share: fc.integer({ min: 1, max: 100 }), later: fc.integer({ min: 0, max: 60 * DAY }) }), { maxLength: 12 }),
    balances: fc.array(fc.record({ partner: fc.nat(), cents: fc.integer({ min: -100_000, max: 100_000 }) }), { maxLength: 3 }),
    minPayout: fc.integer({ min: 0, max: 20_000 }),
  })
  .map((g) => {
    const minor = g.currency === "JPY" ? 0 : 2;
    const money = (c: number) => (minor === 0 ? String(c) : (c / 100).toFixed(2));
    const plans = g.plans.map((p, i) => ({ id: `plan${i}`, ...(p.overrideRate === undefined ? {} : { overrideRate: p.overrideRate }), components: p.components }));
    // partners 0..1 may be parents; the others may have one of them as parent (one level)
    const partners = Array.from({ length: g.partnerCount }, (_, i) => {
      const pick = g.partnerPicks[i]!;
      const parent = i >= 2 && pick.parent !== null && pick.parent % 2 < Math.min(2, g.partnerCount) ? `P${pick.parent % 2}` : null;
      return { id: `P${i}`, planId: `plan${pick.plan % plans.length}`, parentId: parent };
    });
    const users = g.users.map((u, i) => ({ id: `u${i}`, ...u }));
    const referrals = users.filter((u) => u.partner !== null).map((u) => ({ userId: u.id, partnerId: `P${u.partner! % g.partnerCount}`, at: iso(u.at) }));
    const revenue = g.revenue.map((r, i) => ({ id: `r${i}`, userId: `u${r.user % users.length}`, type: r.type, amount: r.amount, at: iso(r.at) }));
    const deposits = g.deposits.map((d, i) => ({ id: `d${i}`, userId: `u${d.user % users.length}`, amount: d.amount, at: iso(d.at) }));
    const left = new Map(revenue.map((r) => [r.id, Math.round(Number(r.amount) * 1e8)]));
    const reversals = revenue.length
      ? g.reversals.flatMap((x, i) => {
          const r = revenue[x.revenue % revenue.length]!;
          const units = Math.floor((left.get(r.id)! * x.share) / 100);
          if (units <= 0) return [];
          left.set(r.id, left.get(r.id)! - units);
          return [{ id: `x${i}`, revenueId: r.id, amount: (units / 1e8).toFixed(8), at: iso(Date.parse(r.at) + x.later) }];
        })
      : [];
    const balances = [...new Map(g.balances.map((b) => [b.partner % g.partnerCount, b.cents])).entries()].map(([p, c]) => ({ partnerId: `P${p}`, amount: money(c) }));
    return {
      period: { start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" },
      currency: g.currency,
      minPayout: money(g.minPayout),
      plans,
      partners,
      referrals,
      revenue,
      deposits,
      reversals,
      balances,
    };
  });

const sum = (xs: string[]) => xs.reduce((a, x) => a + Math.round(Number(x) * 100), 0);

describe("the settlement engine, on random inputs", () => {
  it("agrees byte for byte with the simple reference implementation", () => {
    fc.assert(
      fc.property(settlementInput, (input) => {
        expect(formatSettlement(settle(input))).toBe(`${JSON.stringify(referenceSettle(input), null, 1)}\n`);
      }),
      { numRuns: 400 },
    );
  });

  it("lines sum to the subtotal, closing = opening + subtotal = payable + carried, and a rerun prints the same bytes", () => {
    fc.assert(
      fc.property(settlementInput, (input) => {
        const out = settle(input);
        for (const s of out.statements) {
          expect(sum(s.lines.map((l) => l.amount))).toBe(sum([s.subtotal]));
          expect(sum([s.opening, s.subtotal])).toBe(sum([s.closing]));
          expect(sum([s.payable, s.carried])).toBe(sum([s.closing]));
          expect(s.lines.every((l) => sum([l.amount]) !== 0)).toBe(true);
        }
        expect(sum(out.statements.map((s) => s.subtotal))).toBe(sum([out.totals.subtotal]));
        expect(formatSettlement(settle(structuredClone(input)))).toBe(formatSettlement(out));
      }),
      { numRuns: 200 },
    );
  });
});

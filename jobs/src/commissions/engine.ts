import DecimalJs from "decimal.js";
import { daysIn, MINOR_UNITS, parseInstant, parseSettlementInput, SettlementInputError, type Currency, type PlanComponent, type RevenueType, type SettlementInput } from "./input";

export { DecimalString, parseSettlementInput, PlanComponent, Rate, SettlementInput, SettlementInputError, REVENUE_TYPES, MINOR_UNITS } from "./input";
export type { Currency, RevenueType } from "./input";

/**
 * The settlement engine (COMMISSIONS.md): pure, decimal arithmetic only. `settle` takes the raw
 * input (anything JSON), refuses bad input with SettlementInputError, and returns the statements;
 * `formatSettlement` is the byte-exact JSON the CLI prints.
 */

// 20 integer + 8 fractional digits times a rate of 8 fractional digits, summed over millions of
// events, stays far inside 80 significant digits: every sum and product here is exact.
const Decimal = DecimalJs.clone({ precision: 80, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });
type Decimal = DecimalJs;

export type LineComponent = "cpa" | "override" | "revshare" | "tiered";

export interface StatementLine {
  component: LineComponent;
  userId: string | null;
  revenueType: RevenueType | null;
  base: string | null;
  rate: string | null;
  amount: string;
}

export interface Statement {
  partnerId: string;
  lines: StatementLine[];
  subtotal: string;
  opening: string;
  closing: string;
  payable: string;
  carried: string;
}

export interface SettlementOutput {
  period: { start: string; end: string };
  currency: Currency;
  statements: Statement[];
  totals: { subtotal: string; payable: string; carried: string };
}

/** `at` + `months` calendar months in UTC; a day past the target month's end clamps to its last day, time of day kept. */
export function addMonths(micros: number, months: number): number {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(d.getUTCDate(), daysIn(year, month0));
  const out = Date.UTC(year, month0, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return out * 1000 + rest;
}

/** An exact decimal in plain notation, no exponent, no trailing zeros ("29", "0.1"). */
function plain(d: Decimal): string {
  return d.isZero() ? "0" : d.toFixed();
}

const LINE_ORDER: Record<LineComponent, number> = { cpa: 0, override: 1, revshare: 2, tiered: 3 };

function byCodeUnits(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function compareLines(a: StatementLine, b: StatementLine): number {
  return LINE_ORDER[a.component] - LINE_ORDER[b.component] || byCodeUnits(a.userId, b.userId) || byCodeUnits(a.revenueType, b.revenueType);
}

/** Marginal across tiers for N > 0; N × the first rate for N ≤ 0. */
export function tieredCommission(n: Decimal, tiers: ReadonlyArray<{ upTo: string | null; rate: string }>): Decimal {
  if (n.lte(0)) return n.mul(tiers[0]!.rate);
  let total = new Decimal(0);
  let lower = new Decimal(0);
  for (const tier of tiers) {
    const upper = tier.upTo === null ? n : Decimal.min(n, tier.upTo);
    if (upper.gt(lower)) total = total.add(upper.sub(lower).mul(tier.rate));
    if (tier.upTo === null || n.lte(tier.upTo)) break;
    lower = new Decimal(tier.upTo);
  }
  return total;
}

type RateComponent = Extract<PlanComponent, { type: "revshare" | "tiered" }>;

interface Referral {
  partnerId: string;
  at: number;
  /** per revshare/tiered component of the partner's plan: the end of its window (exclusive), Infinity for lifetime */
  windows: Array<{ component: RateComponent; until: number }>;
}

/** Settles one period. Throws SettlementInputError on bad input. */
export function settle(raw: unknown): SettlementOutput {
  const input = parseSettlementInput(raw);
  return settleParsed(input);
}

export function settleParsed(input: SettlementInput): SettlementOutput {
  const minor = MINOR_UNITS[input.currency];
  const round = (d: Decimal) => d.toDecimalPlaces(minor, Decimal.ROUND_HALF_EVEN);
  const money = (d: Decimal) => (d.isZero() ? new Decimal(0) : d).toFixed(minor);
  const start = parseInstant(input.period.start)!;
  const end = parseInstant(input.period.end)!;
  const inPeriod = (t: number) => start <= t && t < end;

  const plans = new Map(input.plans.map((p) => [p.id, p]));
  const partners = new Map(input.partners.map((p) => [p.id, p]));
  const planOf = (partnerId: string) => plans.get(partners.get(partnerId)!.planId)!;

  const referrals = new Map<string, Referral>();
  for (const r of input.referrals) {
    const at = parseInstant(r.at)!;
    const windows = planOf(r.partnerId)
      .components.filter((c): c is RateComponent => c.type !== "cpa")
      .map((component) => ({ component, until: component.months === null ? Infinity : addMonths(at, component.months) }));
    referrals.set(r.userId, { partnerId: r.partnerId, at, windows });
  }

  // net bases: revshare per (partner, user, type); tiered per partner
  const revshare = new Map<string, { partnerId: string; userId: string; type: RevenueType; rate: string; base: Decimal }>();
  const tiered = new Map<string, Decimal>();
  const revenueById = new Map(input.revenue.map((r) => [r.id, r]));
  const addBase = (userId: string, type: RevenueType, at: number, amount: Decimal) => {
    const referral = referrals.get(userId);
    if (!referral || at < referral.at) return;
    for (const { component, until } of referral.windows) {
      if (at >= until || !component.revenueTypes.includes(type)) continue;
      if (component.type === "revshare") {
        const key = `${referral.partnerId}\u0000${userId}\u0000${type}`;
        const entry = revshare.get(key);
        if (entry) entry.base = entry.base.add(amount);
        else revshare.set(key, { partnerId: referral.partnerId, userId, type, rate: component.rate, base: amount });
      } else {
        tiered.set(referral.partnerId, (tiered.get(referral.partnerId) ?? new Decimal(0)).add(amount));
      }
    }
  };
  for (const r of input.revenue) {
    const at = parseInstant(r.at)!;
    if (inPeriod(at)) addBase(r.userId, r.type, at, new Decimal(r.amount));
  }
  for (const x of input.reversals) {
    if (!inPeriod(parseInstant(x.at)!)) continue;
    const r = revenueById.get(x.revenueId)!;
    // eligibility is the revenue event's, whenever it was earned
    addBase(r.userId, r.type, parseInstant(r.at)!, new Decimal(x.amount).neg());
  }

  const lines = new Map<string, StatementLine[]>();
  const push = (partnerId: string, line: Omit<StatementLine, "amount">, amount: Decimal) => {
    const rounded = round(amount);
    if (rounded.isZero()) return;
    const list = lines.get(partnerId) ?? [];
    list.push({ ...line, amount: money(rounded) });
    lines.set(partnerId, list);
  };

  for (const e of revshare.values()) {
    if (e.base.isZero()) continue;
    push(e.partnerId, { component: "revshare", userId: e.userId, revenueType: e.type, base: plain(e.base), rate: plain(new Decimal(e.rate)) }, e.base.mul(e.rate));
  }
  for (const [partnerId, n] of tiered) {
    const component = planOf(partnerId).components.find((c) => c.type === "tiered");
    if (component?.type !== "tiered") continue;
    push(partnerId, { component: "tiered", userId: null, revenueType: null, base: plain(n), rate: null }, tieredCommission(n, component.tiers));
  }

  // cpa: the first deposit ever of each user (earliest at, ties by id)
  const first = new Map<string, { id: string; at: number; amount: string }>();
  for (const d of input.deposits) {
    const at = parseInstant(d.at)!;
    const seen = first.get(d.userId);
    if (!seen || at < seen.at || (at === seen.at && d.id < seen.id)) first.set(d.userId, { id: d.id, at, amount: d.amount });
  }
  for (const [userId, deposit] of first) {
    const referral = referrals.get(userId);
    if (!referral || !inPeriod(deposit.at) || deposit.at < referral.at) continue;
    const cpa = planOf(referral.partnerId).components.find((c) => c.type === "cpa");
    if (cpa?.type !== "cpa" || new Decimal(deposit.amount).lt(cpa.minFirstDeposit)) continue;
    push(referral.partnerId, { component: "cpa", userId, revenueType: null, base: null, rate: null }, new Decimal(cpa.amount));
  }

  // overrides: from each child's own lines (children have no children, so none of theirs is an override)
  const sum = (list: readonly StatementLine[]) => list.reduce((acc, l) => acc.add(l.amount), new Decimal(0));
  const overrides: Array<[string, Omit<StatementLine, "amount">, Decimal]> = [];
  for (const child of input.partners) {
    if (child.parentId === null) continue;
    const overrideRate = planOf(child.parentId).overrideRate;
    const own = lines.get(child.id);
    if (overrideRate === undefined || !own) continue;
    const subtotal = sum(own);
    overrides.push([child.parentId, { component: "override", userId: child.id, revenueType: null, base: plain(subtotal), rate: plain(new Decimal(overrideRate)) }, subtotal.mul(overrideRate)]);
  }
  for (const [parentId, line, amount] of overrides) push(parentId, line, amount);

  const balances = new Map(input.balances.map((b) => [b.partnerId, new Decimal(b.amount)]));
  const ids = [...new Set([...lines.keys(), ...[...balances].filter(([, b]) => !b.isZero()).map(([id]) => id)])].sort(byCodeUnits);
  const minPayout = new Decimal(input.minPayout);
  const totals = { subtotal: new Decimal(0), payable: new Decimal(0), carried: new Decimal(0) };
  const statements = ids.map((partnerId): Statement => {
    const own = (lines.get(partnerId) ?? []).sort(compareLines);
    const subtotal = sum(own);
    const opening = balances.get(partnerId) ?? new Decimal(0);
    const closing = opening.add(subtotal);
    const payable = closing.gte(minPayout) ? closing : new Decimal(0);
    const carried = closing.sub(payable);
    totals.subtotal = totals.subtotal.add(subtotal);
    totals.payable = totals.payable.add(payable);
    totals.carried = totals.carried.add(carried);
    return { partnerId, lines: own, subtotal: money(subtotal), opening: money(opening), closing: money(closing), payable: money(payable), carried: money(carried) };
  });
  return {
    period: { start: input.period.start, end: input.period.end },
    currency: input.currency,
    statements,
    totals: { subtotal: money(totals.subtotal), payable: money(totals.payable), carried: money(totals.carried) },
  };
}

/** The bytes `ist commissions settle` prints: one-space indented JSON and a newline. */
export function formatSettlement(output: SettlementOutput): string {
  return `${JSON.stringify(output, null, 1)}\n`;
}

/**
 * Whether the engine would settle with this plan: the same checks as a settlement's input (rates,
 * one component per type, increasing tiers…). The error's path is relative to the plan
 * (`components[1].tiers[0].upTo`), so a form can show it beside the field.
 */
export function checkPlan(plan: { overrideRate?: string | null; components: unknown }): SettlementInputError | null {
  const { overrideRate, components } = plan;
  try {
    parseSettlementInput({
      period: { start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" },
      currency: "USD",
      minPayout: "0",
      plans: [{ id: "plan", ...(overrideRate === null || overrideRate === undefined ? {} : { overrideRate }), components }],
      ...{ partners: [], referrals: [], revenue: [], deposits: [], reversals: [], balances: [] },
    });
    return null;
  } catch (error) {
    if (!(error instanceof SettlementInputError) || !error.path.startsWith("plans[0]")) throw error;
    const path = error.path.slice("plans[0]".length).replace(/^\./, "") || "components";
    return new SettlementInputError(path, error.reason);
  }
}

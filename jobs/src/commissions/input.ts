import { z } from "zod";

/**
 * The settlement engine's input (COMMISSIONS.md "Input"): its zod shape, then the cross-item rules
 * a shape cannot say (duplicates, unknown references, reversal sums, parent depth). Bad input is
 * refused as a whole, naming the first offending item by its JSON path.
 */

export const REVENUE_TYPES = ["trading_fee", "subscription", "advertising", "ai_service", "data_service", "virtual_goods"] as const;
export type RevenueType = (typeof REVENUE_TYPES)[number];

/** ISO 4217 minor units of the currencies a settlement may be in. */
export const MINOR_UNITS = { USD: 2, EUR: 2, GBP: 2, CNY: 2, HKD: 2, SGD: 2, JPY: 0, KRW: 0 } as const;
export type Currency = keyof typeof MINOR_UNITS;

/** Bad input: `path` is the JSON path of the first offending item (`revenue[17].amount`). */
export class SettlementInputError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

// at most 20 integer digits: far beyond any money, and it keeps every product exact at the engine's precision
const DECIMAL = /^-?(0|[1-9]\d{0,19})(\.\d{1,8})?$/;
const decimal = z.string().regex(DECIMAL, "not a decimal");
const positive = decimal.refine((s) => !s.startsWith("-") && /[1-9]/.test(s), "must be greater than 0");
const nonNegative = decimal.refine((s) => !s.startsWith("-"), "must not be negative");
const rate = decimal.refine((s) => !s.startsWith("-") && (/^0(\.\d+)?$/.test(s) || /^1(\.0+)?$/.test(s)), "must be a rate from 0 to 1");

/** ISO-8601 with a zone, at most microseconds; Feb 30 and 25:00 are refused, not rolled over. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const digits = (s: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};

/** Microseconds since the epoch: exact for 6 fractional digits, well inside 2^53. (Hot: once per event.) */
export function parseInstant(s: string): number | null {
  const m = TIMESTAMP.exec(s);
  if (!m) return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  const h = digits(s, 11, 13);
  const mi = digits(s, 14, 16);
  const se = digits(s, 17, 19);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo - 1) || h > 23 || mi > 59 || se > 59) return null;
  const zone = m[8] as string;
  let offsetMin = 0;
  if (zone !== "Z") {
    const oh = digits(zone, 1, 3);
    const om = digits(zone, 4, 6);
    if (oh > 23 || om > 59) return null;
    offsetMin = (zone.charCodeAt(0) === 45 ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(y, mo - 1, d, h, mi, se) - offsetMin * 60_000;
  const fraction = m[7];
  return ms * 1000 + (fraction === undefined ? 0 : digits(fraction.padEnd(6, "0"), 0, 6));
}

export function daysIn(year: number, month0: number): number {
  return month0 === 1 && isLeap(year) ? 29 : MONTH_DAYS[month0]!;
}

const timestamp = z.string().refine((s) => parseInstant(s) !== null, "not an ISO-8601 timestamp with a zone");
const id = z.string().min(1, "must not be empty").max(128, "at most 128 characters");
const revenueType = z.enum(REVENUE_TYPES, { error: `not a revenue type (${REVENUE_TYPES.join(", ")})` });
const months = z.number().int("must be a whole number of months").min(1, "must be at least 1").max(1200, "at most 1200").nullable();

const Revshare = z.strictObject({ type: z.literal("revshare"), rate, revenueTypes: z.array(revenueType), months });
const Cpa = z.strictObject({ type: z.literal("cpa"), amount: nonNegative, minFirstDeposit: nonNegative });
const Tier = z.strictObject({ upTo: positive.nullable(), rate });
const Tiered = z.strictObject({ type: z.literal("tiered"), revenueTypes: z.array(revenueType), months, tiers: z.array(Tier).min(1, "needs at least one tier") });
export const PlanComponent = z.discriminatedUnion("type", [Revshare, Cpa, Tiered], { error: "not a component type (revshare, cpa, tiered)" });

export const SettlementInput = z.strictObject({
  period: z.strictObject({ start: timestamp, end: timestamp }),
  currency: z.enum(Object.keys(MINOR_UNITS) as [Currency, ...Currency[]], { error: `not a supported currency (${Object.keys(MINOR_UNITS).join(", ")})` }),
  minPayout: nonNegative,
  plans: z.array(z.strictObject({ id, overrideRate: rate.optional(), components: z.array(PlanComponent) })),
  partners: z.array(z.strictObject({ id, planId: id, parentId: id.nullable() })),
  referrals: z.array(z.strictObject({ userId: id, partnerId: id, at: timestamp })),
  revenue: z.array(z.strictObject({ id, userId: id, type: revenueType, amount: positive, at: timestamp })),
  deposits: z.array(z.strictObject({ id, userId: id, amount: positive, at: timestamp })),
  reversals: z.array(z.strictObject({ id, revenueId: id, amount: positive, at: timestamp })),
  balances: z.array(z.strictObject({ partnerId: id, amount: decimal })),
});
export type SettlementInput = z.infer<typeof SettlementInput>;
export type PlanComponent = z.infer<typeof PlanComponent>;
/** A settlement rate: a decimal string from 0 to 1. */
export const Rate = rate;
/** A decimal string of at most 8 fractional digits. */
export const DecimalString = decimal;

/** `["revenue", 17, "amount"]` → `revenue[17].amount` */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `${out ? "." : ""}${String(key)}`;
  return out || "(input)";
}

function fractionDigits(s: string): number {
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Compares decimal strings exactly: integer parts padded, then fraction parts padded (both non-negative). */
function compareNonNegative(a: string, b: string): number {
  const [ai = "", af = ""] = a.split(".");
  const [bi = "", bf = ""] = b.split(".");
  const width = Math.max(ai.length, bi.length);
  const fw = Math.max(af.length, bf.length);
  const x = ai.padStart(width, "0") + af.padEnd(fw, "0");
  const y = bi.padStart(width, "0") + bf.padEnd(fw, "0");
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sums non-negative decimals of at most 8 fractional digits exactly (as integer units of 1e-8). */
function units(s: string): bigint {
  const [i = "0", f = ""] = s.split(".");
  return BigInt(i) * 100_000_000n + BigInt(f.padEnd(8, "0"));
}

function uniqueIds<T>(items: readonly T[], key: (t: T) => string, path: (i: number) => string, what = "duplicate id"): Map<string, T> {
  const seen = new Map<string, T>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) throw new SettlementInputError(path(i), `${what} ${JSON.stringify(k)}`);
    seen.set(k, item);
  });
  return seen;
}

/** Parses and checks the whole input; throws SettlementInputError at the first offending item. */
export function parseSettlementInput(raw: unknown): SettlementInput {
  const parsed = SettlementInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SettlementInputError(jsonPath(issue?.path ?? []), issue?.message ?? "invalid input");
  }
  const input = parsed.data;
  const minor = MINOR_UNITS[input.currency];

  if (parseInstant(input.period.end)! <= parseInstant(input.period.start)!) throw new SettlementInputError("period.end", "must be after period.start");
  if (fractionDigits(input.minPayout) > minor) throw new SettlementInputError("minPayout", `more fractional digits than ${input.currency} has (${minor})`);

  const plans = uniqueIds(input.plans, (p) => p.id, (i) => `plans[${i}].id`);
  input.plans.forEach((plan, i) => {
    const types = new Set<string>();
    plan.components.forEach((c, j) => {
      if (types.has(c.type)) throw new SettlementInputError(`plans[${i}].components[${j}].type`, `a second ${c.type} component in one plan`);
      types.add(c.type);
      if (c.type !== "tiered") return;
      c.tiers.forEach((t, k) => {
        const at = `plans[${i}].components[${j}].tiers[${k}].upTo`;
        const last = k === c.tiers.length - 1;
        if (last && t.upTo !== null) throw new SettlementInputError(at, "the last tier's upTo must be null");
        if (!last && t.upTo === null) throw new SettlementInputError(at, "only the last tier may have upTo null");
        const prev = k > 0 ? c.tiers[k - 1]!.upTo : null;
        if (t.upTo !== null && prev !== null && compareNonNegative(t.upTo, prev) <= 0) throw new SettlementInputError(at, "tiers must be strictly increasing");
      });
    });
  });

  const partners = uniqueIds(input.partners, (p) => p.id, (i) => `partners[${i}].id`);
  input.partners.forEach((p, i) => {
    if (!plans.has(p.planId)) throw new SettlementInputError(`partners[${i}].planId`, `unknown plan ${JSON.stringify(p.planId)}`);
    if (p.parentId === null) return;
    const parent = partners.get(p.parentId);
    if (!parent) throw new SettlementInputError(`partners[${i}].parentId`, `unknown partner ${JSON.stringify(p.parentId)}`);
    if (parent.parentId !== null) throw new SettlementInputError(`partners[${i}].parentId`, `${JSON.stringify(p.parentId)} has a parent of its own: at most one level`);
  });

  uniqueIds(input.referrals, (r) => r.userId, (i) => `referrals[${i}].userId`, "user referred twice:");
  input.referrals.forEach((r, i) => {
    if (!partners.has(r.partnerId)) throw new SettlementInputError(`referrals[${i}].partnerId`, `unknown partner ${JSON.stringify(r.partnerId)}`);
  });

  const revenue = uniqueIds(input.revenue, (r) => r.id, (i) => `revenue[${i}].id`);
  uniqueIds(input.deposits, (d) => d.id, (i) => `deposits[${i}].id`);
  uniqueIds(input.reversals, (x) => x.id, (i) => `reversals[${i}].id`);
  const reversed = new Map<string, bigint>();
  input.reversals.forEach((x, i) => {
    const r = revenue.get(x.revenueId);
    if (!r) throw new SettlementInputError(`reversals[${i}].revenueId`, `unknown revenue ${JSON.stringify(x.revenueId)}`);
    if (parseInstant(x.at)! < parseInstant(r.at)!) throw new SettlementInputError(`reversals[${i}].at`, `before its revenue ${JSON.stringify(r.id)}`);
    const sum = (reversed.get(r.id) ?? 0n) + units(x.amount);
    if (sum > units(r.amount)) throw new SettlementInputError(`reversals[${i}].amount`, `reversals of ${JSON.stringify(r.id)} sum to more than its amount`);
    reversed.set(r.id, sum);
  });

  uniqueIds(input.balances, (b) => b.partnerId, (i) => `balances[${i}].partnerId`, "second balance for");
  input.balances.forEach((b, i) => {
    if (!partners.has(b.partnerId)) throw new SettlementInputError(`balances[${i}].partnerId`, `unknown partner ${JSON.stringify(b.partnerId)}`);
    if (fractionDigits(b.amount) > minor) throw new SettlementInputError(`balances[${i}].amount`, `more fractional digits than ${input.currency} has (${minor})`);
  });
  return input;
}

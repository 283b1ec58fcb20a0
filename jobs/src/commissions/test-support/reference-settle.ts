/**
 * A second, deliberately simple settlement written from COMMISSIONS.md alone, for the property test:
 * integer arithmetic on BigInt (amounts in units of 1e-8, rates in 1e-8), calendar months through
 * the Date object, nested loops instead of indexes. It trusts its input (the engine validates).
 * It shares no code with engine.ts.
 */

const SCALE = 100_000_000n; // 1e8

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- plain JSON, read loosely on purpose

function toUnits(s: string): bigint {
  const negative = s.startsWith("-");
  const [i, f = ""] = (negative ? s.slice(1) : s).split(".");
  const v = BigInt(i!) * SCALE + BigInt((f + "00000000").slice(0, 8));
  return negative ? -v : v;
}

/** value / divisor rounded half to even */
function divRound(value: bigint, divisor: bigint): bigint {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let q = abs / divisor;
  const r = abs % divisor;
  if (r * 2n > divisor || (r * 2n === divisor && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** units of 10^-scale → plain string with trailing zeros removed */
function plain(v: bigint, scale: number): string {
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
  if (v === 0n) return "0";
  return (negative ? "-" : "") + (frac ? `${int}.${frac}` : int);
}

/** units of 10^-minor → string with exactly `minor` fraction digits */
function fixed(v: bigint, minor: number): string {
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(minor + 1, "0");
  const s = minor === 0 ? digits : `${digits.slice(0, -minor)}.${digits.slice(-minor)}`;
  return (negative && v !== 0n ? "-" : "") + s;
}

function time(s: string): number {
  // the property test's timestamps are whole seconds in UTC
  return new Date(s).getTime();
}

function windowEnd(at: string, months: number): number {
  const d = new Date(at);
  const day = d.getUTCDate();
  const target = new Date(d.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.getTime();
}

export function referenceSettle(input: Json): Json {
  const minor = { JPY: 0, KRW: 0 }[input.currency as string] ?? 2;
  const toMinor = (unitsTimesScale: bigint, extraScale: bigint) => divRound(unitsTimesScale, (SCALE * extraScale) / 10n ** BigInt(minor));
  const start = time(input.period.start);
  const end = time(input.period.end);
  const within = (t: number) => t >= start && t < end;
  const planOf = (partnerId: string): Json => input.plans.find((p: Json) => p.id === input.partners.find((q: Json) => q.id === partnerId).planId);

  const eligible = (rev: Json, component: Json, partnerId: string): boolean => {
    const ref = input.referrals.find((r: Json) => r.userId === rev.userId);
    if (!ref || ref.partnerId !== partnerId) return false;
    if (time(rev.at) < time(ref.at)) return false;
    if (!component.revenueTypes.includes(rev.type)) return false;
    if (component.months !== null && time(rev.at) >= windowEnd(ref.at, component.months)) return false;
    return true;
  };
  /** base in units of 1e-8 for the events chosen by `pick` */
  const baseOf = (component: Json, partnerId: string, pick: (rev: Json) => boolean): bigint => {
    let base = 0n;
    for (const rev of input.revenue) if (within(time(rev.at)) && pick(rev) && eligible(rev, component, partnerId)) base += toUnits(rev.amount);
    for (const x of input.reversals) {
      const rev = input.revenue.find((r: Json) => r.id === x.revenueId);
      if (within(time(x.at)) && pick(rev) && eligible(rev, component, partnerId)) base -= toUnits(x.amount);
    }
    return base;
  };

  const own: Record<string, Json[]> = {};
  for (const partner of input.partners) {
    const lines: Json[] = [];
    const plan = planOf(partner.id);
    for (const c of plan.components) {
      if (c.type === "revshare") {
        for (const ref of input.referrals.filter((r: Json) => r.partnerId === partner.id)) {
          for (const type of ["advertising", "ai_service", "data_service", "subscription", "trading_fee", "virtual_goods"]) {
            const base = baseOf(c, partner.id, (rev) => rev.userId === ref.userId && rev.type === type);
            if (base === 0n) continue;
            const amount = toMinor(base * toUnits(c.rate), SCALE);
            if (amount !== 0n) lines.push({ component: "revshare", userId: ref.userId, revenueType: type, base: plain(base, 8), rate: plain(toUnits(c.rate), 8), amount });
          }
        }
      }
      if (c.type === "tiered") {
        const n = baseOf(c, partner.id, () => true);
        let commission = 0n; // units 1e-16
        if (n <= 0n) commission = n * toUnits(c.tiers[0].rate);
        else {
          let lower = 0n;
          for (const tier of c.tiers) {
            const upper = tier.upTo === null ? n : toUnits(tier.upTo);
            const slice = (n < upper ? n : upper) - lower;
            if (slice > 0n) commission += slice * toUnits(tier.rate);
            lower = upper;
          }
        }
        const amount = toMinor(commission, SCALE);
        if (amount !== 0n) lines.push({ component: "tiered", userId: null, revenueType: null, base: plain(n, 8), rate: null, amount });
      }
      if (c.type === "cpa") {
        for (const ref of input.referrals.filter((r: Json) => r.partnerId === partner.id)) {
          const deposits = input.deposits.filter((d: Json) => d.userId === ref.userId);
          deposits.sort((a: Json, b: Json) => time(a.at) - time(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
          const firstDeposit = deposits[0];
          if (!firstDeposit || !within(time(firstDeposit.at)) || time(firstDeposit.at) < time(ref.at)) continue;
          if (toUnits(firstDeposit.amount) < toUnits(c.minFirstDeposit)) continue;
          const amount = toMinor(toUnits(c.amount), 1n);
          if (amount !== 0n) lines.push({ component: "cpa", userId: ref.userId, revenueType: null, base: null, rate: null, amount });
        }
      }
    }
    own[partner.id] = lines;
  }

  const all: Record<string, Json[]> = {};
  for (const partner of input.partners) all[partner.id] = [...own[partner.id]!];
  for (const child of input.partners) {
    if (child.parentId === null || own[child.id]!.length === 0) continue;
    const rate = planOf(child.parentId).overrideRate;
    if (rate === undefined) continue;
    const subtotal = own[child.id]!.reduce((s: bigint, l: Json) => s + l.amount, 0n); // minor units
    const amount = divRound(subtotal * toUnits(rate), SCALE);
    if (amount !== 0n) all[child.parentId]!.push({ component: "override", userId: child.id, revenueType: null, base: plain(subtotal, minor), rate: plain(toUnits(rate), 8), amount });
  }

  const order = ["cpa", "override", "revshare", "tiered"];
  const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  const statements: Json[] = [];
  let tSub = 0n;
  let tPay = 0n;
  let tCar = 0n;
  const ids = input.partners.map((p: Json) => p.id).sort(cmp);
  for (const id of ids) {
    const lines = all[id]!;
    const balance = input.balances.find((b: Json) => b.partnerId === id);
    const opening = balance ? divRound(toUnits(balance.amount), SCALE / 10n ** BigInt(minor)) : 0n;
    if (lines.length === 0 && opening === 0n) continue;
    lines.sort((a, b) => order.indexOf(a.component) - order.indexOf(b.component) || cmp(a.userId, b.userId) || cmp(a.revenueType, b.revenueType));
    const subtotal = lines.reduce((s: bigint, l: Json) => s + l.amount, 0n);
    const closing = opening + subtotal;
    const payable = closing >= divRound(toUnits(input.minPayout), SCALE / 10n ** BigInt(minor)) ? closing : 0n;
    tSub += subtotal;
    tPay += payable;
    tCar += closing - payable;
    statements.push({
      partnerId: id,
      lines: lines.map((l) => ({ ...l, amount: fixed(l.amount, minor) })),
      subtotal: fixed(subtotal, minor),
      opening: fixed(opening, minor),
      closing: fixed(closing, minor),
      payable: fixed(payable, minor),
      carried: fixed(closing - payable, minor),
    });
  }
  return { period: input.period, currency: input.currency, statements, totals: { subtotal: fixed(tSub, minor), payable: fixed(tPay, minor), carried: fixed(tCar, minor) } };
}

import { createHash } from "node:crypto";
import type { SettlementInput } from "./input";

/**
 * The engine input of one period from what Postgres and the lake hold: the plan versions in force
 * at the period's start, partners by their code, referral codes mapped to partners, and the
 * lake's events. Pure; its JSON (arrays in a fixed order) is what the sha256 of a statement run is
 * taken over, so a statement can be recomputed and compared later.
 */

export interface PlanVersionRow {
  planKey: string;
  version: number;
  effectiveFrom: Date;
  overrideRate: string | null;
  components: SettlementInput["plans"][number]["components"];
}

export interface AssembleSources {
  period: { start: Date; end: Date };
  currency: SettlementInput["currency"];
  minPayout: string;
  versions: readonly PlanVersionRow[];
  partners: ReadonlyArray<{ code: string; planKey: string; parentCode: string | null }>;
  /** referral code → partner code */
  codes: ReadonlyMap<string, string>;
  lake: {
    referrals: ReadonlyArray<{ userId: string; referralCode: string; at: string }>;
    revenue: SettlementInput["revenue"];
    deposits: SettlementInput["deposits"];
    reversals: SettlementInput["reversals"];
  };
  balances: SettlementInput["balances"];
}

const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");
const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export function assembleSettlementInput(s: AssembleSources): SettlementInput {
  const inForce = new Map<string, PlanVersionRow>();
  for (const v of s.versions) {
    if (v.effectiveFrom > s.period.start) continue;
    const best = inForce.get(v.planKey);
    if (!best || v.version > best.version) inForce.set(v.planKey, v);
  }
  const planKeys = [...new Set(s.partners.map((p) => p.planKey))].sort();
  // a plan with no version in force yet pays nothing this period
  const plans = planKeys.map((id) => {
    const v = inForce.get(id);
    return { id, ...(v?.overrideRate != null ? { overrideRate: v.overrideRate } : {}), components: v?.components ?? [] };
  });
  const partners = [...s.partners].sort(byKey((p) => p.code)).map((p) => ({ id: p.code, planId: p.planKey, parentId: p.parentCode }));
  const referrals = s.lake.referrals
    .filter((r) => s.codes.has(r.referralCode))
    .map((r) => ({ userId: r.userId, partnerId: s.codes.get(r.referralCode)!, at: r.at }))
    .sort(byKey((r) => r.userId));
  const referred = new Set(referrals.map((r) => r.userId));
  const revenue = s.lake.revenue.filter((r) => referred.has(r.userId)).sort(byKey((r) => r.id));
  const revenueIds = new Set(revenue.map((r) => r.id));
  return {
    period: { start: iso(s.period.start), end: iso(s.period.end) },
    currency: s.currency,
    minPayout: s.minPayout,
    plans,
    partners,
    referrals,
    revenue,
    deposits: s.lake.deposits.filter((d) => referred.has(d.userId)).sort(byKey((d) => d.id)),
    reversals: s.lake.reversals.filter((x) => revenueIds.has(x.revenueId)).sort(byKey((x) => x.id)),
    balances: [...s.balances].sort(byKey((b) => b.partnerId)),
  };
}

/** sha256 (hex) of the engine input's JSON: the fingerprint stored with a run's statements. */
export function inputDigest(input: SettlementInput): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("hex");
}

import { CHANNELS, COUNTRIES, DEVICES, PARTNER_TYPES, type PartnerType } from "./catalog.js";
import { cumulative, type Rng, zipf } from "./rng.js";

/** A referral partner as the operational database's commission engine needs it. */
export interface Partner {
  partner_id: string;
  type: PartnerType;
  name: string;
  referral_code: string;
  /** Share of referred users' net revenue paid as commission (introducing brokers and KOLs). */
  revenue_share: string;
  /** One-off payment per referred user's first deposit (affiliates). */
  cpa_amount: string;
  currency: "USD";
}

const CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function makePartners(rng: Rng, count: number): Partner[] {
  return Array.from({ length: count }, (_, i) => {
    const type = PARTNER_TYPES[rng.weighted(cumulative([50, 30, 20]))] as PartnerType;
    let code = "";
    for (let k = 0; k < 6; k++) code += CODE_CHARS[rng.int(CODE_CHARS.length)];
    const n = String(i + 1).padStart(4, "0");
    return {
      partner_id: `p${n}`,
      type,
      name: `${type === "kol" ? "KOL" : type === "introducing_broker" ? "IB" : "Affiliate"} ${n}`,
      referral_code: `${code}${n}`,
      revenue_share: type === "affiliate" ? "0" : type === "kol" ? "0.2" : "0.3",
      cpa_amount: type === "affiliate" ? (50 + 25 * rng.int(5)).toFixed(2) : "0",
      currency: "USD",
    };
  });
}

/** Per-user static traits, as typed arrays so 50k–1M users stay small in memory. */
export interface Population {
  n: number;
  ids: string[];
  signupMs: Float64Array;
  signupDay: Int32Array;
  country: Uint8Array;
  channel: Uint8Array;
  device: Uint8Array;
  /** Index into partners, or -1. */
  partner: Int32Array;
  /** Base probability of a login on a given day. */
  engagement: Float32Array;
  /** Mean own trades per active day; 0 for non-traders. */
  tradeRate: Float32Array;
  social: Float32Array;
  payer: Float32Array;
  apiUser: Uint8Array;
  /** Rank among leaders (0 = most followed), or -1. */
  leaderRank: Int32Array;
  leaders: number[];
}

const countryCum = cumulative(COUNTRIES.map((c) => c[1]));
const channelCum = cumulative(CHANNELS.map((c) => c[1]));
const deviceCum = cumulative(DEVICES.map((c) => c[1]));
const PARTNER_CHANNEL: Record<string, PartnerType | undefined> = { affiliate: "affiliate", introducing_broker: "introducing_broker", kol: "kol" };

/**
 * Users in signup order. Signups grow over the window (about 2.5× by the end), dip at weekends,
 * and come mostly in the European and Asian evenings (UTC).
 */
export function makePopulation(rng: Rng, n: number, days: number, startMs: number, partners: Partner[]): Population {
  const dayWeights = Array.from({ length: days }, (_, d) => {
    const dow = new Date(startMs + d * 86_400_000).getUTCDay();
    return (1 + (1.5 * d) / Math.max(1, days)) * (dow === 0 || dow === 6 ? 0.8 : 1);
  });
  const dayCum = cumulative(dayWeights);
  const signupMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = rng.weighted(dayCum);
    const hour = (rng.chance(0.5) ? 12 + 3 * rng.normal() : 19 + 3 * rng.normal()) + 24;
    signupMs[i] = startMs + d * 86_400_000 + Math.floor(((hour % 24) / 24) * 86_400_000);
  }
  signupMs.sort();
  const byType = new Map<PartnerType, number[]>();
  partners.forEach((p, i) => byType.set(p.type, [...(byType.get(p.type) ?? []), i]));
  const partnerCum = new Map([...byType].map(([t, idx]) => [t, zipf(idx.length, 1.1)]));

  const pop: Population = {
    n,
    ids: Array.from({ length: n }, (_, i) => `u${String(i + 1).padStart(7, "0")}`),
    signupMs,
    signupDay: Int32Array.from(signupMs, (ms) => Math.floor((ms - startMs) / 86_400_000)),
    country: new Uint8Array(n),
    channel: new Uint8Array(n),
    device: new Uint8Array(n),
    partner: new Int32Array(n).fill(-1),
    engagement: new Float32Array(n),
    tradeRate: new Float32Array(n),
    social: new Float32Array(n),
    payer: new Float32Array(n),
    apiUser: new Uint8Array(n),
    leaderRank: new Int32Array(n).fill(-1),
    leaders: [],
  };
  for (let i = 0; i < n; i++) {
    pop.country[i] = rng.weighted(countryCum);
    const ch = rng.weighted(channelCum);
    pop.channel[i] = ch;
    pop.device[i] = rng.weighted(deviceCum);
    const ptype = PARTNER_CHANNEL[CHANNELS[ch]?.[0] ?? ""];
    const candidates = ptype ? byType.get(ptype) : undefined;
    const cum = ptype ? partnerCum.get(ptype) : undefined;
    if (candidates && cum && candidates.length > 0) pop.partner[i] = candidates[rng.weighted(cum)] ?? -1;
    // Partner-referred users (especially brokers') engage and trade more than paid-social ones.
    const channelLift = ptype === "introducing_broker" ? 1.25 : ptype ? 1.1 : CHANNELS[ch]?.[0] === "paid_social" ? 0.85 : 1;
    pop.engagement[i] = Math.min(0.92, (0.08 + 0.7 * Math.pow(rng.next(), 1.6)) * channelLift);
    pop.tradeRate[i] = rng.chance(0.55) ? rng.lognormal(1.2, 0.7) * channelLift : 0;
    pop.social[i] = rng.chance(0.35) ? rng.lognormal(1, 0.6) : 0.1;
    pop.payer[i] = rng.lognormal(1, 0.8);
    pop.apiUser[i] = rng.chance(0.015) ? 1 : 0;
  }
  // Leaders are the most active traders among the first fifth of signups (the early community).
  const early = Array.from({ length: Math.max(1, Math.floor(n / 5)) }, (_, i) => i).filter((i) => (pop.tradeRate[i] ?? 0) > 0);
  early.sort((a, b) => (pop.tradeRate[b] ?? 0) * (pop.engagement[b] ?? 0) - (pop.tradeRate[a] ?? 0) * (pop.engagement[a] ?? 0) || a - b);
  for (const i of early.slice(0, Math.max(3, Math.round(n * 0.004)))) {
    pop.leaderRank[i] = pop.leaders.length;
    pop.leaders.push(i);
    pop.engagement[i] = Math.max(pop.engagement[i] ?? 0, 0.8);
  }
  return pop;
}

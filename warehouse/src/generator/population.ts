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

function dayWeight(d: number, days: number, startMs: number): number {
  const dow = new Date(startMs + d * 86_400_000).getUTCDay();
  // growth stops at the window's end: the days after it (a live demo's) keep its last day's pace
  return (1 + (1.5 * Math.min(d, days - 1)) / Math.max(1, days)) * (dow === 0 || dow === 6 ? 0.8 : 1);
}

function signupTime(rng: Rng, startMs: number, d: number): number {
  const hour = (rng.chance(0.5) ? 12 + 3 * rng.normal() : 19 + 3 * rng.normal()) + 24;
  return startMs + d * 86_400_000 + Math.floor(((hour % 24) / 24) * 86_400_000);
}

function emptyPopulation(n: number, signupMs: Float64Array, startMs: number): Population {
  return {
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
}

type PartnerPickers = readonly [byType: Map<PartnerType, number[]>, cum: Map<PartnerType, Float64Array>];

function partnerPickers(partners: Partner[]): PartnerPickers {
  const byType = new Map<PartnerType, number[]>();
  partners.forEach((p, i) => byType.set(p.type, [...(byType.get(p.type) ?? []), i]));
  return [byType, new Map([...byType].map(([t, idx]) => [t, zipf(idx.length, 1.1)]))];
}

/** Draws user i's traits (one fixed order of draws, so a seed replays). */
function drawTraits(pop: Population, i: number, rng: Rng, [byType, partnerCum]: PartnerPickers): void {
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

/**
 * Users in signup order. Signups grow over the window (about 2.5× by the end), dip at weekends,
 * and come mostly in the European and Asian evenings (UTC).
 */
export function makePopulation(rng: Rng, n: number, days: number, startMs: number, partners: Partner[]): Population {
  const dayCum = cumulative(Array.from({ length: days }, (_, d) => dayWeight(d, days, startMs)));
  const signupMs = new Float64Array(n);
  for (let i = 0; i < n; i++) signupMs[i] = signupTime(rng, startMs, rng.weighted(dayCum));
  signupMs.sort();
  const pickers = partnerPickers(partners);
  const pop = emptyPopulation(n, signupMs, startMs);
  for (let i = 0; i < n; i++) drawTraits(pop, i, rng, pickers);
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

/**
 * The same population with the users who sign up in the `extraDays` after the window, at the
 * window's last pace (a live demo runs past its seeded history). Drawn from their own stream, so
 * the window's users and everything they do are exactly what `makePopulation` alone gives.
 */
export function growPopulation(base: Population, rng: Rng, days: number, extraDays: number, startMs: number, partners: Partner[]): Population {
  if (extraDays <= 0) return base;
  const total = Array.from({ length: days }, (_, d) => dayWeight(d, days, startMs)).reduce((a, b) => a + b, 0);
  const times: number[] = [];
  for (let d = days; d < days + extraDays; d++) {
    const k = rng.poisson((base.n * dayWeight(d, days, startMs)) / total);
    const day: number[] = [];
    for (let j = 0; j < k; j++) day.push(signupTime(rng, startMs, d));
    times.push(...day.sort((a, b) => a - b));
  }
  const n = base.n + times.length;
  const signupMs = new Float64Array(n);
  signupMs.set(base.signupMs);
  signupMs.set(times, base.n);
  const pop = emptyPopulation(n, signupMs, startMs);
  for (const key of ["country", "channel", "device", "partner", "engagement", "tradeRate", "social", "payer", "apiUser", "leaderRank"] as const) {
    (pop[key] as Uint8Array).set(base[key] as Uint8Array);
  }
  pop.leaders = [...base.leaders];
  const pickers = partnerPickers(partners);
  for (let i = base.n; i < n; i++) drawTraits(pop, i, rng, pickers);
  return pop;
}

import { encodeTime } from "ulid";
import {
  AI_PRODUCTS, BASE_CHURN_HAZARD, CAMPAIGN_CHANNELS, CAMPAIGN_CLICK_DEPOSIT_MULTIPLIER, CAMPAIGN_OPEN_RATE, CHANNELS, CHURN_HR,
  COUNTRIES, DATA_API_PRICE_PER_CALL, DEVICES, EXPERIMENTS, FEE_RATE, PLANS, SCREENS, SYMBOLS, VIRTUAL_ITEMS, WEEKDAY_FACTOR,
} from "./catalog.js";
import type { Partner, Population } from "./population.js";
import { cumulative, hash32, type Rng, zipf } from "./rng.js";

/**
 * The day-by-day life of the platform. Every user-day draws from one seeded stream in a fixed
 * order, so the same seed gives the same events. Only per-user state is kept (typed arrays); a
 * day's events go to the sink and are forgotten.
 */

export type EmitFn = (eventId: string, type: string, userId: string, tsMs: number, amount: string | null, props: string, ingestedMs: number) => void;

const DAY = 86_400_000;
const MAX_COPY = 3;
const planCum = cumulative(PLANS.map((p) => p.weight));
const varCums = EXPERIMENTS.map((e) => cumulative(e.variations.map((v) => v.weight)));
const B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

interface Scheduled {
  u: number;
  type: "refund" | "chargeback";
  revenueEventId: string;
  amount: string;
}

export interface Campaign {
  campaign_id: string;
  channel: (typeof CAMPAIGN_CHANNELS)[number];
  day: number;
}

export class Simulation {
  readonly counts = new Map<string, number>();
  readonly churnDay: Int32Array;
  /** When each user passed KYC (ms), or 0. */
  readonly kycAt: Float64Array;
  private readonly kycDay: Int32Array;
  private readonly deposited: Uint8Array;
  private readonly balance: Float64Array;
  private readonly lastLogin: Int32Array;
  private readonly nps: Int8Array;
  private readonly reversal: Uint8Array;
  private readonly subPlan: Int8Array;
  private readonly subYearly: Uint8Array;
  private readonly subNext: Int32Array;
  private readonly copies: Int32Array;
  private readonly exposure: Int8Array;
  private readonly boostUntil: Int32Array;
  private readonly boostCampaign: Int32Array;
  private readonly followers: Set<number>[];
  private readonly leaderCum: Float64Array;
  private readonly scheduled = new Map<number, Scheduled[]>();
  private readonly idPrefix: string;
  private seq = 0;
  private alive: number[] = [];
  private nextSignup = 0;
  readonly campaigns: Campaign[];

  constructor(
    private readonly rng: Rng,
    private readonly pop: Population,
    private readonly partners: Partner[],
    private readonly startMs: number,
    private readonly days: number,
    seed: number,
    private readonly emit: EmitFn,
  ) {
    const n = pop.n;
    this.churnDay = new Int32Array(n).fill(-1);
    this.kycDay = new Int32Array(n).fill(-1);
    this.kycAt = new Float64Array(n);
    this.deposited = new Uint8Array(n);
    this.balance = new Float64Array(n);
    this.lastLogin = new Int32Array(n).fill(-1);
    this.nps = new Int8Array(n).fill(-1);
    this.reversal = new Uint8Array(n);
    this.subPlan = new Int8Array(n).fill(-1);
    this.subYearly = new Uint8Array(n);
    this.subNext = new Int32Array(n).fill(-1);
    this.copies = new Int32Array(n * MAX_COPY).fill(-1);
    this.exposure = new Int8Array(n * EXPERIMENTS.length).fill(-1);
    this.boostUntil = new Int32Array(n).fill(-1);
    this.boostCampaign = new Int32Array(n).fill(-1);
    this.followers = pop.leaders.map(() => new Set<number>());
    this.leaderCum = zipf(Math.max(1, pop.leaders.length), 1.2);
    this.idPrefix = (seed >>> 0).toString(32).toUpperCase().padStart(4, "0").slice(-4).replace(/[ILOU]/g, "X");
    this.campaigns = Array.from({ length: Math.max(1, Math.floor(days / 6)) }, (_, i) => ({
      campaign_id: `c${String(i + 1).padStart(3, "0")}`,
      channel: CAMPAIGN_CHANNELS[i % CAMPAIGN_CHANNELS.length] as Campaign["channel"],
      day: Math.min(days - 1, 3 + i * 6 + rng.int(3)),
    }));
  }

  /** Followers each leader has at the end, most followed first. */
  followerCounts(): { user_id: string; followers: number }[] {
    return this.pop.leaders
      .map((u, rank) => ({ user_id: this.pop.ids[u] as string, followers: this.followers[rank]?.size ?? 0 }))
      .sort((a, b) => b.followers - a.followers);
  }

  /** Simulates day `d` (0-based) and emits its events. */
  day(d: number): void {
    const dayStart = this.startMs + d * DAY;
    for (const s of this.scheduled.get(d) ?? []) this.reverse(s, dayStart);
    this.scheduled.delete(d);
    while (this.nextSignup < this.pop.n && (this.pop.signupDay[this.nextSignup] ?? 0) <= d) {
      this.signup(this.nextSignup++);
      this.alive.push(this.nextSignup - 1);
    }
    const dow = new Date(dayStart).getUTCDay();
    const leaderTrades: { leader: number; symbol: number; side: string; price: number; tsMs: number }[] = [];
    const stillAlive: number[] = [];
    for (const u of this.alive) {
      if (this.userDay(u, d, dayStart, dow, leaderTrades)) stillAlive.push(u);
    }
    this.alive = stillAlive;
    for (const t of leaderTrades) this.mirror(t, d, dayStart);
    for (let c = 0; c < this.campaigns.length; c++) if (this.campaigns[c]?.day === d) this.campaign(c, d, dayStart);
  }

  private id(tsMs: number): string {
    let n = this.seq++;
    let s = "";
    for (let k = 0; k < 12; k++) {
      s = B32[n % 32] + s;
      n = Math.floor(n / 32);
    }
    return encodeTime(tsMs, 10) + this.idPrefix + s;
  }

  private out(type: string, u: number, at: number, amount: string | null, props: object): string {
    // Nothing a user does precedes their signup (campaigns and API usage pick times of day freely).
    const tsMs = Math.max(at, this.pop.signupMs[u] as number);
    const id = this.id(tsMs);
    this.emit(id, type, this.pop.ids[u] as string, tsMs, amount, JSON.stringify(props), tsMs + 500 + this.rng.int(4_000));
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    return id;
  }

  /** A moment later the same day (never past its end, so the event stays in the day's partition). */
  private later(tsMs: number, dayStart: number, maxMinutes: number): number {
    return Math.min(dayStart + DAY - 1, tsMs + 1_000 + this.rng.int(maxMinutes * 60_000));
  }

  private variation(u: number, e: number): number {
    return this.exposure[u * EXPERIMENTS.length + e] ?? -1;
  }

  private effect(u: number, metric: string): number {
    let m = 1;
    EXPERIMENTS.forEach((exp, e) => {
      const v = this.variation(u, e);
      if (exp.metric === metric && v >= 0) m *= exp.variations[v]?.multiplier ?? 1;
    });
    return m;
  }

  private expose(u: number, e: number, tsMs: number): void {
    const exp = EXPERIMENTS[e];
    if (!exp || this.variation(u, e) >= 0) return;
    const cum = varCums[e] as Float64Array;
    // Assignment hashes the user and the experiment, like a feature-flag SDK would.
    const x = (hash32(`${exp.key}:${this.pop.ids[u]}`) / 4_294_967_296) * (cum[cum.length - 1] ?? 1);
    let v = 0;
    while (v < cum.length - 1 && (cum[v] ?? 0) <= x) v++;
    this.exposure[u * EXPERIMENTS.length + e] = v;
    this.out("experiment_exposure", u, tsMs, null, { experiment_key: exp.key, variation: exp.variations[v]?.key });
  }

  private signup(u: number): void {
    const p = this.pop;
    const ts = p.signupMs[u] as number;
    const partner = this.partners[p.partner[u] ?? -1];
    const props: Record<string, string> = {
      country: COUNTRIES[p.country[u] ?? 0]?.[0] ?? "US",
      channel: CHANNELS[p.channel[u] ?? 0]?.[0] ?? "organic",
      device: DEVICES[p.device[u] ?? 0]?.[0] ?? "web",
    };
    if (partner) props.referral_code = partner.referral_code;
    this.out("signup", u, ts, null, props);
    const d = p.signupDay[u] as number;
    EXPERIMENTS.forEach((exp, e) => {
      if (exp.audience === "new_users" && d >= exp.startFrac * this.days && d < exp.endFrac * this.days) this.expose(u, e, Math.min(this.startMs + (d + 1) * DAY - 1, ts + 2_000));
    });
    if (this.rng.chance(Math.min(0.95, 0.5 * this.effect(u, "kyc_rate")))) this.kycDay[u] = d + this.rng.geometric(0.35);
  }

  /** One user's day; returns false once the user has churned. */
  private userDay(u: number, d: number, dayStart: number, dow: number, leaderTrades: { leader: number; symbol: number; side: string; price: number; tsMs: number }[]): boolean {
    const p = this.pop;
    const tenure = d - (p.signupDay[u] as number);
    const rng = this.rng;
    if (tenure > 0 && rng.chance(this.hazard(u, d, tenure))) {
      this.churn(u, d, dayStart + rng.int(DAY));
      return false;
    }
    if (this.kycDay[u] === d) {
      const at = tenure === 0 ? this.later(p.signupMs[u] as number, dayStart, 120) : dayStart + rng.int(DAY);
      this.kycAt[u] = at;
      this.out("kyc_verified", u, at, null, {});
    }
    const kyc = this.kycDay[u] !== -1 && (this.kycDay[u] as number) <= d;
    if (this.subNext[u] === d) this.renewal(u, d, dayStart + rng.int(DAY));
    if (p.apiUser[u] && kyc && rng.chance(0.7)) {
      const calls = Math.round(rng.lognormal(1_500, 0.9));
      this.out("data_api_usage", u, dayStart + rng.int(DAY), (calls * DATA_API_PRICE_PER_CALL).toFixed(4), { calls });
    }
    const engagement = p.engagement[u] as number;
    const pActive = tenure === 0 ? 1 : engagement * (WEEKDAY_FACTOR[dow] ?? 1) * (0.35 + 0.65 * Math.exp(-tenure / 60));
    if (!rng.chance(pActive)) return true;
    this.lastLogin[u] = d;
    const login = tenure === 0 ? this.later(p.signupMs[u] as number, dayStart, 5) : dayStart + Math.floor(DAY * Math.min(0.999, Math.max(0, (rng.chance(0.5) ? 13 : 20) / 24 + rng.normal() * 0.12)));
    this.out("login", u, login, null, { device: DEVICES[p.device[u] ?? 0]?.[0] });
    EXPERIMENTS.forEach((exp, e) => {
      if (exp.audience === "active_users" && d >= exp.startFrac * this.days && d < exp.endFrac * this.days) this.expose(u, e, Math.min(dayStart + DAY - 1, login + 1_000));
    });
    const views = 1 + rng.poisson(1.3);
    for (let k = 0; k < views; k++) this.out("page_view", u, this.later(login, dayStart, 30), null, { screen: rng.pick(SCREENS) });
    if ((this.subPlan[u] as number) < 0 && rng.chance(0.3)) this.out("ad_revenue", u, this.later(login, dayStart, 30), (views * (0.01 + rng.next() * 0.05)).toFixed(6), {});
    if (tenure === 21 || tenure === 90) this.maybeNps(u, login, dayStart);
    if (!kyc) return true;
    this.money(u, d, login, dayStart);
    if (this.deposited[u]) this.trading(u, d, login, dayStart, leaderTrades);
    this.purchases(u, d, login, dayStart);
    this.socialDay(u, login, dayStart);
    return true;
  }

  private hazard(u: number, d: number, tenure: number): number {
    let h = BASE_CHURN_HAZARD;
    if (tenure > 14 && !this.deposited[u]) h *= CHURN_HR.no_deposit_after_14_days;
    if (d - (this.lastLogin[u] as number) > 7) h *= CHURN_HR.inactive_7_days;
    const nps = this.nps[u] as number;
    if (nps >= 0 && nps <= 6) h *= CHURN_HR.nps_detractor;
    if (this.reversal[u]) h *= CHURN_HR.refund_or_chargeback;
    if (this.copies[u * MAX_COPY] !== -1) h *= CHURN_HR.copy_trading;
    if ((this.subPlan[u] as number) >= 0) h *= CHURN_HR.subscriber;
    // Leaders run their business on the platform.
    return this.pop.leaderRank[u] !== -1 ? h * 0.1 : h;
  }

  private churn(u: number, d: number, tsMs: number): void {
    this.churnDay[u] = d;
    for (let k = 0; k < MAX_COPY; k++) this.stopCopy(u, k, tsMs);
    const plan = PLANS[this.subPlan[u] as number];
    if (plan) {
      this.out("subscription_cancel", u, tsMs, (this.subYearly[u] ? plan.year : plan.month).toFixed(2), { plan: plan.plan, interval: this.subYearly[u] ? "year" : "month" });
      this.subPlan[u] = -1;
      this.subNext[u] = -1;
    }
  }

  private maybeNps(u: number, tsMs: number, dayStart: number): void {
    if (!this.rng.chance(0.4)) return;
    const score = Math.max(0, Math.min(10, Math.round(6.5 + 5 * ((this.pop.engagement[u] as number) - 0.35) + 1.8 * this.rng.normal())));
    this.nps[u] = score;
    this.out("nps_response", u, this.later(tsMs, dayStart, 20), null, { score });
  }

  private money(u: number, d: number, login: number, dayStart: number): void {
    const rng = this.rng;
    const boost = (this.boostUntil[u] as number) >= d ? CAMPAIGN_CLICK_DEPOSIT_MULTIPLIER : 1;
    const pDeposit = (this.deposited[u] ? 0.03 : 0.12) * boost;
    if (rng.chance(pDeposit)) {
      const amount = Math.max(10, Math.round(rng.lognormal(250, 1.0) * 100) / 100);
      const ts = this.later(login, dayStart, 30);
      this.out("deposit", u, ts, amount.toFixed(2), {});
      this.deposited[u] = 1;
      this.balance[u] = (this.balance[u] as number) + amount;
      const c = this.boostCampaign[u] as number;
      if (boost > 1 && c >= 0) {
        const camp = this.campaigns[c] as Campaign;
        this.out("campaign_touch", u, this.later(ts, dayStart, 1), null, { campaign_id: camp.campaign_id, channel: camp.channel, action: "converted" });
        this.boostCampaign[u] = -1;
      }
    } else if (this.deposited[u] && (this.balance[u] as number) > 20 && rng.chance(0.015)) {
      const amount = Math.round((this.balance[u] as number) * (0.2 + 0.6 * rng.next()) * 100) / 100;
      this.out("withdrawal", u, this.later(login, dayStart, 30), amount.toFixed(2), {});
      this.balance[u] = (this.balance[u] as number) - amount;
    }
  }

  private trade(u: number, tsMs: number, symbol: number, side: string, price: number, notional: number, leader: number): void {
    const [sym] = SYMBOLS[symbol] as (typeof SYMBOLS)[number];
    const qty = notional / price;
    const props: Record<string, unknown> = { symbol: sym, side, qty: qty.toPrecision(6), price: price.toPrecision(8), is_copy: leader >= 0 };
    if (leader >= 0) props.leader_id = this.pop.ids[leader];
    this.out("trade", u, tsMs, Math.max(0.01, notional * FEE_RATE).toFixed(2), props);
  }

  private trading(u: number, d: number, login: number, dayStart: number, leaderTrades: { leader: number; symbol: number; side: string; price: number; tsMs: number }[]): void {
    const rng = this.rng;
    const p = this.pop;
    const n = rng.poisson(p.tradeRate[u] as number);
    for (let k = 0; k < n; k++) {
      const s = rng.int(SYMBOLS.length);
      const [, ref, vol] = SYMBOLS[s] as (typeof SYMBOLS)[number];
      const price = ref * (1 + vol * rng.normal());
      const side = rng.chance(0.55) ? "buy" : "sell";
      const ts = this.later(login, dayStart, 240);
      this.trade(u, ts, s, side, price, Math.max(10, rng.lognormal(300, 1.1)), -1);
      if (p.leaderRank[u] !== -1) leaderTrades.push({ leader: u, symbol: s, side, price, tsMs: ts });
    }
    if (p.leaderRank[u] !== -1 || p.leaders.length === 0) return;
    let slots = 0;
    for (let k = 0; k < MAX_COPY; k++) if (this.copies[u * MAX_COPY + k] !== -1) slots++;
    if (slots < MAX_COPY && rng.chance(0.02 * this.effect(u, "copy_start_rate"))) {
      const leader = p.leaders[rng.weighted(this.leaderCum)] as number;
      let already = false;
      for (let k = 0; k < MAX_COPY; k++) if (this.copies[u * MAX_COPY + k] === leader) already = true;
      if (!already && (p.signupDay[leader] as number) <= d && this.churnDay[leader] === -1) {
        const amount = Math.max(50, Math.round(Math.min(this.balance[u] as number, rng.lognormal(400, 0.8)) * 100) / 100);
        this.copies[u * MAX_COPY + slots] = leader;
        this.followers[p.leaderRank[leader] as number]?.add(u);
        this.out("copy_start", u, this.later(login, dayStart, 60), amount.toFixed(2), { leader_id: p.ids[leader] });
      }
    }
    for (let k = 0; k < MAX_COPY; k++) if (this.copies[u * MAX_COPY + k] !== -1 && rng.chance(0.008)) this.stopCopy(u, k, this.later(login, dayStart, 60));
  }

  private stopCopy(u: number, k: number, tsMs: number): void {
    const leader = this.copies[u * MAX_COPY + k] as number;
    if (leader === -1) return;
    this.followers[this.pop.leaderRank[leader] as number]?.delete(u);
    // Keep the slots packed so slot 0 answers "has any copy relation".
    for (let j = k; j < MAX_COPY - 1; j++) this.copies[u * MAX_COPY + j] = this.copies[u * MAX_COPY + j + 1] as number;
    this.copies[u * MAX_COPY + MAX_COPY - 1] = -1;
    this.out("copy_stop", u, tsMs, (this.rng.lognormal(400, 0.8)).toFixed(2), { leader_id: this.pop.ids[leader] });
  }

  /** Every follower's account mirrors a leader's trade a few seconds later, logged in or not. */
  private mirror(t: { leader: number; symbol: number; side: string; price: number; tsMs: number }, d: number, dayStart: number): void {
    const followers = this.followers[this.pop.leaderRank[t.leader] as number];
    if (!followers) return;
    for (const f of followers) {
      if (this.churnDay[f] !== -1 && (this.churnDay[f] as number) <= d) continue;
      this.trade(f, Math.min(dayStart + DAY - 1, t.tsMs + 2_000 + this.rng.int(20_000)), t.symbol, t.side, t.price, Math.max(10, this.rng.lognormal(60, 0.6)), t.leader);
    }
  }

  private purchases(u: number, d: number, login: number, dayStart: number): void {
    const rng = this.rng;
    if ((this.subPlan[u] as number) < 0 && rng.chance(0.003 * (this.pop.payer[u] as number) * this.effect(u, "subscription_start_rate"))) {
      const plan = rng.weighted(planCum);
      const yearly = rng.chance(0.25);
      this.subPlan[u] = plan;
      this.subYearly[u] = yearly ? 1 : 0;
      this.subNext[u] = d + (yearly ? 365 : 30);
      this.charge(u, "subscription_start", this.later(login, dayStart, 30), d, plan);
    }
    if (this.deposited[u] && rng.chance(0.0015 * (this.pop.payer[u] as number))) {
      const [product, price] = rng.pick(AI_PRODUCTS);
      this.revenue(u, "ai_service_purchase", this.later(login, dayStart, 60), d, price.toFixed(2), { product });
    }
    if ((this.pop.social[u] as number) > 0.5 && rng.chance(0.004 * (this.pop.social[u] as number))) {
      const [item, price] = rng.pick(VIRTUAL_ITEMS);
      this.revenue(u, "virtual_item_purchase", this.later(login, dayStart, 60), d, price.toFixed(2), { item });
    }
  }

  private charge(u: number, type: "subscription_start" | "subscription_renew", tsMs: number, d: number, plan: number): void {
    const def = PLANS[plan] as (typeof PLANS)[number];
    const yearly = this.subYearly[u] === 1;
    this.revenue(u, type, tsMs, d, (yearly ? def.year : def.month).toFixed(2), { plan: def.plan, interval: yearly ? "year" : "month" });
  }

  /** Emits a revenue event and plants its refund (3%) or chargeback (0.6%) some days later. */
  private revenue(u: number, type: string, tsMs: number, d: number, amount: string, props: object): void {
    const id = this.out(type, u, tsMs, amount, props);
    const r = this.rng.next();
    if (r < 0.03) this.schedule(d + 1 + this.rng.int(7), { u, type: "refund", revenueEventId: id, amount });
    else if (r < 0.036) this.schedule(d + 10 + this.rng.int(30), { u, type: "chargeback", revenueEventId: id, amount });
  }

  /** Reversals past the window wait for a live continuation (a seed that stops there never reaches them). */
  private schedule(day: number, s: Scheduled): void {
    const list = this.scheduled.get(day);
    if (list) list.push(s);
    else this.scheduled.set(day, [s]);
  }

  private reverse(s: Scheduled, dayStart: number): void {
    this.reversal[s.u] = 1;
    this.out(s.type, s.u, dayStart + this.rng.int(DAY), s.amount, { revenue_event_id: s.revenueEventId });
  }

  private renewal(u: number, d: number, tsMs: number): void {
    const plan = this.subPlan[u] as number;
    const def = PLANS[plan] as (typeof PLANS)[number];
    const engaged = d - (this.lastLogin[u] as number) <= 14;
    if (this.rng.chance(engaged ? 0.06 : 0.3)) {
      this.out("subscription_cancel", u, tsMs, (this.subYearly[u] ? def.year : def.month).toFixed(2), { plan: def.plan, interval: this.subYearly[u] ? "year" : "month" });
      this.subPlan[u] = -1;
      this.subNext[u] = -1;
      return;
    }
    this.subNext[u] = d + (this.subYearly[u] ? 365 : 30);
    this.charge(u, "subscription_renew", tsMs, d, plan);
  }

  private socialDay(u: number, login: number, dayStart: number): void {
    const rng = this.rng;
    const s = this.pop.social[u] as number;
    if (rng.chance(0.03 * s)) this.out("post", u, this.later(login, dayStart, 60), null, {});
    const comments = rng.poisson(0.08 * s);
    for (let k = 0; k < comments; k++) this.out("comment", u, this.later(login, dayStart, 60), null, {});
    const likes = rng.poisson(0.25 * s);
    for (let k = 0; k < likes; k++) this.out("like", u, this.later(login, dayStart, 60), null, {});
  }

  /** A campaign goes to a quarter of the users active in the last 14 days; clicks boost deposits. */
  private campaign(c: number, d: number, dayStart: number): void {
    const camp = this.campaigns[c] as Campaign;
    const rng = this.rng;
    const openRate = CAMPAIGN_OPEN_RATE[camp.channel];
    const sendAt = dayStart + (9 + rng.int(10)) * 3_600_000;
    for (const u of this.alive) {
      if (d - (this.lastLogin[u] as number) > 14 || !rng.chance(0.25)) continue;
      const base = { campaign_id: camp.campaign_id, channel: camp.channel };
      const sent = sendAt + rng.int(600_000);
      this.out("campaign_touch", u, sent, null, { ...base, action: "sent" });
      if (!rng.chance(openRate)) continue;
      const opened = this.later(sent, dayStart, 180);
      this.out("campaign_touch", u, opened, null, { ...base, action: "opened" });
      if (!rng.chance(0.2)) continue;
      this.out("campaign_touch", u, this.later(opened, dayStart, 5), null, { ...base, action: "clicked" });
      this.boostUntil[u] = d + 3;
      this.boostCampaign[u] = c;
    }
  }
}

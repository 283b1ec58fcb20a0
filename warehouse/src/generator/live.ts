import { monotonicFactory } from "ulid";
import { DEVICES, FEE_RATE, PLANS, SCREENS, SYMBOLS } from "./catalog.js";
import { cumulative, Rng } from "./rng.js";

/**
 * Load for `ist simulate` and the benches: logins, page views, trades, deposits and a little
 * revenue at a chosen rate, by the users a generated lake already has (`u0000001` … as the
 * generator names them), stamped now, in the ingest contract's shape. Not a simulation of anyone's
 * life (renewals without a subscription, any user at any hour): the demo does not use it, it
 * carries the seeded platform on itself (`SyntheticPlatform`, platform.ts).
 */

export interface LiveEvent {
  event_id: string;
  type: string;
  user_id: string;
  ts: string;
  props: Record<string, unknown>;
}

export interface LiveEventsOptions {
  /** how many users the lake has; live events pick among them (default 1,000) */
  users?: number;
  seed?: number;
}

type Maker = (rng: Rng, user: string) => Record<string, unknown>;

const MIX: ReadonlyArray<readonly [type: string, weight: number, props: Maker]> = [
  ["login", 22, (rng) => ({ device: rng.pick(DEVICES)[0] })],
  ["page_view", 45, (rng) => ({ screen: rng.pick(SCREENS) })],
  ["trade", 20, tradeProps],
  ["deposit", 5, (rng) => ({ amount: money(Math.max(10, rng.lognormal(250, 1))), currency: "USD" })],
  ["withdrawal", 1, (rng) => ({ amount: money(Math.max(10, rng.lognormal(150, 1))), currency: "USD" })],
  ["ad_revenue", 4, (rng) => ({ amount: (0.01 + rng.next() * 0.05).toFixed(6), currency: "USD" })],
  ["like", 2, () => ({})],
  ["subscription_renew", 1, (rng) => {
    const plan = rng.pick(PLANS);
    return { plan: plan.plan, interval: "month", amount: plan.month.toFixed(2), currency: "USD" };
  }],
];
const mixCum = cumulative(MIX.map((m) => m[1]));

function money(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

function tradeProps(rng: Rng): Record<string, unknown> {
  const [symbol, ref, vol] = rng.pick(SYMBOLS);
  const price = ref * (1 + vol * rng.normal());
  const notional = Math.max(10, rng.lognormal(300, 1.1));
  return {
    symbol,
    side: rng.chance(0.55) ? "buy" : "sell",
    qty: (notional / price).toPrecision(6),
    price: price.toPrecision(8),
    fee: money(Math.max(0.01, notional * FEE_RATE)),
    currency: "USD",
    is_copy: false,
  };
}

export class LiveEvents {
  private readonly rng: Rng;
  private readonly users: number;
  private readonly nextId = monotonicFactory();

  constructor(opts: LiveEventsOptions = {}) {
    this.users = Math.max(1, Math.floor(opts.users ?? 1_000));
    this.rng = new Rng(opts.seed ?? Date.now() % 2_147_483_647);
  }

  /** `count` events stamped around `now` (within the last second). */
  next(count: number, now: number = Date.now()): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (let i = 0; i < count; i++) {
      const [type, , props] = MIX[this.rng.weighted(mixCum)] as (typeof MIX)[number];
      // active users cluster: a power-ish draw favours the early, engaged part of the population
      const u = 1 + Math.floor(this.users * Math.pow(this.rng.next(), 1.5));
      const user = `u${String(u).padStart(7, "0")}`;
      const tsMs = now - this.rng.int(1_000);
      out.push({ event_id: `live-${this.nextId(tsMs)}`, type, user_id: user, ts: new Date(tsMs).toISOString(), props: props(this.rng, user) });
    }
    return out;
  }
}

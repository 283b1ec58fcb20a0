import { setImmediate as yieldToLoop } from "node:timers/promises";
import { MONEY_PROP, type EventType } from "../events/schema.js";
import type { LiveEvent } from "./live.js";
import { growPopulation, makePartners, makePopulation, type Partner, type Population } from "./population.js";
import { Rng } from "./rng.js";
import { Simulation, type EmitFn } from "./simulate.js";

/**
 * The synthetic platform as one object that can be seeded and then continued: the same users, the
 * same per-user rates and the same state (balances, subscriptions, copy relations, churn) day
 * after day. The seed (`generate`) writes its days up to a moment; the live demo takes the rest of
 * that day and the days after it from here, hour by hour as the clock reaches them. A platform
 * built again from the same options replays the same events (same ids), so a restarted demo
 * continues where it left off.
 */

const DAY = 86_400_000;
/** A different stream for the users who sign up after the window, so the window's draws do not move. */
const GROWTH_STREAM = 0x5eed_9a7e;

export interface PlatformOptions {
  users: number;
  days: number;
  seed: number;
  /** first simulated UTC day, YYYY-MM-DD */
  start: string;
  /** days after the window in which users keep signing up at its last pace (default 0: nobody new) */
  extraDays?: number;
}

export interface PlatformEvent {
  eventId: string;
  type: string;
  userId: string;
  tsMs: number;
  amount: string | null;
  /** JSON of the props other than the money ones */
  props: string;
  ingestedMs: number;
}

export class SyntheticPlatform {
  readonly startMs: number;
  readonly partners: Partner[];
  readonly pop: Population;
  readonly sim: Simulation;
  /** users of the window (the seed's); `pop.n` adds those who sign up after it */
  readonly users: number;
  private nextDay = 0;
  private emitTo: EmitFn = () => undefined;
  /** simulated and not yet handed out, oldest first, from `heldFrom` */
  private held: PlatformEvent[] = [];
  private heldFrom = 0;

  constructor(readonly opts: PlatformOptions) {
    this.startMs = Date.parse(`${opts.start}T00:00:00Z`);
    if (Number.isNaN(this.startMs)) throw new Error(`start: must be YYYY-MM-DD, got ${opts.start}`);
    this.users = opts.users;
    const rng = new Rng(opts.seed);
    this.partners = makePartners(rng, Math.max(5, Math.round(opts.users / 100)));
    const window = makePopulation(rng, opts.users, opts.days, this.startMs, this.partners);
    this.pop = growPopulation(window, new Rng(opts.seed ^ GROWTH_STREAM), opts.days, opts.extraDays ?? 0, this.startMs, this.partners);
    this.sim = new Simulation(rng, this.pop, this.partners, this.startMs, opts.days, opts.seed, (...e) => this.emitTo(...e));
  }

  /** The 0-based day `ms` falls in. */
  dayOf(ms: number): number {
    return Math.floor((ms - this.startMs) / DAY);
  }

  /** Days simulated so far. */
  get simulatedDays(): number {
    return this.nextDay;
  }

  /** Simulates the next day, handing each event to `emit` (the seed's fast path); returns its index. */
  simulateDay(emit: EmitFn): number {
    this.emitTo = emit;
    try {
      this.sim.day(this.nextDay);
    } finally {
      this.emitTo = () => undefined;
    }
    return this.nextDay++;
  }

  /** Keeps an event the seed did not write for `take` (events after the seed's moment). Call in ts order. */
  hold(e: PlatformEvent): void {
    this.held.push(e);
  }

  /** Sorts what was held by time (a day's events are emitted user by user). */
  settle(): void {
    const rest = this.held.slice(this.heldFrom).sort((a, b) => a.tsMs - b.tsMs);
    this.held = rest;
    this.heldFrom = 0;
  }

  /**
   * Every event not yet handed out with `ts <= untilMs`, oldest first, simulating days as far as
   * `untilMs`'s day. A day is simulated whole when first reached; its later events wait here.
   */
  async take(untilMs: number): Promise<PlatformEvent[]> {
    await this.simulateThrough(untilMs, -Infinity);
    let end = this.heldFrom;
    while (end < this.held.length && (this.held[end] as PlatformEvent).tsMs <= untilMs) end++;
    const out = this.held.slice(this.heldFrom, end);
    this.heldFrom = end;
    if (this.heldFrom > 50_000) this.settle();
    return out;
  }

  /** Replays up to `untilMs` and drops it (already in the lake): a restarted demo's catch-up point. */
  async skip(untilMs: number): Promise<void> {
    await this.simulateThrough(untilMs, untilMs);
    await this.take(untilMs);
  }

  /** Simulates through `untilMs`'s day; events at or before `dropUntil` are not kept. Yields between days. */
  private async simulateThrough(untilMs: number, dropUntil: number): Promise<void> {
    const last = this.dayOf(untilMs);
    while (this.nextDay <= last) {
      const day: PlatformEvent[] = [];
      this.simulateDay((eventId, type, userId, tsMs, amount, props, ingestedMs) => {
        if (tsMs > dropUntil) day.push({ eventId, type, userId, tsMs, amount, props, ingestedMs });
      });
      day.sort((a, b) => a.tsMs - b.tsMs);
      for (const e of day) this.held.push(e);
      // a day of a large platform takes a while: let the api answer requests meanwhile
      await yieldToLoop();
    }
  }
}

/** A platform event in the ingest contract's shape (`POST /v1/ingest/events`). */
export function toIngestEvent(e: PlatformEvent): LiveEvent {
  const props = JSON.parse(e.props) as Record<string, unknown>;
  const moneyProp = MONEY_PROP[e.type as EventType];
  if (moneyProp && e.amount !== null) {
    props[moneyProp] = e.amount;
    props.currency = "USD";
  }
  return { event_id: e.eventId, type: e.type, user_id: e.userId, ts: new Date(e.tsMs).toISOString(), props };
}

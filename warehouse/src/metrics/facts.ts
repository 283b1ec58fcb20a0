import { ACTIVE_TYPES, EVENT_TYPES, USER_BIT_SETS, type UserBitSet } from "../events/schema.js";
import { addDays } from "../rollups/zone.js";
import { REPORTING_CURRENCY, typeList, type Plan } from "./plan.js";

/**
 * Fact sources for the metric blocks, each a CTE with `moment` (local DATE, or local TIMESTAMP at hour
 * grain), `user_key`, `type`, `events` and `amount` (+ `user_id` when read from raw events):
 *
 *   rollup_user_day    per (day, user, type): what most metrics read, held in memory by the pool
 *   rollup_daily_type  per (day, type, country, channel, device): sums and counts by signup dimensions
 *   rollup_trade_day   per (day, user, is_copy, leader): trades and notional
 *   rollup_key_events  subscriptions, copy starts/stops and NPS answers with their props as columns
 *   events             raw rows, for hours, or without rollups
 */

export interface FactsOptions {
  types: readonly string[];
  /** where the facts start: the previous window (default), this window, or the beginning */
  since?: "prev" | "window" | "all";
  /** days before that start to include as well (rolling windows look back) */
  lookbackDays?: number;
  /** amounts count, so only those in REPORTING_CURRENCY */
  money?: boolean;
}

export interface Facts {
  name: string;
  /** rows come from raw events and carry `user_id` (join dims on it) */
  raw: boolean;
  /** at most one row per (moment, user_key): no distinct needed to count users */
  unique?: boolean;
}

const sameTypes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t) => b.includes(t));

/**
 * The user set the rollups keep per day (`active` rows in `rollup_user_day`, bitmaps in
 * `rollup_user_bits`) that is exactly the users with any of `types`, if one is.
 */
export function bitSetOf(types: readonly string[]): UserBitSet | null {
  for (const [set, members] of Object.entries(USER_BIT_SETS) as [UserBitSet, readonly string[]][]) {
    if (sameTypes(types, set === "active" ? ACTIVE_TYPES : members)) return set;
  }
  return null;
}

function startDay(plan: Plan, opts: FactsOptions): string | null {
  if (opts.since === "all") return null;
  const base = opts.since === "window" ? plan.w.fromDay : plan.w.prevFromDay;
  return addDays(base, -(opts.lookbackDays ?? 0));
}

/** Raw events of `types` in range, with `moment` plus the extra `columns` (SQL over an events row). */
export function rawFacts(plan: Plan, name: string, opts: FactsOptions & { columns?: string; where?: string }): Facts {
  const margin = plan.w.zone === "UTC" ? 0 : 1;
  const start = startDay(plan, opts);
  const terms = [`type in (${typeList(opts.types)})`, `dt <= ${plan.bind("dt_hi", plan.w.dtHi)}`];
  if (opts.money) terms.push(`currency = ${plan.bind("currency", REPORTING_CURRENCY)}`);
  if (opts.where) terms.push(opts.where);
  let moment: string;
  if (plan.w.hourly) {
    moment = `timezone(${plan.tz}, ts)`;
    terms.push(`ts < ${plan.ts("to_ts")}`);
    if (start !== null) {
      terms.push(`ts >= ${plan.ts(opts.since === "window" ? "from_ts" : "prev_from_ts")} - ${plan.bind(`${name}_lookback`, opts.lookbackDays ?? 0)} * interval 1 day`);
      terms.push(`dt >= ${plan.bind(`${name}_dt_lo`, addDays(start, -1))}`);
    }
  } else {
    moment = plan.localDay;
    terms.push(`${moment} < ${plan.day("to_day")}`);
    if (start !== null) {
      terms.push(`${moment} >= cast(${plan.bind(`${name}_lo`, start)} as date)`);
      terms.push(`dt >= ${plan.bind(`${name}_dt_lo`, addDays(start, -margin))}`);
    }
  }
  const columns = opts.columns ? `, ${opts.columns}` : "";
  plan.cte(name, `select ${moment} as moment, user_id as user_key, user_id, type, amount${columns} from events where ${terms.join(" and ")}`);
  return { name, raw: true };
}

/** Per (day, user, type) events and amount: the user-day rollup, or raw events when it cannot serve. */
export function userDayFacts(plan: Plan, name: string, opts: FactsOptions): Facts {
  if (plan.raw || (opts.money && !plan.opts.usdOnly)) return rawFacts(plan, name, { ...opts, columns: "1 as events" });
  const start = startDay(plan, opts);
  // the active types together: the rollup's one `active` row per user-day
  const active = bitSetOf(opts.types) === "active" && !opts.money;
  const terms = [active ? `type = 'active'::rollup_event_type` : enumTypeFilter(opts.types), `day < ${plan.day("to_day")}`];
  if (start !== null) terms.push(`day >= cast(${plan.bind(`${name}_lo`, start)} as date)`);
  plan.cte(name, `select day as moment, user_key, type::varchar as type, events, amount from rollup_user_day where ${terms.join(" and ")}`);
  return { name, raw: false, unique: active };
}

/**
 * `rollup_user_day.type` is an ENUM (`rollup_event_type`, made by the pool's RollupCache, with a
 * `'*'` label for the per-day totals). Comparing it with enum literals is about twice as fast as
 * with strings (which casts every row to VARCHAR), and a short list faster than a long one: so the
 * shorter of the list and its complement.
 */
function enumTypeFilter(types: readonly string[]): string {
  typeList(types);
  const labels = ["*", "active", ...EVENT_TYPES];
  const others = labels.filter((t) => !types.includes(t));
  const list = (ts: readonly string[]) => ts.map((t) => `'${t}'::rollup_event_type`).join(", ");
  return others.length < types.length ? `type not in (${list(others)})` : `type in (${list(types)})`;
}

/** Whether the day × type rollup can answer: day grains, rollups, and only signup dimensions used. */
export function dailyTypeServes(plan: Plan): boolean {
  return !plan.raw && plan.dims.every((d) => d === "country" || d === "channel" || d === "device");
}

/**
 * Per (day, type, country, channel, device) counts and amounts, filtered, with `g`; only when
 * `dailyTypeServes(plan)`.
 */
export function dailyTypeFacts(plan: Plan, name: string, opts: FactsOptions): string {
  const start = startDay(plan, opts);
  const terms = [enumTypeFilter(opts.types), `day < ${plan.day("to_day")}`];
  if (start !== null) terms.push(`day >= cast(${plan.bind(`${name}_lo`, start)} as date)`);
  if (opts.money) terms.push(`currency = ${plan.bind("currency", REPORTING_CURRENCY)}`);
  terms.push(...plan.filterTerms((d) => `coalesce(${d}, '(none)')`));
  const g = plan.opts.groupBy ? `coalesce(${plan.opts.groupBy}, '(none)')` : "null::varchar";
  return plan.cte(name, `select day as moment, type::varchar as type, ${g} as g, events, amount from rollup_daily_type where ${terms.join(" and ")}`);
}

/** Distinct (moment, user_key) pairs of facts, with the group: the input of every user count. */
export function activeUsers(plan: Plan, name: string, facts: Facts): string {
  return plan.cte(name, `select ${facts.unique ? "" : "distinct "}moment, user_key, g from (${plan.withGroup(facts.name, facts.raw)})`);
}

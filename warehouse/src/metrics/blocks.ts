import { ACTIVE_TYPES, type UserBitSet } from "../events/schema.js";
import { addDays } from "../rollups/zone.js";
import { activeUsers, bitSetOf, dailyTypeFacts, dailyTypeServes, userDayFacts, type Facts } from "./facts.js";
import type { Plan } from "./plan.js";

/**
 * Building blocks of series metrics. Each adds its CTEs to the plan and returns the name of the
 * last one, shaped `(part, t, g, value)`: a value per bucket (`p`, per group when grouped) and for
 * the window (`c`) and the previous window (`v`), both ungrouped.
 */

export { ACTIVE_TYPES } from "../events/schema.js";

export { PURCHASE_TYPES } from "../events/schema.js";

/** The six revenue streams by event type; refunds and chargebacks are subtracted from the total. */
export const STREAM_TYPES = {
  subscriptions: ["subscription_start", "subscription_renew"],
  trading_fees: ["trade"],
  advertising: ["ad_revenue"],
  ai_services: ["ai_service_purchase"],
  data_services: ["data_api_usage"],
  virtual_goods: ["virtual_item_purchase"],
} as const;
export const REVENUE_TYPES = Object.values(STREAM_TYPES).flat();
export const NET_REVENUE_SIGNS: Record<string, 1 | -1> = { ...Object.fromEntries(REVENUE_TYPES.map((t) => [t, 1])), refund: -1, chargeback: -1 };

export interface PeriodOptions {
  /** the moment a fact counts at (default `f.moment`), e.g. a signup's day N */
  at?: string;
  /** only moments before today: days still in progress or to come are left out */
  completeOnly?: boolean;
}

/**
 * `value` aggregated over the facts `f` (with `moment`, `g`) of each bucket, the window and the
 * previous window. Buckets are found by truncating the moment (an equality, not a range join),
 * so each fact is read three times at most and never joined.
 */
export function perPeriod(plan: Plan, name: string, facts: string, value: string, opts: PeriodOptions = {}): string {
  const at = opts.at ?? "f.moment";
  const { from, to, prevFrom } = plan.bounds();
  const done = opts.completeOnly ? ` and ${at} < ${plan.day("today")}` : "";
  return plan.cte(
    name,
    `select 'p' as part, ${plan.bucket(at)} as t, f.g, ${value} as value from ${facts} f where ${at} >= ${from} and ${at} < ${to}${done} group by all
     union all select 'c', null, null, ${value} from ${facts} f where ${at} >= ${from} and ${at} < ${to}${done}
     union all select 'v', null, null, ${value} from ${facts} f where ${at} >= ${prevFrom} and ${at} < ${from}${done}`,
  );
}

/** Σ sign(type) × events|amount: counts and money, from the day × type rollup when it can serve. */
export function sumOf(plan: Plan, prefix: string, signs: Record<string, 1 | -1>, measure: "events" | "amount"): string {
  const types = Object.keys(signs);
  const money = measure === "amount";
  const sign = types.every((t) => signs[t] === 1) ? "1" : `case f.type ${types.map((t) => `when '${t}' then ${signs[t]}`).join(" ")} end`;
  let facts: string;
  if (dailyTypeServes(plan)) facts = dailyTypeFacts(plan, `${prefix}_facts`, { types, money });
  else {
    const f = userDayFacts(plan, `${prefix}_facts`, { types, money });
    facts = plan.cte(`${prefix}_grouped`, plan.withGroup(f.name, f.raw));
  }
  return perPeriod(plan, `${prefix}_value`, facts, `sum(${sign} * f.${measure})`);
}

/** Distinct users with any of `types` in each period: OR-ed daily bitmaps on rollups, `count(distinct)` on raw events. */
export function usersWith(plan: Plan, prefix: string, types: readonly string[]): string {
  const set = bitSetOf(types);
  const cached = set ? cachedBits(plan, prefix, set, 0) : null;
  if (cached) return bitmapPeriods(plan, `${prefix}_value`, cached);
  return distinctUsers(plan, prefix, userDayFacts(plan, `${prefix}_facts`, { types }));
}

/** Distinct users among already-grouped facts. */
export function distinctUsers(plan: Plan, prefix: string, facts: Facts): string {
  const active = activeUsers(plan, `${prefix}_users`, facts);
  if (!facts.raw && plan.opts.keyBound) return bitmapPeriods(plan, `${prefix}_value`, userBitmaps(plan, prefix, active));
  return perPeriod(plan, `${prefix}_value`, active, "count(distinct f.user_key)");
}

/** Average daily active users over each period's days up to today (today counts as it stands). */
export function averageDaily(plan: Plan, prefix: string): string {
  const cached = cachedActiveBits(plan, prefix, 0);
  const daily = cached
    ? plan.cte(`${prefix}_daily`, `select moment, g, bit_count(bits) as n from ${cached}`)
    : plan.cte(
        `${prefix}_daily`,
        `select moment, g, count(*) as n from ${activeUsers(plan, `${prefix}_users`, userDayFacts(plan, `${prefix}_facts`, { types: ACTIVE_TYPES }))} group by all`,
      );
  const sums = perPeriod(plan, `${prefix}_sums`, daily, "sum(f.n)");
  const periods = plan.periods();
  // days of each period that have begun: a future day is no day of zero users
  return plan.cte(
    `${prefix}_value`,
    `select s.part, s.t, s.g, s.value / p.days as value
     from ${sums} s join (select *, datediff('day', lo, least(hi, ${plan.day("today")} + 1)) as days from ${periods}) p
       on p.part = s.part and p.t is not distinct from s.t
     where p.days > 0`,
  );
}

/**
 * Point-in-time counts from spans `(g, s, e, x)` (x counts over [s, e)): each period's value is
 * the running sum on its last day; per group for buckets, over everyone for the totals.
 */
export function runningAtEnd(plan: Plan, prefix: string, spans: string): string {
  const periods = plan.periods();
  const grouped = Boolean(plan.opts.groupBy);
  const deltas = plan.cte(
    `${prefix}_deltas`,
    `select g, d, sum(x) as x from (
       select g, s as d, x from ${spans} union all select g, e, -x from ${spans}
       ${grouped ? `union all select '*', s, x from ${spans} union all select '*', e, -x from ${spans}` : ""}
     ) group by all`,
  );
  const running = plan.cte(`${prefix}_running`, `select g, d, sum(x) over (partition by g order by d rows unbounded preceding) as n from ${deltas}`);
  const groups = grouped ? `(select distinct g from ${deltas} where g <> '*')` : `(select '*' as g)`;
  return plan.cte(
    `${prefix}_value`,
    `with ends as (
       select p.part, p.t, gs.g, p.hi - 1 as day from ${periods} p, ${groups} gs where p.part = 'p'
       union all select part, t, '*', hi - 1 from ${periods} where part <> 'p'
     )
     select e.part, e.t, case when e.g = '*' then null else e.g end as g, coalesce(r.n, 0) as value
     from ends e asof left join ${running} r on e.g = r.g and e.day >= r.d`,
  );
}

/**
 * Users active in the `days` days ending on each period's last day (WAU: 7, MAU: 30). From the
 * rollups: a bitmap of the users active each day (`bitstring_agg` over dense user keys), and a
 * period's value is the bit count of the OR of its `days` bitmaps: a few kilobytes a day instead
 * of a sort of every active user-day. From raw events: spans between a user's active days.
 */
export function rollingActive(plan: Plan, prefix: string, days: number): string {
  const cached = cachedActiveBits(plan, prefix, days - 1);
  if (cached) return rollingFromBitmaps(plan, prefix, cached, days);
  const facts = userDayFacts(plan, `${prefix}_facts`, { types: ACTIVE_TYPES, lookbackDays: days - 1 });
  const active = activeUsers(plan, `${prefix}_users`, facts);
  if (!facts.raw && plan.opts.keyBound) return rollingFromBitmaps(plan, prefix, userBitmaps(plan, prefix, active), days);
  // each active day keeps the user counted for `days` days, cut short by their next active day
  const spans = plan.cte(
    `${prefix}_spans`,
    `select ${plan.opts.groupBy ? "g" : "'*'"} as g, moment as s, least(coalesce(lead(moment) over (partition by user_key order by moment), moment + ${days}), moment + ${days}) as e, 1 as x
     from (select distinct moment, user_key, g from ${active})`,
  );
  return runningAtEnd(plan, prefix, spans);
}

function rollingFromBitmaps(plan: Plan, prefix: string, bits: string, days: number): string {
  return plan.cte(
    `${prefix}_value`,
    `select p.part, p.t, case when p.part = 'p' then b.g end as g, bit_count(bit_or(b.bits)) as value
     from ${plan.periods()} p join ${bits} b on b.moment >= p.hi - ${days} and b.moment < p.hi
     group by all`,
  );
}

/** Distinct users of each period from daily bitmaps `(moment, g, bits)`: the bit count of their OR. */
export function bitmapPeriods(plan: Plan, name: string, bits: string): string {
  return plan.cte(
    name,
    `select p.part, p.t, case when p.part = 'p' then b.g end as g, bit_count(bit_or(b.bits)) as value
     from ${plan.periods()} p join ${bits} b on b.moment >= p.lo and b.moment < p.hi
     group by all`,
  );
}

/**
 * `(moment, g, bits)`: the pool's cached daily bitmaps of a user set (`rollup_user_bits`: the
 * active users, traders or payers of each day), from `lookbackDays` before the previous window
 * to the window's end (from the first day with `all`); null when they cannot serve (no rollups,
 * hours, or a query that filters or groups by a dimension).
 */
export function cachedBits(plan: Plan, prefix: string, set: UserBitSet, lookbackDays: number | "all"): string | null {
  if (plan.raw || !plan.opts.keyBound || plan.dims.length > 0) return null;
  const lo = lookbackDays === "all" ? "" : `and day >= cast(${plan.bind(`${prefix}_bits_lo`, addDays(plan.w.prevFromDay, -lookbackDays))} as date)`;
  return plan.cte(
    `${prefix}_bits`,
    `select day as moment, null::varchar as g, bits from rollup_user_bits where kind = '${set}' ${lo} and day < ${plan.day("to_day")}`,
  );
}

/** The cached daily bitmaps of active users (see `cachedBits`). */
export function cachedActiveBits(plan: Plan, prefix: string, lookbackDays: number): string | null {
  return cachedBits(plan, prefix, "active", lookbackDays);
}

/** `(moment, g, bits)`: per day (and group), a bitmap of the users in `active` (rollup user keys). */
export function userBitmaps(plan: Plan, prefix: string, active: string): string {
  const bound = plan.bind("key_bound", plan.opts.keyBound ?? 0);
  return plan.cte(
    `${prefix}_bits`,
    `select moment, g, bitstring_agg(user_key, 1, ${bound}) as bits from ${active} where user_key between 1 and ${bound} group by all`,
  );
}

/** `a / b` per bucket, group and total; null where `b` is 0 or missing. */
export function ratio(plan: Plan, name: string, a: string, b: string, scale = 1): string {
  return plan.cte(
    name,
    `select b.part, b.t, b.g, case when b.value <> 0 then ${scale} * coalesce(a.value, 0) / b.value end as value
     from ${b} b left join ${a} a on a.part = b.part and a.t is not distinct from b.t and a.g is not distinct from b.g`,
  );
}

/**
 * The users who signed up in the window and pass the filters, with the start of their signup
 * `unit` as `column`: the rows of a cohort chart.
 */
export function signupCohort(plan: Plan, unit: "week" | "month", column: string): string {
  const dims = plan.dimsCte();
  return plan.cte(
    "cohort",
    `select f.user_key, date_trunc('${unit}', f.signup_day)::date as ${column}
       from ${plan.firstSeen()} f ${dims ? `join ${dims} d on d.user_key = f.user_key` : ""}
       where f.signup_day >= ${plan.day("from_day")} and f.signup_day < ${plan.day("to_day")}`,
  );
}

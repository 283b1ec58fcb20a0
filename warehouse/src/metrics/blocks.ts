import { activeUsers, dailyTypeFacts, dailyTypeServes, userDayFacts, type Facts } from "./facts.js";
import type { Plan } from "./plan.js";

/**
 * Building blocks of series metrics. Each adds its CTEs to the plan and returns the name of the
 * last one, shaped `(part, t, g, value)`: a value per bucket (`p`, per group when grouped) and for
 * the window (`c`) and the previous window (`v`), both ungrouped.
 */

/**
 * Active users: a user is active on a day with at least one action of their own, the way product
 * analytics counts (Amplitude's "active event", PostHog's DAU over user-initiated events).
 * Left out: events the platform records about a user without them acting — copied trades placed
 * for followers who may not have opened the app, subscription renewals (automatic billing),
 * KYC verification (back office), data-API calls (the user's programs), ad revenue, refunds,
 * chargebacks, experiment exposures and campaign touches. A manual trade always comes with a
 * login or a page view, so trades are left out too.
 */
export const ACTIVE_TYPES = [
  "signup",
  "login",
  "page_view",
  "deposit",
  "withdrawal",
  "copy_start",
  "copy_stop",
  "post",
  "comment",
  "like",
  "subscription_start",
  "subscription_cancel",
  "ai_service_purchase",
  "virtual_item_purchase",
  "nps_response",
] as const;

/** Purchases: what a user pays the platform for directly (trading fees and ads are not purchases). */
export const PURCHASE_TYPES = ["subscription_start", "subscription_renew", "ai_service_purchase", "data_api_usage", "virtual_item_purchase"] as const;

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

/** Distinct users with any of `types` in each period. */
export function usersWith(plan: Plan, prefix: string, types: readonly string[]): string {
  const active = activeUsers(plan, `${prefix}_users`, userDayFacts(plan, `${prefix}_facts`, { types }));
  return perPeriod(plan, `${prefix}_value`, active, "count(distinct f.user_key)");
}

/** Distinct users among already-grouped facts. */
export function distinctUsers(plan: Plan, prefix: string, facts: Facts): string {
  const active = activeUsers(plan, `${prefix}_users`, facts);
  return perPeriod(plan, `${prefix}_value`, active, "count(distinct f.user_key)");
}

/** Average daily active users over each period's days up to today (today counts as it stands). */
export function averageDaily(plan: Plan, prefix: string): string {
  const active = activeUsers(plan, `${prefix}_users`, userDayFacts(plan, `${prefix}_facts`, { types: ACTIVE_TYPES }));
  const daily = plan.cte(`${prefix}_daily`, `select moment, g, count(*) as n from ${active} group by all`);
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

/** Users active in the `days` days ending on each period's last day (WAU: 7, MAU: 30). */
export function rollingActive(plan: Plan, prefix: string, days: number): string {
  const active = activeUsers(plan, `${prefix}_users`, userDayFacts(plan, `${prefix}_facts`, { types: ACTIVE_TYPES, lookbackDays: days - 1 }));
  // each active day keeps the user counted for `days` days, cut short by their next active day
  const spans = plan.cte(
    `${prefix}_spans`,
    `select ${plan.opts.groupBy ? "g" : "'*'"} as g, moment as s, least(coalesce(lead(moment) over (partition by user_key order by moment), moment + ${days}), moment + ${days}) as e, 1 as x
     from (select distinct moment, user_key, g from ${active})`,
  );
  return runningAtEnd(plan, prefix, spans);
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

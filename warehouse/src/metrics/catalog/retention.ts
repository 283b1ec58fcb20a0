import { ACTIVE_TYPES, cachedActiveBits, perPeriod, signupCohort, userBitmaps } from "../blocks.js";
import { ALL_DIMENSIONS, DAY_GRAINS, describe, NOTE, type CohortMetric, type SeriesMetric } from "../define.js";
import { activeUsers, userDayFacts } from "../facts.js";
import { clean } from "../evaluate.js";
import type { Plan } from "../plan.js";

/** Retention: day-N retention, churn rate, and the weekly signup-cohort grid. */

/**
 * Users whose day N falls in the previous or current window (they signed up N days before it),
 * with their group, each marked whether active on that day.
 */
function dayN(plan: Plan, n: number): string {
  const dims = plan.dimsCte();
  const due = plan.cte(
    "due",
    `select f.user_key, f.signup_day + ${n} as due, ${dims ? "d.g" : "null::varchar"} as g
     from ${plan.firstSeen()} f ${dims ? `join ${dims} d on d.user_key = f.user_key` : ""}
     where f.signup_day + ${n} >= ${plan.day("prev_from_day")} and f.signup_day + ${n} < ${plan.day("to_day")}`,
  );
  if (plan.opts.rollups && !plan.raw && plan.opts.keyBound) return dayNFromBitmaps(plan, n, due);
  const facts = userDayFacts(plan, "returns_facts", { types: ACTIVE_TYPES });
  const back = plan.cte(
    "returned",
    `select c.*, a.user_key is not null as back
     from ${due} c left join (select ${facts.unique ? "" : "distinct "}moment, user_key from ${facts.name}) a on a.user_key = c.user_key and a.moment = c.due`,
  );
  // a day N still in progress (today) or to come is not counted
  return perPeriod(plan, "retention_value", back, "count(*) filter (where f.back) / count(*)", { at: "f.due", completeOnly: true });
}

/**
 * Churn from the rollups' daily user bitmaps `bits(moment, g)`: churned on day c = active on c − 30
 * and on none of the 30 days after (c − 29 … c); at risk in a period = active on a day 30 days
 * before one of its complete days. Each period ORs its days' bitmaps, so a user counts once.
 */
function churnFromBitmaps(plan: Plan, bits: string): string {
  const lo = plan.day("prev_from_day");
  const end = `least(${plan.day("to_day")}, ${plan.day("today")})`;
  const days = plan.cte("churn_days", `select r::date as c from range(${lo}::timestamp, ${end}::timestamp, interval 1 day) x(r)`);
  const windows = plan.cte(
    "churn_windows",
    `select d.c, b.g, bit_or(b.bits) as bits from ${days} d join ${bits} b on b.moment > d.c - 30 and b.moment <= d.c group by all`,
  );
  const churned = plan.cte(
    "churn_daily",
    `select d.c, a.g, a.bits as at_risk, case when w.bits is null then a.bits else a.bits & ~w.bits end as churned
     from ${days} d join ${bits} a on a.moment = d.c - 30 left join ${windows} w on w.c = d.c and w.g is not distinct from a.g`,
  );
  return plan.cte(
    "churn_value",
    `select part, t, g, bit_count(churned) / bit_count(at_risk) as value from (
       select p.part, p.t, case when p.part = 'p' then f.g end as g, bit_or(f.at_risk) as at_risk, bit_or(f.churned) as churned
       from ${plan.periods()} p join ${churned} f on f.c >= p.lo and f.c < p.hi
       group by all
     ) where bit_count(at_risk) > 0`,
  );
}

/**
 * Day-N retention from bitmaps: per day-N date, the users due that day (a bitmap of the signup
 * cohort N days before, per group) AND the day's active users, counted.
 */
function dayNFromBitmaps(plan: Plan, n: number, due: string): string {
  const bound = plan.bind("key_bound", plan.opts.keyBound ?? 0);
  const cohorts = plan.cte(
    "due_bits",
    `select due, g, bitstring_agg(user_key, 1, ${bound}) as bits, count(*) as n
     from ${due} where due < ${plan.day("today")} and user_key between 1 and ${bound} group by all`,
  );
  // every user's activity (the cohort bitmaps carry the filters and groups)
  const everyone = () => {
    const facts = userDayFacts(plan, "returns_facts", { types: ACTIVE_TYPES });
    return plan.cte("returns_users", `select ${facts.unique ? "" : "distinct "}moment, user_key, null::varchar as g from ${facts.name}`);
  };
  const active = cachedActiveBits(plan, "returns", 0) ?? userBitmaps(plan, "returns", everyone());
  const daily = plan.cte(
    "returns_daily",
    `select c.due as moment, c.g, coalesce(bit_count(c.bits & a.bits), 0) as back, c.n from ${cohorts} c left join ${active} a on a.moment = c.due`,
  );
  return perPeriod(plan, "retention_value", daily, "sum(f.back) / sum(f.n)", { completeOnly: true });
}

function retention(n: 1 | 7 | 30): SeriesMetric {
  return {
    name: `retention_d${n}`,
    label: { en: `D${n} retention`, "zh-CN": n === 1 ? "次日留存" : `${n} 日留存` },
    description: describe(
      {
        en: `Of the users whose day ${n} after signup (signup day = day 0) falls in each bucket — they signed up ${n} days earlier — the share active on exactly that day. Buckets are the day ${n} dates, so the latest days always have an answer; today and later days, not over yet, are left out. Headline: every such user of the window pooled.`,
        "zh-CN": `注册后第 ${n} 天（注册当天为第 0 天）落在各时间段内的用户（即 ${n} 天前注册的用户）中，恰好在该天活跃的比例。时间段按第 ${n} 天的日期划分，因此最近的日期也有数值；今天及以后尚未结束的日期不计入。主指标：窗口内所有此类用户合并计算。`,
      },
      NOTE.active,
    ),
    unit: "percent",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: null,
    build: (plan) => dayN(plan, n),
  };
}

function churn(plan: Plan): string {
  const cached = cachedActiveBits(plan, "churn", 30);
  if (cached) return churnFromBitmaps(plan, cached);
  const facts = userDayFacts(plan, "churn_facts", { types: ACTIVE_TYPES, lookbackDays: 30 });
  const active = activeUsers(plan, "churn_active", facts);
  if (!facts.raw && plan.opts.keyBound) return churnFromBitmaps(plan, userBitmaps(plan, "churn", active));
  // an active day followed by 30 days without activity is a churn on the 30th of those days
  const marks = plan.cte(
    "churn_marks",
    `select moment, user_key, g, case when next is null or next > moment + 30 then moment + 30 end as churned_on
     from (select *, lead(moment) over (partition by user_key order by moment) as next from ${active})`,
  );
  // at risk in a period: active in the 30 days before it, shifted with it; both counted on complete days only
  const atRisk = perPeriod(plan, "churn_at_risk", marks, "count(distinct f.user_key)", { at: "f.moment + 30", completeOnly: true });
  const churned = perPeriod(plan, "churn_churned", marks, "count(distinct f.user_key)", { at: "f.churned_on", completeOnly: true });
  return plan.cte(
    "churn_value",
    `select r.part, r.t, r.g, coalesce(c.value, 0) / r.value as value
     from ${atRisk} r left join ${churned} c on c.part = r.part and c.t is not distinct from r.t and c.g is not distinct from r.g
     where r.value > 0`,
  );
}

export const RETENTION_METRICS: SeriesMetric[] = [
  retention(1),
  retention(7),
  retention(30),
  {
    name: "churn_rate",
    label: { en: "Churn rate", "zh-CN": "流失率" },
    description: describe(
      {
        en: "Share of the users at risk in each bucket who churned in it. A user churns on the 30th consecutive day without activity; at risk are the users active in the 30 days before the bucket (shifted with it: active between bucket start − 30 and bucket end − 30 days). Only complete days count (before today). Headline: the same over the whole window.",
        "zh-CN": "每个时间段内有流失风险的用户中实际流失的比例。用户连续 30 天不活跃，在第 30 天记为流失；有风险用户为该时间段开始前 30 天起活跃的用户（区间为时间段开始 − 30 天至结束 − 30 天）。只计完整的天（今天之前）。主指标：整个窗口同样计算。",
      },
      NOTE.active,
    ),
    unit: "percent",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    goodDirection: "down",
    empty: null,
    build: churn,
  },
];

export const cohortRetentionWeekly: CohortMetric = {
  name: "cohort_retention_weekly",
  label: { en: "Weekly cohort retention", "zh-CN": "周留存队列" },
  description: describe(
    {
      en: "Users who signed up in the window, by signup week (Monday first); value k is the share of the cohort active in the k-th calendar week after their signup week (k = 0: the signup week itself, 100 % since signing up is activity). Weeks that have not started before the window's end are empty; the current week counts as it stands.",
      "zh-CN": "窗口内注册的用户按注册周（周一为首日）分组；第 k 个值为该组在注册周之后第 k 个自然周内活跃的比例（k = 0 即注册周，因注册即活跃为 100%）。窗口结束前尚未开始的周为空；当前周按已有数据计。",
    },
    NOTE.active,
  ),
  unit: "percent",
  kind: "cohort",
  period: "week",
  grains: DAY_GRAINS,
  groupBys: [],
  async run(plan, reader) {
    const horizon = `least(${plan.day("to_day")}, ${plan.day("today")} + 1)`;
    const cohort = signupCohort(plan, "week", "cw");
    const facts = userDayFacts(plan, "weeks_facts", { types: ACTIVE_TYPES, since: "window" });
    const cells = plan.cte(
      "cells",
      `select c.cw, datediff('week', c.cw, date_trunc('week', a.moment)::date) as k, count(distinct c.user_key) as n
       from ${cohort} c join ${facts.name} a on a.user_key = c.user_key
       where a.moment >= c.cw and a.moment < ${horizon}
       group by all`,
    );
    const sql = plan.sql(
      `select strftime(s.cw, '%Y-%m-%d') as cohort, s.size, datediff('week', s.cw, ${horizon} - 1) + 1 as weeks,
         list(c.n order by c.k) filter (where c.k is not null) as ns, list(c.k order by c.k) filter (where c.k is not null) as ks
       from (select cw, count(*) as size from ${cohort} group by cw) s left join ${cells} c on c.cw = s.cw
       group by all order by cohort`,
    );
    const rows = await reader.query<{ cohort: string; size: number; weeks: number; ns: number[] | null; ks: number[] | null }>(sql, plan.params);
    return {
      cohorts: rows.map((r) => {
        const byK = new Map((r.ks ?? []).map((k, i) => [Number(k), Number(r.ns?.[i] ?? 0)]));
        return { cohort: r.cohort, size: r.size, values: Array.from({ length: Math.max(0, r.weeks) }, (_, k) => clean((byK.get(k) ?? 0) / r.size)) };
      }),
    };
  },
};

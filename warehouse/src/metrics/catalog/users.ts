import { ACTIVE_TYPES, averageDaily, ratio, rollingActive, sumOf, usersWith } from "../blocks.js";
import { ALL_DIMENSIONS, ALL_GRAINS, DAY_GRAINS, describe, NOTE, type SeriesMetric } from "../define.js";
import type { Plan } from "../plan.js";

/** Users and activity: registered and new users, DAU, WAU, MAU and stickiness. */

function registered(plan: Plan): string {
  const dims = plan.dimsCte();
  const join = dims ? `join ${dims} d on d.user_key = f.user_key` : "";
  const daily = plan.cte(
    "signup_days",
    `select f.signup_day as moment, ${dims ? "d.g" : "null::varchar"} as g, count(*) as n
     from ${plan.firstSeen()} f ${join}
     where f.signup_day is not null and f.signup_day < ${plan.day("to_day")}
     group by all`,
  );
  // every signup before a period's end counts on it: join each period to the days before it ends
  const periods = plan.periods();
  return plan.cte(
    "registered_value",
    `select p.part, p.t, case when p.part = 'p' then f.g end as g, sum(f.n) as value
     from ${periods} p join ${daily} f on f.moment < p.hi
     group by all`,
  );
}

export const USER_METRICS: SeriesMetric[] = [
  {
    name: "registered_users",
    label: { en: "Registered users", "zh-CN": "注册用户数" },
    description: describe(
      {
        en: "Users who signed up (a signup event) on or before each bucket's last day. Headline: the count on the window's last day; previous: on the day before the window.",
        "zh-CN": "截至每个时间段最后一天已注册（有 signup 事件）的用户数。主指标：窗口最后一天的累计数；对比值：窗口开始前一天的累计数。",
      },
      NOTE.buckets,
    ),
    unit: "count",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: registered,
  },
  {
    name: "new_users",
    label: { en: "New users", "zh-CN": "新增用户" },
    description: describe(
      { en: "Signups (signup events) in each bucket. Headline: signups in the window.", "zh-CN": "每个时间段内的注册数（signup 事件）。主指标：窗口内的注册总数。" },
      NOTE.buckets,
    ),
    unit: "count",
    kind: "series",
    grains: ALL_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: (plan) => sumOf(plan, "signups", { signup: 1 }, "events"),
  },
  {
    name: "daily_active_users",
    label: { en: "Daily active users (DAU)", "zh-CN": "日活跃用户（DAU）" },
    description: describe(
      {
        en: "Distinct users active on a day; a week or month bucket shows its average day. Headline: the average daily active users over the window's days up to today (today counts as it stands). By hour: distinct users active in each hour of the reporting time zone, and the headline is the distinct users active in the window (for one whole day, that day's DAU).",
        "zh-CN": "每天的去重活跃用户数；周、月时间段显示其日均值。主指标：窗口内截至今天各天的日活平均值（今天按当前数据计）。按小时：报表时区每小时内的去重活跃用户数，主指标为窗口内的去重活跃用户数（窗口为完整一天时即当天日活）。",
      },
      NOTE.active,
      NOTE.buckets,
    ),
    unit: "count",
    kind: "series",
    grains: ALL_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    // hours come from raw events (rollups are daily); the same ACTIVE_TYPES decide who is active
    build: (plan) => (plan.w.hourly ? usersWith(plan, "dau", ACTIVE_TYPES) : averageDaily(plan, "dau")),
  },
  {
    name: "weekly_active_users",
    label: { en: "Weekly active users (WAU)", "zh-CN": "周活跃用户（WAU）" },
    description: describe(
      {
        en: "Distinct users active in the 7 days ending on each bucket's last day. Headline: the 7 days ending on the window's last day; previous: the 7 days ending the day before the window.",
        "zh-CN": "截至每个时间段最后一天的 7 天内去重活跃用户数。主指标：截至窗口最后一天的 7 天；对比值：截至窗口开始前一天的 7 天。",
      },
      NOTE.active,
    ),
    unit: "count",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: (plan) => rollingActive(plan, "wau", 7),
  },
  {
    name: "monthly_active_users",
    label: { en: "Monthly active users (MAU)", "zh-CN": "月活跃用户（MAU）" },
    description: describe(
      {
        en: "Distinct users active in the 30 days ending on each bucket's last day. Headline: the 30 days ending on the window's last day; previous: the 30 days ending the day before the window.",
        "zh-CN": "截至每个时间段最后一天的 30 天内去重活跃用户数。主指标：截至窗口最后一天的 30 天；对比值：截至窗口开始前一天的 30 天。",
      },
      NOTE.active,
    ),
    unit: "count",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: (plan) => rollingActive(plan, "mau", 30),
  },
  {
    name: "stickiness_dau_mau",
    label: { en: "Stickiness (DAU/MAU)", "zh-CN": "粘性（日活/月活）" },
    description: describe(
      {
        en: "Average daily active users of each bucket ÷ monthly active users (30 days) on its last day. Headline: the window's average DAU ÷ MAU on the window's last day.",
        "zh-CN": "每个时间段的日均活跃用户 ÷ 该时间段最后一天的月活（30 天）。主指标：窗口日均活跃 ÷ 窗口最后一天的月活。",
      },
      NOTE.active,
    ),
    unit: "percent",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: null,
    build: (plan) => ratio(plan, "stickiness_value", averageDaily(plan, "dau"), rollingActive(plan, "mau", 30)),
    derive: { inputs: ["daily_active_users", "monthly_active_users"], combine: ([dau, mau]) => (dau == null || !mau ? null : dau / mau) },
  },
];

import { NET_REVENUE_SIGNS, runningAtEnd, signupCohort } from "../blocks.js";
import { ALL_DIMENSIONS, DAY_GRAINS, describe, NOTE, type CohortMetric, type SeriesMetric } from "../define.js";
import { clean } from "../evaluate.js";
import { userDayFacts } from "../facts.js";
import { REPORTING_CURRENCY, type Plan } from "../plan.js";

/** Recurring revenue (MRR, ARR) and lifetime value by signup cohort. */

const MRR_RULE = {
  en: "A subscription start or renewal counts from its day for its interval (30 days for monthly plans, 365 for yearly, plus 3 days for the renewal to arrive) until the user's next subscription event; a cancellation ends it that day. Yearly plans count 1/12 of their price per month.",
  "zh-CN": "订阅新订或续费自当天起在其周期内有效（月付 30 天、年付 365 天，另加 3 天等待续费），直到该用户的下一个订阅事件；取消当天即终止。年付按价格的 1/12 计入每月。",
};

function mrr(plan: Plan): string {
  const dims = plan.dimsCte();
  const spans = plan.cte(
    "mrr_spans",
    `select ${plan.opts.groupBy ? "d.g" : "'*'"} as g, f.s, f.e, f.mrr as x
     from ${plan.subscriptionSpans()} f ${dims ? `join ${dims} d on d.user_id = f.user_id` : ""}
     where f.currency = ${plan.bind("currency", REPORTING_CURRENCY)} and f.e > f.s`,
  );
  return runningAtEnd(plan, "mrr", spans);
}

export const RECURRING_METRICS: SeriesMetric[] = [
  {
    name: "mrr",
    label: { en: "MRR", "zh-CN": "月度经常性收入（MRR）" },
    description: describe(
      {
        en: "Monthly recurring revenue on each bucket's last day: the monthly price of every subscription in force that day. Headline: MRR on the window's last day; previous: on the day before the window.",
        "zh-CN": "每个时间段最后一天的月度经常性收入：当天有效的全部订阅的月价格之和。主指标：窗口最后一天的 MRR；对比值：窗口开始前一天的 MRR。",
      },
      MRR_RULE,
      NOTE.usd,
    ),
    unit: "currency",
    currency: "USD",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: mrr,
  },
  {
    name: "arr",
    label: { en: "ARR", "zh-CN": "年度经常性收入（ARR）" },
    description: describe(
      { en: "Annual recurring revenue = 12 × MRR, on each bucket's last day. Headline: on the window's last day.", "zh-CN": "年度经常性收入 = 12 × MRR，按每个时间段最后一天计。主指标：窗口最后一天的值。" },
      MRR_RULE,
      NOTE.usd,
    ),
    unit: "currency",
    currency: "USD",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: (plan) => plan.cte("arr_value", `select part, t, g, 12 * value as value from ${mrr(plan)}`),
    derive: { inputs: ["mrr"], combine: ([mrr]) => (mrr == null ? null : 12 * mrr) },
  },
];

export const ltvByCohort: CohortMetric = {
  name: "ltv_by_cohort",
  label: { en: "LTV by signup cohort", "zh-CN": "按注册队列的生命周期价值" },
  description: describe(
    {
      en: "Users who signed up in the window, by signup month; value k is the cumulative net revenue of the cohort's users from their signup month through the k-th month after it, per cohort user (k = 0: the signup month). Months that have not started before the window's end are empty; the current month counts as it stands. Net revenue as in net revenue (refunds and chargebacks subtracted).",
      "zh-CN": "窗口内注册的用户按注册月分组；第 k 个值为该组用户从注册月到其后第 k 个月的累计净收入除以组内人数（k = 0 即注册月）。窗口结束前尚未开始的月份为空；当前月按已有数据计。净收入口径同“净收入”（已扣退款与拒付）。",
    },
    NOTE.usd,
  ),
  unit: "currency",
  currency: "USD",
  kind: "cohort",
  period: "month",
  grains: DAY_GRAINS,
  groupBys: [],
  async run(plan, reader) {
    const horizon = `least(${plan.day("to_day")}, ${plan.day("today")} + 1)`;
    const cohort = signupCohort(plan, "month", "cm");
    const types = Object.keys(NET_REVENUE_SIGNS);
    const facts = userDayFacts(plan, "ltv_facts", { types, since: "window", money: true });
    const sign = `case r.type ${types.map((t) => `when '${t}' then ${NET_REVENUE_SIGNS[t]}`).join(" ")} end`;
    const cells = plan.cte(
      "cells",
      `select c.cm, datediff('month', c.cm, date_trunc('month', r.moment)::date) as k, sum(${sign} * r.amount)::double as revenue
       from ${cohort} c join ${facts.name} r on r.user_key = c.user_key
       where r.moment < ${horizon}
       group by all`,
    );
    const sql = plan.sql(
      `select strftime(s.cm, '%Y-%m-%d') as cohort, s.size, datediff('month', s.cm, ${horizon} - 1) + 1 as months,
         list(c.revenue order by c.k) filter (where c.k is not null) as rs, list(c.k order by c.k) filter (where c.k is not null) as ks
       from (select cm, count(*) as size from ${cohort} group by cm) s left join ${cells} c on c.cm = s.cm
       group by all order by cohort`,
    );
    const rows = await reader.query<{ cohort: string; size: number; months: number; rs: number[] | null; ks: number[] | null }>(sql, plan.params);
    return {
      cohorts: rows.map((r) => {
        const byK = new Map((r.ks ?? []).map((k, i) => [Number(k), Number(r.rs?.[i] ?? 0)]));
        let sum = 0;
        const values = Array.from({ length: Math.max(0, r.months) }, (_, k) => clean((sum += byK.get(k) ?? 0) / r.size));
        return { cohort: r.cohort, size: r.size, values };
      }),
    };
  },
};

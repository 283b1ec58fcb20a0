import { ACTIVE_TYPES, cachedActiveBits, NET_REVENUE_SIGNS, PURCHASE_TYPES, STREAM_TYPES, ratio, sumOf, userBitmaps, usersWith } from "../blocks.js";
import { ALL_DIMENSIONS, ALL_GRAINS, DAY_GRAINS, describe, NOTE, type SeriesMetric } from "../define.js";
import { activeUsers, userDayFacts } from "../facts.js";
import type { Plan } from "../plan.js";
import type { Localized } from "../types.js";

/** Revenue: the total, the six streams, reversals, paying users, conversion, ARPU and ARPPU. */

const money = { unit: "currency", kind: "series", currency: "USD", groupBys: ALL_DIMENSIONS, empty: 0 } as const;

const NET = {
  en: "Revenue = subscriptions (starts and renewals) + trading fees (the fee of every trade, copied ones included) + advertising + AI services + data services + virtual goods, minus refunds and chargebacks on the day they happen (they are not moved back to the original sale). Streams are gross; refunds and chargebacks are reported separately.",
  "zh-CN": "收入 = 订阅（新订与续费）+ 交易手续费（每笔交易的手续费，含跟单交易）+ 广告 + AI 服务 + 数据服务 + 虚拟物品，减去退款与拒付（按其发生当天计，不追溯到原销售）。各收入来源为毛收入；退款与拒付单独列示。",
};

const PURCHASES = {
  en: "Purchases = subscription starts and renewals, AI-service purchases, data-API usage and virtual goods (trading fees and advertising are not purchases).",
  "zh-CN": "付费行为 = 订阅新订与续费、AI 服务购买、数据 API 用量与虚拟物品（交易手续费与广告不算付费行为）。",
};

function stream(key: keyof typeof STREAM_TYPES, label: Localized, what: Localized): SeriesMetric {
  return {
    ...money,
    name: `revenue_${key}`,
    label,
    description: describe(
      { en: `Revenue from ${what.en} in each bucket, gross of refunds and chargebacks. Headline: the window's sum.`, "zh-CN": `每个时间段内来自${what["zh-CN"]}的收入（未扣退款与拒付）。主指标：窗口合计。` },
      NOTE.usd,
    ),
    grains: ALL_GRAINS,
    build: (plan) => sumOf(plan, key, Object.fromEntries(STREAM_TYPES[key].map((t) => [t, 1])), "amount"),
  };
}

function conversion(plan: Plan): string {
  const paid = () => userDayFacts(plan, "paid_facts", { types: PURCHASE_TYPES, since: "all" }).name;
  // the pool keeps every user's first purchase day; raw events compute it
  const first = plan.raw
    ? plan.cte("first_paid", `select user_key, min(moment) as first_paid from ${paid()} group by user_key`)
    : plan.cte("first_paid", `select user_key, first_day as first_paid from rollup_first_paid where first_day < ${plan.day("to_day")}`);
  const cached = cachedActiveBits(plan, "conv", 0);
  if (cached) return conversionFromBitmaps(plan, first, cached);
  const facts = userDayFacts(plan, "conv_facts", { types: ACTIVE_TYPES });
  const active = activeUsers(plan, "conv_active", facts);
  if (!facts.raw && plan.opts.keyBound) return conversionFromBitmaps(plan, first, userBitmaps(plan, "conv", active));
  const { from, to, prevFrom } = plan.bounds();
  const rows = plan.cte(
    "conv_rows",
    `select a.moment, a.user_key, a.g, fp.first_paid, greatest(${plan.bucket("a.moment")}, ${from}) as b_lo, least(${plan.bucketEnd("a.moment")}, ${to}) as b_hi
     from ${active} a left join ${first} fp on fp.user_key = a.user_key`,
  );
  // free at the period's start: never paid before it; converted: first purchase inside it
  const rate = (lo: string, hi: string) =>
    `count(distinct f.user_key) filter (where f.first_paid >= ${lo} and f.first_paid < ${hi}) / count(distinct f.user_key)`;
  const period = (lo: string, hi: string) => `f.moment >= ${lo} and f.moment < ${hi} and (f.first_paid is null or f.first_paid >= ${lo})`;
  return plan.cte(
    "conversion_value",
    `select 'p' as part, ${plan.bucket("f.moment")} as t, f.g, ${rate("f.b_lo", "f.b_hi")} as value
     from ${rows} f where f.moment >= ${from} and f.moment < ${to} and (f.first_paid is null or f.first_paid >= f.b_lo) group by all
     union all select 'c', null, null, ${rate(from, to)} from ${rows} f where ${period(from, to)}
     union all select 'v', null, null, ${rate(prevFrom, from)} from ${rows} f where ${period(prevFrom, from)}`,
  );
}

/**
 * Conversion from daily user bitmaps: a period's active users (OR of its days), those who had paid
 * before it (first purchase before its start) left out, and the share whose first purchase falls in it.
 */
function conversionFromBitmaps(plan: Plan, first: string, bits: string): string {
  const periods = plan.periods();
  const bound = plan.bind("key_bound", plan.opts.keyBound ?? 0);
  const paid = plan.cte(
    "conv_paid",
    `select p.part, p.t, bitstring_agg(fp.user_key, 1, ${bound}) filter (where fp.first_paid < p.lo) as before,
       bitstring_agg(fp.user_key, 1, ${bound}) filter (where fp.first_paid >= p.lo) as within
     from ${periods} p join ${first} fp on fp.first_paid < p.hi and fp.user_key between 1 and ${bound}
     group by all`,
  );
  const active = plan.cte(
    "conv_period",
    `select p.part, p.t, case when p.part = 'p' then b.g end as g, bit_or(b.bits) as bits
     from ${periods} p join ${bits} b on b.moment >= p.lo and b.moment < p.hi group by all`,
  );
  // a period with nobody paying yet has no bitmaps: every active user was free and none converted
  return plan.cte(
    "conversion_value",
    `select part, t, g, converted / free as value from (
       select a.part, a.t, a.g, coalesce(bit_count(a.bits & c.within), 0) as converted,
         bit_count(case when c.before is null then a.bits else a.bits & ~c.before end) as free
       from ${active} a left join ${paid} c on c.part = a.part and c.t is not distinct from a.t
     ) where free > 0`,
  );
}

export const REVENUE_METRICS: SeriesMetric[] = [
  {
    ...money,
    name: "revenue_total",
    label: { en: "Net revenue", "zh-CN": "净收入" },
    description: describe({ en: "Net revenue in each bucket. Headline: the window's sum.", "zh-CN": "每个时间段的净收入。主指标：窗口合计。" }, NET, NOTE.usd),
    grains: ALL_GRAINS,
    build: (plan) => sumOf(plan, "net", NET_REVENUE_SIGNS, "amount"),
  },
  stream("subscriptions", { en: "Subscription revenue", "zh-CN": "订阅收入" }, { en: "subscription starts and renewals (the amount charged)", "zh-CN": "订阅新订与续费（实收金额）" }),
  stream("trading_fees", { en: "Trading-fee revenue", "zh-CN": "交易手续费收入" }, { en: "trading fees (the fee of every trade, copied ones included)", "zh-CN": "交易手续费（每笔交易的手续费，含跟单交易）" }),
  stream("advertising", { en: "Advertising revenue", "zh-CN": "广告收入" }, { en: "advertising (ad_revenue events)", "zh-CN": "广告（ad_revenue 事件）" }),
  stream("ai_services", { en: "AI-services revenue", "zh-CN": "AI 服务收入" }, { en: "AI strategy services (ai_service_purchase events)", "zh-CN": "AI 策略服务（ai_service_purchase 事件）" }),
  stream("data_services", { en: "Data-services revenue", "zh-CN": "数据服务收入" }, { en: "data services (data_api_usage events)", "zh-CN": "数据服务（data_api_usage 事件）" }),
  stream("virtual_goods", { en: "Virtual-goods revenue", "zh-CN": "虚拟物品收入" }, { en: "virtual goods (virtual_item_purchase events)", "zh-CN": "虚拟物品（virtual_item_purchase 事件）" }),
  {
    ...money,
    name: "refunds",
    label: { en: "Refunds", "zh-CN": "退款" },
    description: describe(
      { en: "Amounts refunded (refund events) in each bucket, by the day of the refund. Headline: the window's sum. Subtracted in net revenue.", "zh-CN": "每个时间段内的退款金额（refund 事件，按退款当天计）。主指标：窗口合计。净收入中已扣除。" },
      NOTE.usd,
    ),
    grains: ALL_GRAINS,
    goodDirection: "down",
    build: (plan) => sumOf(plan, "refunds", { refund: 1 }, "amount"),
  },
  {
    ...money,
    name: "chargebacks",
    label: { en: "Chargebacks", "zh-CN": "拒付" },
    description: describe(
      { en: "Amounts charged back (chargeback events) in each bucket, by the day of the chargeback. Headline: the window's sum. Subtracted in net revenue.", "zh-CN": "每个时间段内的拒付金额（chargeback 事件，按拒付当天计）。主指标：窗口合计。净收入中已扣除。" },
      NOTE.usd,
    ),
    grains: ALL_GRAINS,
    goodDirection: "down",
    build: (plan) => sumOf(plan, "chargebacks", { chargeback: 1 }, "amount"),
  },
  {
    name: "paying_users",
    label: { en: "Paying users", "zh-CN": "付费用户" },
    description: describe({ en: "Distinct users with at least one purchase in each bucket. Headline: distinct paying users over the window.", "zh-CN": "每个时间段内至少有一次付费行为的去重用户数。主指标：窗口内去重付费用户数。" }, PURCHASES),
    unit: "count",
    kind: "series",
    grains: ALL_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: (plan) => usersWith(plan, "payers", PURCHASE_TYPES),
  },
  {
    name: "conversion_to_paid",
    label: { en: "Conversion to paid", "zh-CN": "付费转化率" },
    description: describe(
      {
        en: "Of the users active in each bucket who had never purchased before it, the share whose first purchase ever fell in the bucket. Headline: the same over the whole window.",
        "zh-CN": "每个时间段内活跃且此前从未付费的用户中，首次付费发生在该时间段内的比例。主指标：整个窗口同样计算。",
      },
      PURCHASES,
      NOTE.active,
    ),
    unit: "percent",
    kind: "series",
    grains: DAY_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: null,
    build: conversion,
  },
  {
    ...money,
    name: "arpu",
    label: { en: "ARPU", "zh-CN": "每用户平均收入（ARPU）" },
    description: describe(
      { en: "Net revenue of each bucket ÷ distinct users active in it. Headline: the window's net revenue ÷ its distinct active users.", "zh-CN": "每个时间段的净收入 ÷ 该时间段去重活跃用户数。主指标：窗口净收入 ÷ 窗口去重活跃用户数。" },
      NET,
      NOTE.active,
      NOTE.usd,
    ),
    grains: DAY_GRAINS,
    empty: null,
    build: (plan) => ratio(plan, "arpu_value", sumOf(plan, "net", NET_REVENUE_SIGNS, "amount"), usersWith(plan, "actives", ACTIVE_TYPES)),
  },
  {
    ...money,
    name: "arppu",
    label: { en: "ARPPU", "zh-CN": "每付费用户平均收入（ARPPU）" },
    description: describe(
      { en: "Purchase revenue of each bucket (gross) ÷ distinct paying users in it. Headline: the window's purchase revenue ÷ its distinct paying users.", "zh-CN": "每个时间段的付费收入（毛收入）÷ 该时间段去重付费用户数。主指标：窗口付费收入 ÷ 窗口去重付费用户数。" },
      PURCHASES,
      NOTE.usd,
    ),
    grains: DAY_GRAINS,
    empty: null,
    build: (plan) =>
      ratio(plan, "arppu_value", sumOf(plan, "purchases", Object.fromEntries(PURCHASE_TYPES.map((t) => [t, 1])), "amount"), usersWith(plan, "payers", PURCHASE_TYPES)),
  },
];

import { sumOf } from "../blocks.js";
import { ALL_DIMENSIONS, ALL_GRAINS, describe, NOTE, type SeriesMetric } from "../define.js";

/** Money movement: deposits, withdrawals and their difference. */

const base = { unit: "currency", currency: "USD", kind: "series", grains: ALL_GRAINS, groupBys: ALL_DIMENSIONS, empty: 0 } as const;

export const MONEY_METRICS: SeriesMetric[] = [
  {
    ...base,
    name: "deposits",
    label: { en: "Deposits", "zh-CN": "入金" },
    description: describe({ en: "Amounts deposited (deposit events) in each bucket. Headline: the window's sum.", "zh-CN": "每个时间段的入金金额（deposit 事件）。主指标：窗口合计。" }, NOTE.usd),
    build: (plan) => sumOf(plan, "deposits", { deposit: 1 }, "amount"),
  },
  {
    ...base,
    name: "withdrawals",
    label: { en: "Withdrawals", "zh-CN": "出金" },
    description: describe({ en: "Amounts withdrawn (withdrawal events) in each bucket. Headline: the window's sum.", "zh-CN": "每个时间段的出金金额（withdrawal 事件）。主指标：窗口合计。" }, NOTE.usd),
    goodDirection: "down",
    build: (plan) => sumOf(plan, "withdrawals", { withdrawal: 1 }, "amount"),
  },
  {
    ...base,
    name: "net_deposits",
    label: { en: "Net deposits", "zh-CN": "净入金" },
    description: describe({ en: "Deposits − withdrawals in each bucket. Headline: the window's sum.", "zh-CN": "每个时间段的入金 − 出金。主指标：窗口合计。" }, NOTE.usd),
    build: (plan) => sumOf(plan, "net_deposits", { deposit: 1, withdrawal: -1 }, "amount"),
  },
];

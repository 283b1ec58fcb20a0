import type { Plan } from "./plan.js";
import type { CohortResult, Dimension, FunnelResult, Grain, MetricInfo, MetricQuery, MetricsReader, TableResult } from "./types.js";
import { DIMENSIONS } from "./types.js";

/**
 * How a metric is declared. A series metric builds its SQL from blocks and returns the CTE with
 * `(part, t, g, value)`; the evaluator turns the rows into points, groups and totals. Funnels,
 * cohorts and tables shape their own rows.
 */

export interface SeriesMetric extends MetricInfo {
  kind: "series";
  /** a bucket without rows: 0 for counts and sums, null for ratios and scores */
  empty: 0 | null;
  build(plan: Plan): string;
  /**
   * The same numbers from other series metrics, point by point (ARR = 12 × MRR), so a caller with a
   * result cache computes them once; `build` stays the definition and a test holds the two equal.
   */
  derive?: { inputs: readonly string[]; combine(values: readonly (number | null)[]): number | null };
}

type Body<R> = Omit<R, "name" | "unit" | "grain" | "from" | "to" | "currency" | "kind" | "period">;

export interface FunnelMetric extends MetricInfo {
  kind: "funnel";
  run(plan: Plan, reader: MetricsReader, query: MetricQuery): Promise<Body<FunnelResult>>;
}

export interface CohortMetric extends MetricInfo {
  kind: "cohort";
  /** the calendar period cohorts are formed by and counted in (column k = the k-th such period after signup) */
  period: CohortResult["period"];
  run(plan: Plan, reader: MetricsReader, query: MetricQuery): Promise<Body<CohortResult>>;
}

export interface TableMetric extends MetricInfo {
  kind: "table";
  run(plan: Plan, reader: MetricsReader, query: MetricQuery): Promise<Body<TableResult>>;
}

export type MetricDef = SeriesMetric | FunnelMetric | CohortMetric | TableMetric;

export const ALL_GRAINS: Grain[] = ["hour", "day", "week", "month"];
export const DAY_GRAINS: Grain[] = ["day", "week", "month"];
export const ALL_DIMENSIONS: Dimension[] = [...DIMENSIONS];

/** Shared sentences of the descriptions, so every metric states its rules the same way. */
export const NOTE = {
  buckets: {
    en: "Days, weeks (Monday first) and months are calendar periods in the reporting time zone.",
    "zh-CN": "日、周（周一为首日）、月均按报表时区的自然周期划分。",
  },
  usd: {
    en: "Amounts in USD; amounts booked in another currency are left out (no conversion).",
    "zh-CN": "金额以美元计；其他币种的金额不计入（不做汇率换算）。",
  },
  active: {
    en: "Active = at least one action of the user's own: signup, login, page view, deposit, withdrawal, copy start/stop, post, comment, like, subscription start/cancel, AI or virtual-goods purchase, NPS answer. Not counted: copied trades placed automatically, subscription renewals, KYC verification, data-API calls, ad revenue, refunds, chargebacks, experiment exposures and campaign touches.",
    "zh-CN": "活跃 = 用户本人至少一次操作：注册、登录、浏览页面、入金、出金、开始/停止跟单、发帖、评论、点赞、开始/取消订阅、购买 AI 服务或虚拟物品、回答 NPS。不计入：自动执行的跟单交易、订阅自动续费、KYC 审核、数据 API 调用、广告收入、退款、拒付、实验曝光与营销触达。",
  },
} as const;

/** Joins sentences of both languages. */
export function describe(...parts: { en: string; "zh-CN": string }[]): { en: string; "zh-CN": string } {
  return { en: parts.map((p) => p.en).join(" "), "zh-CN": parts.map((p) => p["zh-CN"]).join("") };
}

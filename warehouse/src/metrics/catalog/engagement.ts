import { perPeriod } from "../blocks.js";
import { ALL_DIMENSIONS, DAY_GRAINS, describe, NOTE, type FunnelMetric, type SeriesMetric } from "../define.js";
import { clean } from "../evaluate.js";
import { rawFacts, userDayFacts, type Facts } from "../facts.js";
import type { Plan } from "../plan.js";
import type { Localized } from "../types.js";

/** Satisfaction (NPS) and activation (the signup → subscription funnel). */

export const nps: SeriesMetric = {
  name: "nps",
  label: { en: "NPS", "zh-CN": "净推荐值（NPS）" },
  description: {
    en: "Net promoter score of the NPS answers (nps_response, score 0–10) given in each bucket: % promoters (9–10) − % detractors (0–6), from −100 to 100. Headline: all answers of the window. Empty when nobody answered.",
    "zh-CN": "每个时间段内 NPS 回答（nps_response，0–10 分）的净推荐值：推荐者（9–10 分）占比 − 贬损者（0–6 分）占比，范围 −100 至 100。主指标：窗口内全部回答。无人回答时为空。",
  },
  unit: "score",
  kind: "series",
  grains: DAY_GRAINS,
  groupBys: ALL_DIMENSIONS,
  empty: null,
  build(plan) {
    const f = plan.raw ? rawNps(plan) : { name: plan.cte("nps_facts", `select day as moment, user_key, score from rollup_key_events
        where type = 'nps_response' and score between 0 and 10 and day >= ${plan.day("prev_from_day")} and day < ${plan.day("to_day")}`), raw: false };
    const grouped = plan.cte("nps_grouped", plan.withGroup(f.name, f.raw));
    return perPeriod(plan, "nps_value", grouped, "100.0 * (count(*) filter (where f.score >= 9) - count(*) filter (where f.score <= 6)) / count(*)");
  },
};

function rawNps(plan: Plan): Facts {
  const score = `try_cast(props ->> 'score' as integer)`;
  return rawFacts(plan, "nps_facts", { types: ["nps_response"], columns: `${score} as score`, where: `${score} between 0 and 10` });
}

const STEPS: { key: string; type: string | null; label: Localized }[] = [
  { key: "signup", type: null, label: { en: "Signed up", "zh-CN": "注册" } },
  { key: "kyc", type: "kyc_verified", label: { en: "KYC verified", "zh-CN": "完成实名认证" } },
  { key: "deposit", type: "deposit", label: { en: "First deposit", "zh-CN": "首次入金" } },
  { key: "trade", type: "trade", label: { en: "First trade", "zh-CN": "首次交易" } },
  { key: "copy", type: "copy_start", label: { en: "First copy", "zh-CN": "首次跟单" } },
  { key: "subscription", type: "subscription_start", label: { en: "Subscribed", "zh-CN": "订阅" } },
];

export const activationFunnel: FunnelMetric = {
  name: "activation_funnel",
  label: { en: "Activation funnel", "zh-CN": "激活漏斗" },
  description: describe({
    en: "Users who signed up in the window, and how many of them went on, in order, to KYC verification (kyc_verified), a first deposit, a first trade, a first copy (copy_start) and a subscription (subscription_start) before the window's end. A step counts when its event happened on or after the day the previous step was reached. Rate = share of the signups.",
    "zh-CN": "窗口内注册的用户中，在窗口结束前依次完成实名认证（kyc_verified）、首次入金、首次交易、首次跟单（copy_start）与订阅（subscription_start）的人数。某一步的事件发生在上一步达成当天或之后才计入。比率 = 占注册人数的比例。",
  }, NOTE.buckets),
  unit: "count",
  kind: "funnel",
  grains: DAY_GRAINS,
  groupBys: [],
  async run(plan, reader) {
    const dims = plan.dimsCte();
    const cohort = plan.cte(
      "step_signup",
      `select f.user_key, f.signup_day as reached
       from ${plan.firstSeen()} f ${dims ? `join ${dims} d on d.user_key = f.user_key` : ""}
       where f.signup_day >= ${plan.day("from_day")} and f.signup_day < ${plan.day("to_day")}`,
    );
    const types = STEPS.flatMap((s) => (s.type ? [s.type] : []));
    const facts = userDayFacts(plan, "funnel_facts", { types, since: "window" });
    let previous = cohort;
    for (const step of STEPS.slice(1)) {
      previous = plan.cte(
        `step_${step.key}`,
        `select s.user_key, min(f.moment) as reached
         from ${previous} s join ${facts.name} f on f.user_key = s.user_key and f.type = '${step.type}' and f.moment >= s.reached
         group by s.user_key`,
      );
    }
    const sql = plan.sql(`select ${STEPS.map((s) => `(select count(*) from step_${s.key})::integer as "${s.key}"`).join(", ")}`);
    const [row] = await reader.query<Record<string, number>>(sql, plan.params);
    const first = Number(row?.signup ?? 0);
    return {
      steps: STEPS.map((s) => {
        const value = Number(row?.[s.key] ?? 0);
        return { key: s.key, label: s.label, value, rate: first ? clean(value / first) : null };
      }),
    };
  },
};

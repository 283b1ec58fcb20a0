import { distinctUsers, perPeriod, sumOf, usersWith } from "../blocks.js";
import { ALL_DIMENSIONS, ALL_GRAINS, DAY_GRAINS, describe, type SeriesMetric, type TableMetric } from "../define.js";
import { clean } from "../evaluate.js";
import { rawFacts, type Facts } from "../facts.js";
import { typeList, type Plan } from "../plan.js";

/** Trading and copy-trading: trades, volume, traders, copiers, leaders. */

const NOTIONAL = {
  en: "Volume = quantity × price of each trade (props qty and price), in the instrument's quote currency (USD or a USD stablecoin for every listed instrument).",
  "zh-CN": "交易量 = 每笔交易的数量 × 价格（props 中的 qty 与 price），以标的的计价货币计（所有上架标的均为美元或美元稳定币）。",
};

/**
 * Trades with their notional, whether copied, and the leader copied: per (day, user, is_copy,
 * leader) from `rollup_trade_day`, or one row per trade from raw events (hours, no rollups).
 * Either way `trades` counts trades and `notional` sums their volume. From raw events, `copied`
 * keeps copied trades only, with a cheap text test before the JSON parse (a superset: every props
 * with `"is_copy": true` contains both words; the parsed flag decides).
 */
function trades(plan: Plan, opts: { since?: "prev" | "window"; copied?: boolean } = {}): Facts {
  const since = opts.since ?? "prev";
  const name = `${opts.copied ? "copied" : "trades"}_${since}`;
  if (!plan.raw) {
    const start = since === "window" ? plan.w.fromDay : plan.w.prevFromDay;
    return {
      name: plan.cte(
        name,
        `select day as moment, user_key, trades, notional, is_copy, leader_id from rollup_trade_day
         where day >= cast(${plan.bind(`${name}_lo`, start)} as date) and day < ${plan.day("to_day")}${opts.copied ? " and is_copy" : ""}`,
      ),
      raw: false,
    };
  }
  return rawFacts(plan, name, {
    types: ["trade"],
    since,
    ...(opts.copied ? { where: `props like '%is_copy%true%'` } : {}),
    // one JSON parse per row for all four props (DuckDB lets later columns use the alias)
    columns: `json_extract_string(props, ['$.qty', '$.price', '$.is_copy', '$.leader_id']) as trade_props,
      try_cast(trade_props[1] as double) * try_cast(trade_props[2] as double) as notional,
      coalesce(try_cast(trade_props[3] as boolean), false) as is_copy, trade_props[4] as leader_id, 1 as trades`,
  });
}

function volume(plan: Plan, copiedOnly: boolean): string {
  const f = trades(plan, { copied: copiedOnly });
  const grouped = plan.cte("volume_facts", `${plan.withGroup(f.name, f.raw)} ${copiedOnly ? "where f.is_copy" : ""}`);
  return perPeriod(plan, "volume_value", grouped, "sum(f.notional)");
}

/**
 * Copy relations `(follower, leader, s, e)`: from a copy start until the pair's next copy event
 * (a stop, or a new start that carries it on), open-ended when there is none; up to the window's end.
 */
function copySpans(plan: Plan): string {
  const source = plan.opts.rollups
    ? `select user_id as follower, leader_id as leader, ts, event_id, type, day as moment
       from rollup_key_events where type in (${typeList(["copy_start", "copy_stop"])})`
    : `select user_id as follower, props ->> 'leader_id' as leader, ts, event_id, type, ${plan.localDay} as moment
       from events
       where dt <= ${plan.bind("dt_hi", plan.w.dtHi)} and type in (${typeList(["copy_start", "copy_stop"])})`;
  return plan.cte(
    "copy_spans",
    `with source as (${source}),
     ordered as (
       select *, lead(moment) over (partition by follower, leader order by ts, event_id) as next
       from source where moment < ${plan.day("to_day")} and leader is not null
     )
     select follower, leader, moment as s, coalesce(next, date '9999-12-31') as e from ordered where type = 'copy_start'`,
  );
}

/** Copy relations with the leader's group, for leaders passing the filters. */
function leaderSpans(plan: Plan): string {
  const dims = plan.dimsCte();
  return plan.cte(
    "leader_spans",
    `select f.*, ${dims ? "d.g" : "null::varchar"} as g from ${copySpans(plan)} f ${dims ? `join ${dims} d on d.user_id = f.leader` : ""}`,
  );
}

const count = { unit: "count", kind: "series", groupBys: ALL_DIMENSIONS, empty: 0 } as const;

export const TRADING_METRICS: SeriesMetric[] = [
  {
    name: "trading_volume",
    label: { en: "Trading volume", "zh-CN": "交易量" },
    description: describe({ en: "Volume of all trades (manual and copied) in each bucket. Headline: the window's sum.", "zh-CN": "每个时间段内全部交易（手动与跟单）的交易量。主指标：窗口合计。" }, NOTIONAL),
    unit: "currency",
    currency: "USD",
    kind: "series",
    grains: ALL_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: (plan) => volume(plan, false),
  },
  {
    ...count,
    name: "trades",
    label: { en: "Trades", "zh-CN": "交易笔数" },
    description: { en: "Trades (trade events, manual and copied) in each bucket. Headline: the window's count.", "zh-CN": "每个时间段内的交易笔数（trade 事件，含手动与跟单）。主指标：窗口合计。" },
    grains: ALL_GRAINS,
    build: (plan) => sumOf(plan, "trades", { trade: 1 }, "events"),
  },
  {
    ...count,
    name: "active_traders",
    label: { en: "Active traders", "zh-CN": "活跃交易用户" },
    description: { en: "Distinct users with at least one trade (manual or copied) in each bucket. Headline: distinct traders over the window.", "zh-CN": "每个时间段内至少有一笔交易（手动或跟单）的去重用户数。主指标：窗口内去重交易用户数。" },
    grains: ALL_GRAINS,
    build: (plan) => usersWith(plan, "traders", ["trade"]),
  },
  {
    ...count,
    name: "active_copiers",
    label: { en: "Active copiers", "zh-CN": "活跃跟单用户" },
    description: {
      en: "Distinct users with at least one copied trade (is_copy) executed for them in each bucket: their copy relation was live and mirrored a leader. Headline: distinct copiers over the window.",
      "zh-CN": "每个时间段内至少有一笔跟单交易（is_copy）被执行的去重用户数，即其跟单关系有效并复制了带单人的交易。主指标：窗口内去重跟单用户数。",
    },
    grains: ALL_GRAINS,
    build: (plan) => {
      const f = trades(plan, { copied: true });
      const copied = plan.cte("copied_trades", `select * from ${f.name} where is_copy`);
      return distinctUsers(plan, "copiers", { name: copied, raw: f.raw });
    },
  },
  {
    name: "copied_volume",
    label: { en: "Copied volume", "zh-CN": "跟单交易量" },
    description: describe({ en: "Volume of copied trades (is_copy) in each bucket. Headline: the window's sum.", "zh-CN": "每个时间段内跟单交易（is_copy）的交易量。主指标：窗口合计。" }, NOTIONAL),
    unit: "currency",
    currency: "USD",
    kind: "series",
    grains: ALL_GRAINS,
    groupBys: ALL_DIMENSIONS,
    empty: 0,
    build: (plan) => volume(plan, true),
  },
  {
    ...count,
    name: "leaders_with_followers",
    label: { en: "Leaders with followers", "zh-CN": "有跟随者的带单人" },
    description: {
      en: "Leaders with at least one open copy relation on each bucket's last day (a copy_start not yet followed by that pair's copy_stop). Filters and group-bys apply to the leader. Headline: on the window's last day; previous: on the day before the window.",
      "zh-CN": "每个时间段最后一天至少有一个有效跟单关系（copy_start 之后该关系尚无 copy_stop）的带单人数。筛选与分组按带单人计。主指标：窗口最后一天的值；对比值：窗口开始前一天的值。",
    },
    grains: DAY_GRAINS,
    build: (plan) => {
      const periods = plan.periods();
      return plan.cte(
        "leaders_value",
        `select p.part, p.t, case when p.part = 'p' then f.g end as g, count(distinct f.leader) as value
         from ${periods} p join ${leaderSpans(plan)} f on f.s <= p.hi - 1 and f.e > p.hi - 1
         group by all`,
      );
    },
  },
];

export const topLeaders: TableMetric = {
  name: "top_leaders",
  label: { en: "Top leaders", "zh-CN": "头部带单人" },
  description: describe(
    {
      en: "Leaders ranked by the volume copied from them in the window: followers = open copy relations on the window's last day; copied volume and copied trades = followers' trades that mirrored the leader in the window. Filters apply to the leader. Shows the top `limit` (default 20).",
      "zh-CN": "按窗口内被跟单的交易量排序的带单人：跟随者 = 窗口最后一天的有效跟单关系数；跟单交易量与跟单笔数 = 窗口内跟随者复制该带单人的交易。筛选按带单人计。显示前 limit 名（默认 20）。",
    },
    NOTIONAL,
  ),
  unit: "currency",
  currency: "USD",
  kind: "table",
  grains: DAY_GRAINS,
  groupBys: [],
  async run(plan, reader, query) {
    const spans = leaderSpans(plan);
    const copied = trades(plan, { since: "window", copied: true });
    const last = `${plan.day("to_day")} - 1`;
    const dims = plan.dimsCte();
    const volumes = plan.cte(
      "volumes",
      `select t.leader_id as leader, sum(t.notional) as copied_volume, sum(t.trades)::bigint as copied_trades
       from ${copied.name} t ${dims ? `join ${dims} d on d.user_id = t.leader_id` : ""}
       where t.is_copy and t.leader_id is not null
       group by all`,
    );
    const followers = plan.cte("followers", `select leader, count(distinct follower) as followers from ${spans} where s <= ${last} and e > ${last} group by leader`);
    const sql = plan.sql(
      `select leader, coalesce(f.followers, 0) as followers, coalesce(v.copied_volume, 0)::double as copied_volume, coalesce(v.copied_trades, 0) as copied_trades
       from ${volumes} v full join ${followers} f using (leader)
       order by copied_volume desc, followers desc, leader
       limit ${plan.bind("limit", query.limit ?? 20)}`,
    );
    const rows = await reader.query<{ leader: string; followers: number; copied_volume: number; copied_trades: number }>(sql, plan.params);
    return {
      columns: [
        { key: "leader", label: { en: "Leader", "zh-CN": "带单人" } },
        { key: "followers", label: { en: "Followers", "zh-CN": "跟随者" }, unit: "count" },
        { key: "copied_volume", label: { en: "Copied volume", "zh-CN": "跟单交易量" }, unit: "currency" },
        { key: "copied_trades", label: { en: "Copied trades", "zh-CN": "跟单笔数" }, unit: "count" },
      ],
      rows: rows.map((r) => ({ leader: r.leader, followers: r.followers, copied_volume: clean(r.copied_volume), copied_trades: r.copied_trades })),
    };
  },
};

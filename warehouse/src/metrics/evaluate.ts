import type { MetricDef, SeriesMetric } from "./define.js";
import { Plan } from "./plan.js";
import { DIMENSIONS, GRAINS, MetricInputError, type ChangeKind, type MetricEnv, type MetricQuery, type MetricResult, type MetricsReader, type SeriesResult, type SeriesTotal, type Unit } from "./types.js";
import { buildWindow, type Window } from "./window.js";

/**
 * Evaluates one metric: checks the query against what the metric allows (naming the parameter
 * when it does not), builds the window in the reporting zone, runs the metric's one SQL statement
 * and shapes the rows. Buckets with no data get the metric's empty value; buckets that start
 * after now are null; with a group-by the 25 largest groups are kept.
 */

export const MAX_GROUPS = 25;

const usdOnlyMemo = new WeakMap<MetricEnv, Promise<boolean>>();

/** Whether every amount in the lake is in USD (rollup_user_day keeps no currency, so it must be). */
function usdOnly(env: MetricEnv): Promise<boolean> {
  let memo = usdOnlyMemo.get(env);
  if (!memo) {
    memo = env.reader
      .query<{ n: number }>(`select count(*)::integer as n from rollup_daily_type where currency is not null and currency <> 'USD'`)
      .then((rows) => Number(rows[0]?.n ?? 0) === 0);
    memo.catch(() => usdOnlyMemo.delete(env));
    usdOnlyMemo.set(env, memo);
  }
  return memo;
}

/**
 * The length of the rollups' user bitmaps (`rollup_meta.key_bound`, kept by the pool's rollup
 * cache above every user key): every bitmap a metric builds with `bitstring_agg` uses it, so
 * they combine with the cached daily ones.
 */
async function keyBound(env: MetricEnv): Promise<number> {
  const memo = keyBoundMemo.get(env);
  if (memo && Date.now() - memo.at < KEY_BOUND_TTL_MS) return memo.value;
  const value = env.reader.query<{ n: number }>(`select key_bound::integer as n from rollup_meta`).then((rows) => Number(rows[0]?.n ?? 0));
  value.catch(() => keyBoundMemo.delete(env));
  keyBoundMemo.set(env, { at: Date.now(), value });
  return value;
}
/**
 * The length is read again after this long: it grows only when a whole block of new user keys
 * (65,536) lands, and a query that mixes lengths is retried with a fresh one.
 */
const KEY_BOUND_TTL_MS = 5_000;
const keyBoundMemo = new WeakMap<MetricEnv, { at: number; value: Promise<number> }>();

const trustedEnvs = new WeakMap<MetricEnv, MetricEnv>();

/** The env with a reader that marks the library's SQL as its own (`trusted`), one per env (memos key on it). */
function trustedEnv(env: MetricEnv): MetricEnv {
  let t = trustedEnvs.get(env);
  if (!t) {
    const reader = env.reader;
    t = { ...env, reader: { query: (sql, params) => reader.query(sql, params, { trusted: true }) } };
    trustedEnvs.set(env, t);
  }
  return t;
}

/**
 * What a metric's answer for `query` can depend on, for a cache: rollup rows of local days before
 * `toDay` and, unless it is served from rollups alone, raw event partitions up to `dtHi`.
 */
export async function dependencies(query: MetricQuery, env: MetricEnv): Promise<{ rollupsOnly: boolean; toDay: string; dtHi: string }> {
  const w = buildWindow(query, env.zone, env.now ?? new Date());
  const rollupsOnly = env.rollups && !w.hourly && (await usdOnly(env));
  return { rollupsOnly, toDay: w.toDay, dtHi: w.dtHi };
}

export function checkQuery(def: MetricDef, query: MetricQuery): void {
  if (!(GRAINS as readonly string[]).includes(query.grain)) throw new MetricInputError("grain", `must be one of ${GRAINS.join(", ")}`);
  if (def.kind === "series" && !def.grains.includes(query.grain)) {
    throw new MetricInputError("grain", `${def.name} is not available by ${query.grain} (allowed: ${def.grains.join(", ")})`);
  }
  if (query.groupBy !== undefined && !def.groupBys.includes(query.groupBy)) {
    const allowed = def.groupBys.length ? `allowed: ${def.groupBys.join(", ")}` : "it cannot be grouped";
    throw new MetricInputError("groupBy", `${def.name} cannot be grouped by ${String(query.groupBy)} (${allowed})`);
  }
  for (const key of Object.keys(query.filters ?? {})) {
    if (!(DIMENSIONS as readonly string[]).includes(key)) throw new MetricInputError(key, `is not a filter (filters: ${DIMENSIONS.join(", ")})`);
  }
}

/** How a derived metric gets its inputs: through the caller's cache, or straight from the lake. */
export type Resolve = (name: string, query: MetricQuery) => Promise<MetricResult>;

export async function evaluateMetric(def: MetricDef, query: MetricQuery, env: MetricEnv, resolve?: Resolve): Promise<MetricResult> {
  try {
    return await evaluateOnce(def, query, env, resolve);
  } catch (err) {
    // the bitmaps grew (a block of new user keys landed) between reading their length and the query
    if (!/different (sizes|lengths)/i.test(String(err))) throw err;
    keyBoundMemo.delete(trustedEnv(env));
    return evaluateOnce(def, query, env, resolve);
  }
}

async function evaluateOnce(def: MetricDef, query: MetricQuery, outer: MetricEnv, resolve?: Resolve): Promise<MetricResult> {
  checkQuery(def, query);
  const env = trustedEnv(outer);
  if (def.kind === "series" && def.derive && resolve) return derived(def, query, resolve);
  const now = env.now ?? new Date();
  const window = buildWindow(query, env.zone, now);
  const plan = new Plan(window, {
    filters: query.filters ?? {},
    groupBy: query.groupBy,
    rollups: env.rollups,
    usdOnly: env.rollups ? await usdOnly(env) : true,
    keyBound: env.rollups ? await keyBound(env) : 0,
  });
  const base = {
    name: def.name,
    unit: def.unit,
    grain: window.grain,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    ...(def.currency ? { currency: def.currency } : {}),
  };
  switch (def.kind) {
    case "series":
      return { ...base, kind: "series", ...(await runSeries(def, plan, env.reader, now)) };
    case "funnel":
      return { ...base, kind: "funnel", ...(await def.run(plan, env.reader, query)) };
    case "cohort":
      return { ...base, kind: "cohort", period: def.period, ...(await def.run(plan, env.reader, query)) };
    case "table":
      return { ...base, kind: "table", ...(await def.run(plan, env.reader, query)) };
  }
}

interface SeriesRow {
  part: "p" | "c" | "v";
  t: string | null;
  g: string | null;
  value: number | null;
}

/** Rounds away binary noise (0.1 + 0.2) without touching anything a chart or a card shows. */
export function clean(v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return Math.round(v * 1e8) / 1e8;
}

/**
 * How a metric's change is told: amounts relative to the previous value; rates and shares
 * (`percent`, fractions) as the difference in percentage points, and scores (NPS) in points, since
 * "retention +12 %" of 30 % reads as 33.6 % where 42 % was meant.
 */
export function changeKindOf(unit: Unit): ChangeKind {
  return unit === "percent" || unit === "score" ? "points" : "relative";
}

/** The change from `previous` to `value` in the unit's kind (see `changeKindOf`); null without both (or from 0, relative). */
export function change(value: number | null, previous: number | null, unit: Unit = "count"): number | null {
  if (value === null || previous === null) return null;
  if (changeKindOf(unit) === "points") return clean(value - previous);
  if (previous === 0) return null;
  return clean((value - previous) / Math.abs(previous));
}

/**
 * A series' headline with how much of its previous period the data covers, given the first day
 * with data (UTC, `firstEventDay`): a previous period that starts before the data is not a period
 * to compare with ("+520,464.9 %" on a window whose previous period is mostly empty), so its change
 * is null and `previousData` says "none" (nothing in it) or "partial".
 */
export function withEarlierData<R extends SeriesResult>(result: R, firstDay: string | null): R {
  // no partition found (an empty lake, or one this process cannot list): nothing known to compare against
  if (firstDay === null) return result;
  const from = Date.parse(result.from);
  const prevFrom = from - (Date.parse(result.to) - from);
  const start = Date.parse(`${firstDay}T00:00:00Z`);
  const previousData: SeriesTotal["previousData"] = prevFrom >= start ? "full" : from > start ? "partial" : "none";
  if (previousData === "full") return result.total.previousData === "full" ? result : { ...result, total: { ...result.total, previousData } };
  return { ...result, total: { ...result.total, change: null, previousData } };
}

function total(value: number | null, previous: number | null, unit: Unit): SeriesTotal {
  // "full" until the caller, who knows where the lake's data begins, says otherwise (withEarlierData)
  return { value: clean(value), previous: clean(previous), change: change(value, previous, unit), changeKind: changeKindOf(unit), previousData: "full" };
}

/** Groups by size (the sum of their points), then by name; the largest MAX_GROUPS. */
function ranked(series: SeriesResult["series"]): SeriesResult["series"] {
  const weight = (s: SeriesResult["series"][number]) => s.points.reduce((sum, p) => sum + Math.abs(p.value ?? 0), 0);
  return [...series].sort((a, b) => weight(b) - weight(a) || String(a.group).localeCompare(String(b.group))).slice(0, MAX_GROUPS);
}

function isFuture(t: string, w: Window, now: Date): boolean {
  return w.hourly ? Date.parse(t) > now.getTime() : t > w.today;
}

async function runSeries(def: SeriesMetric, plan: Plan, reader: MetricsReader, now: Date): Promise<Pick<SeriesResult, "total" | "series">> {
  const out = def.build(plan);
  const periods = plan.periods();
  const t = plan.w.hourly ? `timezone(${plan.tz}, p.t)` : `strftime(p.t, '%Y-%m-%d')`;
  const sql = plan.sql(
    `select p.part, ${t} as t, v.g, v.value::double as value
     from ${periods} p left join ${out} v on v.part = p.part and v.t is not distinct from p.t
     order by p.part, p.t`,
  );
  const rows = await reader.query<SeriesRow>(sql, plan.params);
  const empty = def.empty;
  const pick = (part: "c" | "v") => rows.find((r) => r.part === part)?.value ?? empty;
  const buckets = [...new Set(rows.filter((r) => r.part === "p" && r.t !== null).map((r) => r.t as string))];
  const values = new Map<string | null, Map<string, number | null>>();
  for (const r of rows) {
    if (r.part !== "p" || r.t === null) continue;
    const g = plan.opts.groupBy ? r.g : null;
    if (plan.opts.groupBy && g === null) continue;
    if (!values.has(g)) values.set(g, new Map());
    values.get(g)!.set(r.t, r.value);
  }
  if (!plan.opts.groupBy && !values.has(null)) values.set(null, new Map());
  const series = [...values.entries()].map(([group, byT]) => ({
    group,
    points: buckets.map((b) => ({ t: b, value: isFuture(b, plan.w, now) ? null : clean(byT.get(b) ?? empty) })),
  }));
  const value = pick("c");
  const previous = pick("v");
  return { total: total(value, previous, def.unit), series: ranked(series) };
}

/** A derived metric from its inputs' results: totals, previous values and every point combined. */
async function derived(def: SeriesMetric, query: MetricQuery, resolve: Resolve): Promise<SeriesResult> {
  const { inputs, combine } = def.derive!;
  const results = (await Promise.all(inputs.map((name) => resolve(name, query)))) as SeriesResult[];
  const first = results[0]!;
  // the groups of the last input (a ratio's denominator), as the SQL's `from b left join a` has them
  const groups = results[results.length - 1]!.series;
  const at = (r: SeriesResult, group: string | null, t: string) => r.series.find((s) => s.group === group)?.points.find((p) => p.t === t)?.value ?? null;
  const value = combine(results.map((r) => r.total.value));
  const previous = combine(results.map((r) => r.total.previous));
  return {
    name: def.name,
    unit: def.unit,
    grain: first.grain,
    from: first.from,
    to: first.to,
    ...(def.currency ? { currency: def.currency } : {}),
    kind: "series",
    total: total(value, previous, def.unit),
    series: ranked(groups.map((s) => ({ group: s.group, points: s.points.map((p) => ({ t: p.t, value: clean(combine(results.map((r) => at(r, s.group, p.t)))) })) }))),
  };
}

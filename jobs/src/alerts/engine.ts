import type { AlertComparison, AlertKind, AlertOperator, AlertSensitivity, AlertState } from "@ist/db";
import { robustSpread } from "./robust";

/**
 * The alerts engine: pure. Given a rule, the metric's recent series, the rule's previous state and
 * the time, it says what the state is now and whether anybody should hear about it.
 */

export type Grain = "minute" | "hour" | "day";
export const GRAIN_MS: Record<Grain, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
export const WEEK_MS = 7 * GRAIN_MS.day;
/** Weeks of the same slot the anomaly baseline looks back over, and how many of them must exist. */
export const HISTORY_WEEKS = 8;
export const MIN_HISTORY_WEEKS = 4;
/** k in |value − median| > k·σ̂: how many robust standard deviations count as an anomaly. */
export const SENSITIVITY_K: Record<AlertSensitivity, number> = { low: 4, medium: 3, high: 2 };

/** One bucket of a metric: `ts` is the bucket's start (epoch ms). */
export interface SeriesPoint {
  ts: number;
  value: number;
}

export interface RuleSpec {
  kind: AlertKind;
  operator: AlertOperator;
  /** a metric value (threshold) or a percentage (pct_change) */
  threshold: number | null;
  comparison: AlertComparison | null;
  sensitivity: AlertSensitivity | null;
  grain: Grain;
  forMinutes: number;
  muted: boolean;
  snoozedUntil: Date | null;
}

export interface PreviousState {
  state: AlertState;
  since: Date;
}

export interface Condition {
  breached: boolean;
  /** the value of the last complete bucket, null when there is none */
  value: number | null;
  bucket: { from: Date; to: Date } | null;
  /** threshold: the threshold; pct_change: the value compared against; anomaly: the median */
  baseline: number | null;
  pct?: number;
  band?: { lower: number; upper: number };
  /** why nothing could be judged: no data, too little history (the console words these sentences in its languages: console/src/pages/alerts/alert-helpers.ts) */
  noData?: string;
}

export interface Evaluation extends Condition {
  state: AlertState;
  since: Date;
  changed: boolean;
  /** a firing or a resolution: recorded in the history */
  event: "firing" | "resolved" | null;
  /** send it to the rule's channels: an event, unless muted or snoozed */
  notify: boolean;
  suppressedBy: "muted" | "snoozed" | null;
}

/** The series range a rule needs at `now`: enough for its comparison, plus a couple of buckets of slack. */
export function seriesRange(rule: Pick<RuleSpec, "kind" | "comparison" | "grain">, now: Date): { from: Date; to: Date } {
  const g = GRAIN_MS[rule.grain];
  const back = rule.kind === "anomaly" ? HISTORY_WEEKS * WEEK_MS : rule.kind === "pct_change" && rule.comparison === "same_period_last_week" ? WEEK_MS : g;
  return { from: new Date(now.getTime() - back - 3 * g), to: now };
}

function compare(value: number, operator: AlertOperator, threshold: number): boolean {
  switch (operator) {
    case "gt":
      return value > threshold;
    case "gte":
      return value >= threshold;
    case "lt":
      return value < threshold;
    case "lte":
      return value <= threshold;
    case "abs_gt":
      return Math.abs(value) > threshold;
  }
}

/** Whether the rule's condition holds on the last complete bucket of `series`. */
export function checkCondition(rule: RuleSpec, series: readonly SeriesPoint[], now: Date): Condition {
  const g = GRAIN_MS[rule.grain];
  const complete = series.filter((p) => p.ts + g <= now.getTime() && Number.isFinite(p.value));
  const current = complete.reduce<SeriesPoint | undefined>((last, p) => (!last || p.ts > last.ts ? p : last), undefined);
  if (!current) return { breached: false, value: null, bucket: null, baseline: null, noData: "no complete bucket in the series" };
  const base = { value: current.value, bucket: { from: new Date(current.ts), to: new Date(current.ts + g) } };
  const at = new Map(complete.map((p) => [p.ts, p.value]));

  if (rule.kind === "threshold") {
    const threshold = rule.threshold ?? 0;
    return { ...base, baseline: threshold, breached: compare(current.value, rule.operator, threshold) };
  }
  if (rule.kind === "pct_change") {
    const before = at.get(current.ts - (rule.comparison === "same_period_last_week" ? WEEK_MS : g));
    if (before === undefined) return { ...base, baseline: null, breached: false, noData: "no value to compare with" };
    const pct = before === 0 ? (current.value === 0 ? 0 : Math.sign(current.value) * Infinity) : ((current.value - before) / Math.abs(before)) * 100;
    return { ...base, baseline: before, pct, breached: compare(pct, rule.operator, rule.threshold ?? 0) };
  }
  // anomaly: the same weekday and slot in each of the previous weeks (weekly seasonality)
  const history: number[] = [];
  for (let w = 1; w <= HISTORY_WEEKS; w++) {
    const v = at.get(current.ts - w * WEEK_MS);
    if (v !== undefined) history.push(v);
  }
  if (history.length < MIN_HISTORY_WEEKS) {
    return { ...base, baseline: null, breached: false, noData: `needs ${MIN_HISTORY_WEEKS} weeks of history, has ${history.length}` };
  }
  const { center, spread } = robustSpread(history);
  const k = SENSITIVITY_K[rule.sensitivity ?? "medium"];
  const band = { lower: center - k * spread, upper: center + k * spread };
  const high = current.value > band.upper;
  const low = current.value < band.lower;
  const breached = rule.operator === "gt" || rule.operator === "gte" ? high : rule.operator === "lt" || rule.operator === "lte" ? low : high || low;
  return { ...base, baseline: center, band, breached };
}

/**
 * The state machine: unevaluated (a new rule) → ok → pending (breached, waiting out `for`) → firing →
 * resolved (cleared). A rule stays unevaluated until a bucket could be judged.
 * A breach must hold at every evaluation for `forMinutes` before it fires, so a flapping metric
 * falls back to ok instead; `resolved` stays until the next breach. Muting and snoozing silence
 * notifications only: state and history are kept either way.
 */
export function evaluate(rule: RuleSpec, series: readonly SeriesPoint[], previous: PreviousState | null, now: Date): Evaluation {
  const condition = checkCondition(rule, series, now);
  const prev: PreviousState = previous ?? { state: "unevaluated", since: now };
  let state: AlertState = prev.state;
  let since = prev.since;
  const move = (next: AlertState, at: Date) => {
    state = next;
    since = at;
  };

  if (condition.breached) {
    if (prev.state === "pending") {
      if (now.getTime() - prev.since.getTime() >= rule.forMinutes * 60_000) move("firing", now);
    } else if (prev.state !== "firing") {
      move(rule.forMinutes > 0 ? "pending" : "firing", now);
    }
  } else if (prev.state === "firing") {
    move("resolved", now);
  } else if (prev.state === "pending" || (prev.state === "unevaluated" && !condition.noData)) {
    move("ok", now);
  }

  const changed = state !== prev.state;
  const event = changed && (state === "firing" || state === "resolved") ? state : null;
  const suppressedBy = rule.muted ? "muted" : rule.snoozedUntil && rule.snoozedUntil.getTime() > now.getTime() ? "snoozed" : null;
  return { ...condition, state, since, changed, event, notify: event !== null && suppressedBy === null, suppressedBy };
}

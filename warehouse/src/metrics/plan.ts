import { EVENT_TYPES } from "../events/schema.js";
import { addDays } from "../rollups/zone.js";
import type { QueryParam } from "../query.js";
import type { Dimension, Filters } from "./types.js";
import type { Window } from "./window.js";

/**
 * One metric query under construction: the window's bound parameters, and a list of CTEs that
 * building blocks add by name (once each, in the order they are needed) before the final select.
 * Values from a request are always bound; identifiers and event types come from allow-lists here.
 */

/** The currency money metrics report in; amounts in other currencies are left out (no FX yet). */
export const REPORTING_CURRENCY = "USD";

/** A subscription event older than its longest cover (365 + 3 days) and a day of margin no longer counts. */
const SUB_LOOKBACK_DAYS = 369;
const GRAIN_UNIT = { day: "day", week: "week", month: "month" } as const;
const TYPES = new Set<string>(EVENT_TYPES);

/** `'a', 'b'` for a list of event types, each checked against the event contract. */
export function typeList(types: readonly string[]): string {
  for (const t of types) if (!TYPES.has(t)) throw new Error(`metric SQL: unknown event type ${t}`);
  return types.map((t) => `'${t}'`).join(", ");
}

export interface PlanOptions {
  filters: Filters;
  groupBy?: Dimension;
  /** rollup views are built in the window's zone */
  rollups: boolean;
  /** no amount in the lake is in another currency than REPORTING_CURRENCY (rollup_user_day has no currency column) */
  usdOnly: boolean;
  /** every user_key in the rollups is at most this (for user bitmaps); 0 without rollups */
  keyBound?: number;
}

export class Plan {
  readonly params: Record<string, QueryParam> = {};
  private readonly ctes = new Map<string, string>();

  constructor(
    readonly w: Window,
    readonly opts: PlanOptions,
  ) {}

  /**
   * A value for the SQL. Values this library makes (the window's days and instants, key bounds,
   * limits: numbers, dates, ISO days) are written in as literals, since DuckDB plans with a
   * literal's value (constant folding, zone-map pruning of the in-memory tables: a simple metric
   * runs in half the time) and not with a parameter's; anything else, a request's filter values
   * above all, is bound.
   */
  bind(name: string, value: QueryParam): string {
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (value instanceof Date && !Number.isNaN(value.getTime())) return `'${value.toISOString()}'::timestamptz`;
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `'${value}'`;
    this.params[name] = value;
    return `$${name}`;
  }

  get tz(): string {
    return this.bind("tz", this.w.zone);
  }

  /** A window day as a DATE: from_day, to_day (exclusive), prev_from_day, today. */
  day(which: "from_day" | "to_day" | "prev_from_day" | "today"): string {
    const value = { from_day: this.w.fromDay, to_day: this.w.toDay, prev_from_day: this.w.prevFromDay, today: this.w.today }[which];
    return `cast(${this.bind(which, value)} as date)`;
  }

  ts(which: "from_ts" | "to_ts" | "prev_from_ts"): string {
    return this.bind(which, { from_ts: this.w.from, to_ts: this.w.to, prev_from_ts: this.w.prevFrom }[which]);
  }

  /** The local (reporting-zone) calendar day of an events row. */
  get localDay(): string {
    return `cast(timezone(${this.tz}, ts) as date)`;
  }

  /** Adds a CTE unless one of that name exists; returns the name. */
  cte(name: string, body: string): string {
    if (!this.ctes.has(name)) this.ctes.set(name, `${name} as (\n${body}\n)`);
    return name;
  }

  sql(select: string): string {
    return `with ${[...this.ctes.values()].join(",\n")}\n${select}`;
  }

  /** Dimensions the query filters or groups by. */
  get dims(): Dimension[] {
    const used = new Set(Object.entries(this.opts.filters).filter(([, v]) => v && v.length).map(([k]) => k as Dimension));
    if (this.opts.groupBy) used.add(this.opts.groupBy);
    return [...used];
  }

  /** Facts read from raw events (no rollups in this zone, or hours, which rollups do not have). */
  get raw(): boolean {
    return !this.opts.rollups || this.w.hourly;
  }

  /**
   * `periods(part, t, lo, hi, horizon)`: one row per bucket (`p`), the window (`c`) and the previous
   * window (`v`). `lo`/`hi` are local DATEs (hour grain: local TIMESTAMPs), `hi` exclusive;
   * `horizon` is where complete days end (the window's end, or today if sooner).
   */
  periods(): string {
    if (this.w.hourly) {
      const local = (i: string) => `timezone(${this.tz}, ${i})`;
      const [f, e, pf] = [local(this.ts("from_ts")), local(this.ts("to_ts")), local(this.ts("prev_from_ts"))];
      return this.cte(
        "periods",
        `select 'p' as part, r as t, r as lo, r + interval 1 hour as hi, ${e} as horizon from range(${f}, ${e}, interval 1 hour) x(r)
         union all select 'c', null, ${f}, ${e}, ${e}
         union all select 'v', null, ${pf}, ${f}, ${f}`,
      );
    }
    const unit = GRAIN_UNIT[this.w.grain as keyof typeof GRAIN_UNIT];
    const [f, e, pf, today] = [this.day("from_day"), this.day("to_day"), this.day("prev_from_day"), this.day("today")];
    return this.cte(
      "periods",
      `select 'p' as part, b.t, greatest(b.t, ${f}) as lo, least((b.t + interval 1 ${unit})::date, ${e}) as hi, least(${e}, ${today}) as horizon
       from (select distinct date_trunc('${unit}', r)::date as t from range(${f}::timestamp, ${e}::timestamp, interval 1 day) x(r)) b
       union all select 'c', null, ${f}, ${e}, least(${e}, ${today})
       union all select 'v', null, ${pf}, ${f}, least(${f}, ${today})`,
    );
  }

  /** The bucket start of a moment (a local DATE, or a local TIMESTAMP at hour grain). */
  bucket(moment: string): string {
    if (this.w.hourly) return `date_trunc('hour', ${moment})`;
    return `date_trunc('${GRAIN_UNIT[this.w.grain as keyof typeof GRAIN_UNIT]}', ${moment})::date`;
  }

  /** The end (exclusive) of the bucket a moment falls in. */
  bucketEnd(moment: string): string {
    if (this.w.hourly) return `date_trunc('hour', ${moment}) + interval 1 hour`;
    return `(${this.bucket(moment)} + interval 1 ${GRAIN_UNIT[this.w.grain as keyof typeof GRAIN_UNIT]})::date`;
  }

  /** Bounds of the window and the previous window, comparable with facts' `moment`. */
  bounds(): { from: string; to: string; prevFrom: string } {
    if (this.w.hourly) {
      const local = (i: string) => `timezone(${this.tz}, ${i})`;
      return { from: local(this.ts("from_ts")), to: local(this.ts("to_ts")), prevFrom: local(this.ts("prev_from_ts")) };
    }
    return { from: this.day("from_day"), to: this.day("to_day"), prevFrom: this.day("prev_from_day") };
  }

  /** `user_first_seen` (rollup) or the same columns computed from every event (raw). */
  firstSeen(): string {
    if (this.opts.rollups) return "user_first_seen";
    return this.cte(
      "first_seen",
      `with source as (
         select user_id, type, ts, props, ${this.localDay} as day from events where dt <= ${this.bind("dt_hi", this.w.dtHi)}
       )
       select user_id as user_key, user_id, min(day) as first_seen_day, min(day) filter (where type = 'signup') as signup_day,
         min(ts) filter (where type = 'signup') as signup_at,
         arg_min(props ->> 'country', ts) filter (where type = 'signup') as country,
         arg_min(props ->> 'channel', ts) filter (where type = 'signup') as channel,
         arg_min(props ->> 'device', ts) filter (where type = 'signup') as device
       from source group by user_id`,
    );
  }

  /**
   * Subscription spans: each start or renewal covers its interval (30 or 365 days, plus 3 days
   * for the renewal to arrive) until the user's next subscription event; a cancel covers nothing.
   * Read from `rollup_key_events` (plan and interval are props there as columns), or raw events,
   * up to the window's end.
   */
  subscriptionSpans(): string {
    const to = this.day("to_day");
    const types = typeList(["subscription_start", "subscription_renew", "subscription_cancel"]);
    const lo = this.bind("sub_lo", addDays(this.w.prevFromDay, -SUB_LOOKBACK_DAYS));
    const source = this.opts.rollups
      ? `select user_id, event_id, ts, type, amount, currency, plan, plan_interval as iv, day as moment
         from rollup_key_events where day >= cast(${lo} as date) and type in (${types})`
      : `select user_id, event_id, ts, type, amount, currency, props ->> 'plan' as plan, coalesce(props ->> 'interval', 'month') as iv, ${this.localDay} as moment
         from events
         where dt <= ${this.bind("dt_hi", this.w.dtHi)} and dt >= ${lo} and type in (${types})`;
    return this.cte(
      "sub_spans",
      `with source as (${source}),
       ordered as (
         select *, lead(moment) over (partition by user_id order by ts, event_id) as next_at from source where moment < ${to}
       )
       select user_id, plan, currency, moment as s, least(coalesce(next_at, moment + cover), moment + cover) as e,
         amount / (case iv when 'year' then 12 else 1 end) as mrr
       from (select *, case iv when 'year' then 368 else 33 end as cover from ordered)
       where type <> 'subscription_cancel'`,
    );
  }

  /** `tiers(user_id, tier)`: the plan covering the window's last day, for users who have one. */
  tiers(): string {
    const spans = this.subscriptionSpans();
    const last = `${this.day("to_day")} - 1`;
    return this.cte("tiers", `select user_id, arg_max(plan, s) as tier from ${spans} where s <= ${last} and e > ${last} group by user_id`);
  }

  /** SQL of a dimension's value for a user, from `f` (first seen), `u` (users) and `t` (tiers). */
  private dimExpr(d: Dimension): string {
    const expr = { country: "f.country", channel: "f.channel", device: "f.device", partner: "u.partner_id", tier: "coalesce(t.tier, 'free')" }[d];
    return `coalesce(${expr}, '(none)')`;
  }

  /** `where` terms for filters over `expr(dimension)`; values bound. */
  filterTerms(expr: (d: Dimension) => string): string[] {
    const terms: string[] = [];
    for (const [d, values] of Object.entries(this.opts.filters) as [Dimension, readonly string[]][]) {
      if (!values?.length) continue;
      terms.push(`${expr(d)} in (${values.map((v, i) => this.bind(`f_${d}_${i}`, v)).join(", ")})`);
    }
    return terms;
  }

  /**
   * `dims(user_key, user_id, g)`: the users passing the filters, with their group-by value;
   * null when the query neither filters nor groups (every user counts, ungrouped).
   */
  dimsCte(): string | null {
    const used = this.dims;
    if (used.length === 0) return null;
    const joins = [
      used.includes("partner") ? "left join users u on u.user_id = f.user_id" : "",
      used.includes("tier") ? `left join ${this.tiers()} t on t.user_id = f.user_id` : "",
    ].join(" ");
    const where = this.filterTerms((d) => this.dimExpr(d));
    const g = this.opts.groupBy ? this.dimExpr(this.opts.groupBy) : "null::varchar";
    return this.cte(
      "dims",
      `select f.user_key, f.user_id, ${g} as g from ${this.firstSeen()} f ${joins} ${where.length ? `where ${where.join(" and ")}` : ""}`,
    );
  }

  /** Joins facts `f` (with `user_key`, and `user_id` when raw) to dims, adding `g`. */
  withGroup(facts: string, raw: boolean): string {
    const dims = this.dimsCte();
    if (!dims) return `select f.*, null::varchar as g from ${facts} f`;
    const on = raw ? "d.user_id = f.user_id" : "d.user_key = f.user_key";
    return `select f.*, d.g from ${facts} f join ${dims} d on ${on}`;
  }
}

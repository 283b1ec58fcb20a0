import type { Dimension, MetricEnv } from "./types.js";

/**
 * The values a filter can take, from the data, most users first: what the console suggests in its
 * country, channel, device, tier and partner fields, and how a typed value finds its spelling in
 * the lake (`resolveFilterValue`). Values come from the same sources the metrics filter on
 * (`Plan.dimExpr`): the user's signup event (country, channel, device), the users snapshot
 * (partner) and the subscription plans (tier, `free` for everyone without one).
 */

export interface DimensionValue {
  value: string;
  /** users with the value (tier: users who ever had the plan; `free` is every user) */
  users: number;
}

export const MAX_DIMENSION_VALUES = 200;

function sourceSql(dimension: Dimension, rollups: boolean): string {
  const signups = (col: string) =>
    rollups
      ? `select ${col} as value, count(*) as users from user_first_seen where ${col} is not null group by 1`
      : `select value, count(distinct user_id) as users from (
           select user_id, arg_min((props ->> '${col}'), ts) as value from events where type = 'signup' group by user_id
         ) where value is not null group by 1`;
  switch (dimension) {
    case "country":
    case "channel":
    case "device":
      return signups(dimension);
    case "partner":
      return `select partner_id as value, count(*) as users from users where partner_id is not null group by 1`;
    case "tier": {
      const plans = rollups
        ? `select plan as value, count(distinct user_id) as users from rollup_key_events where type in ('subscription_start', 'subscription_renew') and plan is not null group by 1`
        : `select (props ->> 'plan') as value, count(distinct user_id) as users from events where type in ('subscription_start', 'subscription_renew') and (props ->> 'plan') is not null group by 1`;
      const everyone = rollups ? `select 'free' as value, count(*) as users from user_first_seen` : `select 'free' as value, count(distinct user_id) as users from events`;
      return `${plans} union all ${everyone}`;
    }
  }
}

/** A filter's values containing `search` (any case), most users first, at most `limit`. */
export async function dimensionValues(env: MetricEnv, dimension: Dimension, opts: { search?: string; limit?: number } = {}): Promise<DimensionValue[]> {
  const limit = Math.max(1, Math.min(MAX_DIMENSION_VALUES, Math.floor(opts.limit ?? 50)));
  const search = opts.search?.trim() ?? "";
  const params = search ? { search: search.toLowerCase() } : undefined;
  const sql = `select value, sum(users)::integer as users from (${sourceSql(dimension, env.rollups)})
    ${search ? `where contains(lower(value), $search)` : ""}
    group by value order by users desc, value limit ${limit}`;
  const rows = await env.reader.query<{ value: string; users: number }>(sql, params, { trusted: true });
  return rows.map((r) => ({ value: String(r.value), users: Number(r.users) }));
}

/**
 * The lake's spelling of a typed filter value ("us" → "US", "Organic" → "organic"), or null when
 * no user has it in any case: a filter on it would only turn every number to 0.
 */
export async function resolveFilterValue(env: MetricEnv, dimension: Dimension, typed: string): Promise<string | null> {
  const want = typed.trim().toLowerCase();
  if (!want) return null;
  const rows = await dimensionValues(env, dimension, { search: want, limit: MAX_DIMENSION_VALUES });
  return rows.find((r) => r.value === typed.trim())?.value ?? rows.find((r) => r.value.toLowerCase() === want)?.value ?? null;
}

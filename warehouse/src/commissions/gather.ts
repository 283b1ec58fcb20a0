import type { MetricsReader } from "../metrics/types.js";

/**
 * What a commission settlement reads from the lake for one period (COMMISSIONS.md "Input"), in the
 * engine's shape: referrals (signups carrying a referral code), revenue events, first deposits and
 * reversals (refunds, chargebacks). The caller maps referral codes to partners and adds plans,
 * partners and balances from Postgres. The SQL is the warehouse's own, values bound.
 */

export interface CommissionPeriod {
  start: Date;
  end: Date;
  currency: string;
}

export interface LakeReferral {
  userId: string;
  referralCode: string;
  at: string;
}
export interface LakeRevenue {
  id: string;
  userId: string;
  type: "trading_fee" | "subscription" | "advertising" | "ai_service" | "data_service" | "virtual_goods";
  amount: string;
  at: string;
}
export interface LakeDeposit {
  id: string;
  userId: string;
  amount: string;
  at: string;
}
export interface LakeReversal {
  id: string;
  revenueId: string;
  amount: string;
  at: string;
}

export interface CommissionEvents {
  referrals: LakeReferral[];
  revenue: LakeRevenue[];
  deposits: LakeDeposit[];
  reversals: LakeReversal[];
}

// event type → the engine's revenue type (the six streams of metrics/blocks.ts STREAM_TYPES)
const REVENUE_TYPE_SQL = `case type
    when 'trade' then 'trading_fee' when 'subscription_start' then 'subscription' when 'subscription_renew' then 'subscription'
    when 'ad_revenue' then 'advertising' when 'ai_service_purchase' then 'ai_service' when 'data_api_usage' then 'data_service'
    when 'virtual_item_purchase' then 'virtual_goods' end`;
const ISO = (col: string) => `strftime(timezone('UTC', ${col}), '%Y-%m-%dT%H:%M:%S.%fZ')`;
// plain decimal text with at most 8 fractional digits and no trailing zeros
const AMOUNT = `rtrim(rtrim(cast(amount as varchar), '0'), '.')`;

const REFERRALS = `
  with source as (
    select user_id, json_extract_string(props, '$.referral_code') as referral_code, ts, event_id
    from events where type = 'signup' and ts < $end
  ),
  firsts as (
    select user_id, arg_min(referral_code, (ts, event_id)) as referral_code, min(ts) as ts from source group by user_id
  )
  select user_id as "userId", referral_code as "referralCode", ${ISO("ts")} as at
  from firsts where referral_code is not null and referral_code <> '' order by user_id`;

const REFERRED = `select user_id from events where type = 'signup' and ts < $end and coalesce(json_extract_string(props, '$.referral_code'), '') <> ''`;

const REVERSALS_SQL = `
  select event_id, json_extract_string(props, '$.revenue_event_id') as revenue_id, amount, ts
  from events
  where type in ('refund', 'chargeback') and dt between cast($start_dt as date) and cast($end_dt as date) and ts >= $start and ts < $end
    and currency = $currency and amount > 0 and user_id in (${REFERRED})`;

const REVENUE = `
  with reversed as (select distinct revenue_id from (${REVERSALS_SQL}))
  select event_id as id, user_id as "userId", ${REVENUE_TYPE_SQL} as type, ${AMOUNT} as amount, ${ISO("ts")} as at
  from events
  where type in ('trade', 'subscription_start', 'subscription_renew', 'ad_revenue', 'ai_service_purchase', 'data_api_usage', 'virtual_item_purchase')
    and currency = $currency and amount > 0 and ts < $end and user_id in (${REFERRED})
    and ((dt between cast($start_dt as date) and cast($end_dt as date) and ts >= $start) or event_id in (select revenue_id from reversed))
  order by event_id`;

const REVERSALS = `
  select event_id as id, revenue_id as "revenueId", ${AMOUNT} as amount, ${ISO("ts")} as at
  from (${REVERSALS_SQL}) where revenue_id is not null order by event_id`;

// only each referred user's first deposit ever decides a CPA
const DEPOSITS = `
  with source as (
    select user_id, event_id, amount, ts from events
    where type = 'deposit' and ts < $end and currency = $currency and amount > 0 and user_id in (${REFERRED})
  ),
  firsts as (select user_id, arg_min(event_id, (ts, event_id)) as event_id from source group by user_id)
  select s.event_id as id, s.user_id as "userId", ${AMOUNT.replace("amount", "s.amount")} as amount, ${ISO("s.ts")} as at
  from source s join firsts f using (event_id) order by s.event_id`;

export async function commissionEvents(reader: MetricsReader, period: CommissionPeriod): Promise<CommissionEvents> {
  const params = {
    start: period.start,
    end: period.end,
    start_dt: period.start.toISOString().slice(0, 10),
    end_dt: period.end.toISOString().slice(0, 10),
    currency: period.currency,
  };
  const [referrals, revenue, deposits, reversals] = await Promise.all([
    reader.query<LakeReferral>(REFERRALS, { end: params.end }, { trusted: true }),
    reader.query<LakeRevenue>(REVENUE, params, { trusted: true }),
    reader.query<LakeDeposit>(DEPOSITS, { end: params.end, currency: params.currency }, { trusted: true }),
    reader.query<LakeReversal>(REVERSALS, params, { trusted: true }),
  ]);
  return { referrals, revenue, deposits, reversals };
}

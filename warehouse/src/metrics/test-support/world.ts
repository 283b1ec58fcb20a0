import type { TestEvent, TestUser } from "./lake.js";

/**
 * The small platform every metric test reads, in UTC. The tests' expected numbers are worked out
 * by hand from this table; the comments there refer to these users by name.
 *
 *   lea  a leader; signed up Jan 20; logs in Feb 23 and Mar 2; trades Mar 5; NPS 6 on Feb 23
 *   gus  signed up Jan 26, never back (churns Feb 25)
 *   fay  signed up Jan 31, logs in Feb 1, never back (churns Mar 3)
 *   eve  no signup event; monthly basic plan from Feb 5 (10), logs in Feb 26, renewal Mar 5
 *   ann  signed up Feb 10 (CN); KYC Feb 11; Feb 25 login + deposit 500 + AI purchase 19 + copies max;
 *        Feb 26 pro plan (30/month); logs in Mar 2, Mar 4 (+ trade 2 × 100), stops copying max Mar 4; NPS 9 Mar 5
 *   bob  signed up Feb 24 (US, partner p7); Feb 25 login + KYC; Mar 3 login, deposit 200, trade 0.5 × 100,
 *        copies lea, yearly basic plan (120); copied trade 1 × 80 Mar 5; Mar 6 withdrawal 50, refund 20, NPS 5
 *   cat  signed up Mar 2 (CN); Mar 3 page view + ad revenue 0.5; Mar 4 virtual item 2, deposit 10, NPS 10
 *   dan  signed up Mar 3 (DE); data-API usage 1 on Mar 5; chargeback 1 on Mar 7
 *   max  a leader with no events of his own
 */

const t = (day: string, time = "10:00") => `2026-${day}T${time}:00.000Z`;
const signup = (country: string, channel: string, device: string) => ({ country, channel, device });
const trade = (qty: string, price: string, isCopy: boolean, leader?: string) => ({ symbol: "BTCUSDT", side: "buy", qty, price, is_copy: isCopy, ...(leader ? { leader_id: leader } : {}) });

export const WORLD: TestEvent[] = [
  { user: "lea", type: "signup", ts: t("01-20"), props: signup("CN", "organic", "web") },
  { user: "gus", type: "signup", ts: t("01-26"), props: signup("GB", "organic", "android") },
  { user: "fay", type: "signup", ts: t("01-31"), props: signup("GB", "organic", "android") },
  { user: "fay", type: "login", ts: t("02-01") },
  { user: "eve", type: "subscription_start", ts: t("02-05"), amount: "10", props: { plan: "basic", interval: "month" } },
  { user: "ann", type: "signup", ts: t("02-10"), props: signup("CN", "organic", "ios") },
  { user: "ann", type: "kyc_verified", ts: t("02-11") },
  { user: "lea", type: "login", ts: t("02-23") },
  { user: "lea", type: "nps_response", ts: t("02-23", "10:05"), props: { score: 6 } },
  { user: "bob", type: "signup", ts: t("02-24", "09:00"), props: { ...signup("US", "affiliate", "android"), referral_code: "AFF7" } },
  { user: "bob", type: "login", ts: t("02-25") },
  { user: "bob", type: "kyc_verified", ts: t("02-25", "11:00") },
  { user: "ann", type: "login", ts: t("02-25") },
  { user: "ann", type: "deposit", ts: t("02-25", "12:00"), amount: "500" },
  { user: "ann", type: "ai_service_purchase", ts: t("02-25", "13:00"), amount: "19", props: { product: "ai_signal_pack" } },
  { user: "ann", type: "copy_start", ts: t("02-25", "14:00"), amount: "100", props: { leader_id: "max" } },
  { user: "eve", type: "login", ts: t("02-26") },
  { user: "ann", type: "subscription_start", ts: t("02-26"), amount: "30", props: { plan: "pro", interval: "month" } },
  { user: "ann", type: "login", ts: t("03-02") },
  { user: "lea", type: "login", ts: t("03-02", "11:00") },
  { user: "cat", type: "signup", ts: t("03-02", "08:00"), props: signup("CN", "paid_social", "web") },
  { user: "cat", type: "page_view", ts: t("03-03"), props: { screen: "home" } },
  { user: "cat", type: "ad_revenue", ts: t("03-03", "11:00"), amount: "0.5" },
  { user: "bob", type: "login", ts: t("03-03") },
  { user: "bob", type: "deposit", ts: t("03-03", "11:00"), amount: "200" },
  { user: "bob", type: "copy_start", ts: t("03-03", "12:00"), amount: "100", props: { leader_id: "lea" } },
  { user: "bob", type: "subscription_start", ts: t("03-03", "13:00"), amount: "120", props: { plan: "basic", interval: "year" } },
  { user: "bob", type: "trade", ts: t("03-03", "14:00"), amount: "0.05", props: trade("0.5", "100", false) },
  { user: "dan", type: "signup", ts: t("03-03", "12:00"), props: signup("DE", "organic", "ios") },
  { user: "ann", type: "login", ts: t("03-04") },
  { user: "ann", type: "trade", ts: t("03-04", "11:00"), amount: "0.2", props: trade("2", "100", false) },
  { user: "ann", type: "copy_stop", ts: t("03-04", "12:00"), amount: "100", props: { leader_id: "max" } },
  { user: "cat", type: "virtual_item_purchase", ts: t("03-04"), amount: "2", props: { item: "gift_rocket" } },
  { user: "cat", type: "deposit", ts: t("03-04", "10:30"), amount: "10" },
  { user: "cat", type: "nps_response", ts: t("03-04", "11:00"), props: { score: 10 } },
  { user: "lea", type: "trade", ts: t("03-05"), amount: "0.08", props: trade("1", "80", false) },
  { user: "bob", type: "trade", ts: t("03-05", "10:01"), amount: "0.08", props: trade("1", "80", true, "lea") },
  { user: "eve", type: "subscription_renew", ts: t("03-05"), amount: "10", props: { plan: "basic", interval: "month" } },
  { user: "dan", type: "data_api_usage", ts: t("03-05"), amount: "1", props: { calls: 2000 } },
  { user: "ann", type: "nps_response", ts: t("03-05", "11:00"), props: { score: 9 } },
  { user: "bob", type: "withdrawal", ts: t("03-06"), amount: "50" },
  { user: "bob", type: "refund", ts: t("03-06", "11:00"), amount: "20", props: { revenue_event_id: "e27" } },
  { user: "bob", type: "nps_response", ts: t("03-06", "12:00"), props: { score: 5 } },
  { user: "dan", type: "chargeback", ts: t("03-07"), amount: "1", props: { revenue_event_id: "e39" } },
];

export const WORLD_USERS: TestUser[] = [{ user_id: "bob", partner_id: "p7" }, ...["lea", "gus", "fay", "eve", "ann", "cat", "dan"].map((user_id) => ({ user_id }))];

/** "Now" for the world: Mar 10 midday, so every day of the windows below is complete. */
export const NOW = "2026-03-10T12:00:00.000Z";

/** The window most tests use: the week Mon Mar 2 – Sun Mar 8 (previous: Feb 23 – Mar 1). */
export const WEEK = { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-09T00:00:00Z"), grain: "day" as const };

/**
 * The synthetic platform's fixed world: markets, products, plans, experiments and churn drivers.
 * Rates are per user-day unless said otherwise; multipliers are what the generator plants and what
 * `_truth/truth.json` reports, so engines (experiments, churn) can be checked against them.
 */

export const COUNTRIES = [
  ["US", 18], ["GB", 9], ["DE", 8], ["SG", 6], ["AU", 6], ["CN", 10], ["JP", 5], ["BR", 7],
  ["IN", 8], ["AE", 4], ["FR", 5], ["ES", 4], ["NG", 4], ["ZA", 3], ["MY", 3],
] as const satisfies readonly (readonly [string, number])[];

/** Acquisition channels; partner channels carry a partner's referral code. */
export const CHANNELS = [
  ["organic", 28], ["paid_search", 14], ["paid_social", 14], ["app_store", 10], ["user_referral", 8],
  ["affiliate", 12], ["introducing_broker", 7], ["kol", 7],
] as const satisfies readonly (readonly [string, number])[];

export const PARTNER_TYPES = ["affiliate", "introducing_broker", "kol"] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

export const DEVICES = [["ios", 38], ["android", 42], ["web", 20]] as const satisfies readonly (readonly [string, number])[];

export const SCREENS = ["home", "markets", "leaderboard", "portfolio", "trader_profile", "feed", "wallet", "pricing", "settings", "ai_strategies"] as const;

/** symbol, reference price in USD, daily volatility. */
export const SYMBOLS = [
  ["BTCUSDT", 62000, 0.03], ["ETHUSDT", 3100, 0.035], ["SOLUSDT", 140, 0.05], ["EURUSD", 1.08, 0.004],
  ["GBPUSD", 1.27, 0.005], ["XAUUSD", 2350, 0.01], ["AAPL", 190, 0.015], ["TSLA", 240, 0.03], ["NVDA", 900, 0.03],
] as const;

/** Trading fee: share of notional. */
export const FEE_RATE = 0.001;

export const PLANS = [
  { plan: "basic", weight: 60, month: 9.99, year: 99 },
  { plan: "pro", weight: 30, month: 29.99, year: 299 },
  { plan: "elite", weight: 10, month: 99, year: 999 },
] as const;

export const AI_PRODUCTS = [["ai_signal_pack", 19], ["ai_portfolio_builder", 49], ["ai_strategy_pro", 199]] as const;
export const VIRTUAL_ITEMS = [["gift_rocket", 0.99], ["avatar_frame", 1.99], ["badge_pro", 2.99], ["gift_diamond", 4.99]] as const;
export const DATA_API_PRICE_PER_CALL = 0.0005;

export const CAMPAIGN_CHANNELS = ["email", "push", "sms", "in_app", "whatsapp", "telegram", "line", "wechat", "facebook", "google_ads", "tiktok"] as const;
/** Open rate per channel (clicks are a share of opens). */
export const CAMPAIGN_OPEN_RATE: Record<(typeof CAMPAIGN_CHANNELS)[number], number> = {
  email: 0.22, push: 0.12, sms: 0.3, in_app: 0.45, whatsapp: 0.5, telegram: 0.4, line: 0.4, wechat: 0.35, facebook: 0.08, google_ads: 0.05, tiktok: 0.07,
};
/** Planted campaign effect: a click multiplies the deposit probability for 3 days. */
export const CAMPAIGN_CLICK_DEPOSIT_MULTIPLIER = 3;

export interface ExperimentDef {
  key: string;
  /** Day offsets from the window start: [startDay, endDay). */
  startFrac: number;
  endFrac: number;
  /** new_users: exposed at signup; active_users: at the first login inside the window. */
  audience: "new_users" | "active_users";
  /** Which behaviour the planted multiplier acts on, and the event that measures it. */
  metric: "kyc_rate" | "subscription_start_rate" | "copy_start_rate" | "none";
  metricEvent: string | null;
  variations: readonly { key: string; weight: number; multiplier: number }[];
}

export const EXPERIMENTS: readonly ExperimentDef[] = [
  {
    key: "onboarding_checklist", startFrac: 0, endFrac: 0.4, audience: "new_users", metric: "kyc_rate", metricEvent: "kyc_verified",
    variations: [{ key: "control", weight: 50, multiplier: 1 }, { key: "treatment", weight: 50, multiplier: 1.2 }],
  },
  {
    key: "pricing_page_v2", startFrac: 0.15, endFrac: 0.7, audience: "active_users", metric: "subscription_start_rate", metricEvent: "subscription_start",
    variations: [{ key: "control", weight: 50, multiplier: 1 }, { key: "treatment", weight: 50, multiplier: 1.3 }],
  },
  {
    key: "copy_cta_color", startFrac: 0.3, endFrac: 0.85, audience: "active_users", metric: "copy_start_rate", metricEvent: "copy_start",
    variations: [{ key: "control", weight: 34, multiplier: 1 }, { key: "green", weight: 33, multiplier: 1.15 }, { key: "orange", weight: 33, multiplier: 0.95 }],
  },
  {
    key: "dark_mode_default", startFrac: 0.5, endFrac: 1, audience: "active_users", metric: "none", metricEvent: null,
    variations: [{ key: "control", weight: 50, multiplier: 1 }, { key: "treatment", weight: 50, multiplier: 1 }],
  },
];

/** Daily churn hazard of an average user, before drivers. */
export const BASE_CHURN_HAZARD = 0.0025;

/** Planted churn drivers: hazard multipliers while the condition holds. */
export const CHURN_DRIVERS = [
  { driver: "no_deposit_after_14_days", hazard_ratio: 2.0, description: "signed up more than 14 days ago and never deposited" },
  { driver: "inactive_7_days", hazard_ratio: 2.5, description: "no login in the last 7 days" },
  { driver: "nps_detractor", hazard_ratio: 1.8, description: "last NPS answer 0–6" },
  { driver: "refund_or_chargeback", hazard_ratio: 3.0, description: "had a refund or chargeback" },
  { driver: "copy_trading", hazard_ratio: 0.6, description: "has an active copy relation (protective)" },
  { driver: "subscriber", hazard_ratio: 0.5, description: "has an active subscription (protective)" },
] as const;
export type ChurnDriver = (typeof CHURN_DRIVERS)[number]["driver"];
export const CHURN_HR: Record<ChurnDriver, number> = Object.fromEntries(CHURN_DRIVERS.map((d) => [d.driver, d.hazard_ratio])) as Record<ChurnDriver, number>;

/** Login probability multiplier by UTC weekday (0 = Sunday): trading apps dip at the weekend. */
export const WEEKDAY_FACTOR = [0.7, 1.05, 1.1, 1.1, 1.08, 1.0, 0.75] as const;

import { index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const PARTNER_TYPES = ["affiliate", "introducing_broker", "kol", "institution"] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];
export const PARTNER_STATUSES = ["active", "paused", "terminated"] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
export const PAYOUT_METHODS = ["bank_transfer", "paypal", "wise", "usdt"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];
export const COMMISSION_REVENUE_TYPES = ["trading_fee", "subscription", "advertising", "ai_service", "data_service", "virtual_goods"] as const;
export type CommissionRevenueType = (typeof COMMISSION_REVENUE_TYPES)[number];

/**
 * A plan component exactly as the settlement engine reads it (COMMISSIONS.md): amounts and rates
 * are decimal strings, never floats; `months: null` is lifetime.
 */
export type PlanComponentSpec =
  | { type: "revshare"; rate: string; revenueTypes: CommissionRevenueType[]; months: number | null }
  | { type: "cpa"; amount: string; minFirstDeposit: string }
  | { type: "tiered"; revenueTypes: CommissionRevenueType[]; months: number | null; tiers: Array<{ upTo: string | null; rate: string }> };

/** A commission plan: its stable identity; what it pays lives in its versions. */
export const commissionPlans = pgTable("commission_plans", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  // the engine's plan id and what finance calls it: "std", "kol-2026"
  key: text("key").notNull().unique("commission_plans_key_unique"),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One version of a plan, immutable once written. A period is settled with the version in force at
 * its start: the highest `version` whose `effective_from` ≤ the period start. A change made during
 * a period takes effect from the next one, so a settled period is never re-priced.
 */
export const commissionPlanVersions = pgTable(
  "commission_plan_versions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    planId: integer("plan_id")
      .notNull()
      .references(() => commissionPlans.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    // the start of the first period (a month, UTC) this version prices
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull(),
    overrideRate: numeric("override_rate"),
    components: jsonb("components").$type<PlanComponentSpec[]>().notNull(),
    note: text("note").notNull().default(""),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("commission_plan_versions_plan_id_version_idx").on(t.planId, t.version),
    index("commission_plan_versions_plan_id_effective_from_idx").on(t.planId, t.effectiveFrom),
    index("commission_plan_versions_created_by_idx").on(t.createdBy),
  ],
);

/** An affiliate, introducing broker, KOL or institution the platform pays commissions to. */
export const partners = pgTable(
  "partners",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // the platform's partner id (the lake's `partner_id`, e.g. "p0001"): the engine's partner id
    code: text("code").notNull().unique("partners_code_unique"),
    name: text("name").notNull(),
    type: text("type").$type<PartnerType>().notNull(),
    status: text("status").$type<PartnerStatus>().notNull().default("active"),
    planId: integer("plan_id")
      .notNull()
      .references(() => commissionPlans.id, { onDelete: "restrict" }),
    // one level: a partner with a parent is never a parent (checked by the service and the engine)
    parentId: integer("parent_id").references((): AnyPgColumn => partners.id, { onDelete: "restrict" }),
    // days after the period end before a statement may be paid out (refund window)
    holdDays: integer("hold_days").notNull().default(30),
    payoutMethod: text("payout_method").$type<PayoutMethod>().notNull().default("bank_transfer"),
    // personal data: FieldCipher (AES-256-GCM, ENCRYPTION_KEY); never in the lake or the logs
    contactNameEnc: text("contact_name_enc"),
    contactEmailEnc: text("contact_email_enc"),
    contactPhoneEnc: text("contact_phone_enc"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("partners_plan_id_idx").on(t.planId), index("partners_parent_id_idx").on(t.parentId), index("partners_status_idx").on(t.status)],
);

/** The codes a partner's signups carry (`signup.props.referral_code`); one partner, many codes. */
export const partnerReferralCodes = pgTable(
  "partner_referral_codes",
  {
    code: text("code").primaryKey(),
    partnerId: integer("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("partner_referral_codes_partner_id_idx").on(t.partnerId)],
);

export type CommissionPlan = typeof commissionPlans.$inferSelect;
export type CommissionPlanVersion = typeof commissionPlanVersions.$inferSelect;
export type Partner = typeof partners.$inferSelect;
export type PartnerReferralCode = typeof partnerReferralCodes.$inferSelect;

import { z } from "zod";
import { PARTNER_STATUSES, PARTNER_TYPES, PAYOUT_METHODS } from "@ist/db";
import { PlanComponent, Rate } from "@ist/jobs/commissions/engine";
import { listQuery } from "../../lib/list";

const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const text = (max: number) => z.string().trim().min(1, "required").max(max);
// what the engine and the lake call a partner or plan: no spaces, no separators of our own
const businessId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "letters, digits, - and _, at most 64");

/** The first instant of a UTC month: plans change from one period (a month) to the next. */
const monthStart = z.iso
  .datetime({ offset: true })
  .refine((s) => {
    const d = new Date(s);
    return d.getUTCDate() === 1 && d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
  }, "must be the first instant of a month (UTC), e.g. 2026-11-01T00:00:00Z")
  .describe("the start of the first period this version prices");

export const IdParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export type IdParams = z.infer<typeof IdParams>;

// ---- plans

const PlanTerms = z.object({
  overrideRate: Rate.nullable().describe("share of each child partner's subtotal paid to its parent; null: none"),
  components: z.array(PlanComponent).max(3).describe("at most one revshare, one cpa and one tiered component, as the settlement engine reads them"),
});

export const PlanCreateBody = PlanTerms.extend({
  key: businessId.describe("the plan's id in settlements, e.g. std"),
  name: text(120),
  description: z.string().trim().max(2000).default(""),
  overrideRate: Rate.nullable().default(null),
  effectiveFrom: monthStart.optional().describe("default: the start of the current month"),
}).strict();
export type PlanCreateBody = z.infer<typeof PlanCreateBody>;

export const PlanUpdateBody = z.object({ name: text(120), description: z.string().trim().max(2000) }).partial().strict();
export type PlanUpdateBody = z.infer<typeof PlanUpdateBody>;

export const PlanVersionBody = PlanTerms.extend({
  overrideRate: Rate.nullable().default(null),
  effectiveFrom: monthStart.optional().describe("default: the start of the next month; never a period already begun"),
  note: z.string().trim().max(500).default(""),
}).strict();
export type PlanVersionBody = z.infer<typeof PlanVersionBody>;

export const PlanVersionDto = z.object({
  id: z.number(),
  version: z.number(),
  effectiveFrom: z.string(),
  overrideRate: z.string().nullable(),
  components: z.array(PlanComponent),
  note: z.string(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
});
export type PlanVersionDto = z.infer<typeof PlanVersionDto>;

export const PlanDto = z.object({
  id: z.number(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  partnerCount: z.number(),
  current: PlanVersionDto.nullable().describe("the version in force now"),
  versions: z.array(PlanVersionDto).describe("every version, newest first"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanDto = z.infer<typeof PlanDto>;

export const PlanListQuery = listQuery(["id", "key", "name", "createdAt"], { sort: "key", order: "asc" }).extend({
  q: z.string().max(200).optional(),
  id: oneOrMany(z.coerce.number().int().positive().max(2_147_483_647)).optional(),
});
export type PlanListQuery = z.infer<typeof PlanListQuery>;

// ---- partners

const Contact = z
  .object({
    name: z.string().trim().max(200).nullable(),
    email: z.string().trim().toLowerCase().email("must be an email address").max(320).nullable(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{5,32}$/, "must be a phone number")
      .nullable(),
  })
  .strict();

const referralCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,64}$/, "letters, digits, - and _, 3 to 64");

const PartnerFields = z.object({
  code: businessId.describe("the platform's partner id, e.g. p0001"),
  name: text(200),
  type: z.enum(PARTNER_TYPES),
  status: z.enum(PARTNER_STATUSES),
  planId: z.number().int().positive().max(2_147_483_647),
  parentId: z.number().int().positive().max(2_147_483_647).nullable().describe("the partner earning an override on this one; one level only"),
  holdDays: z.number().int().min(0).max(365),
  payoutMethod: z.enum(PAYOUT_METHODS),
  contact: Contact.describe("personal data: stored encrypted, shown masked without finance:contact"),
  referralCodes: z.array(referralCode).max(50),
});

export const PartnerCreateBody = PartnerFields.extend({
  status: z.enum(PARTNER_STATUSES).default("active"),
  parentId: PartnerFields.shape.parentId.default(null),
  holdDays: PartnerFields.shape.holdDays.default(30),
  payoutMethod: z.enum(PAYOUT_METHODS).default("bank_transfer"),
  contact: Contact.default({ name: null, email: null, phone: null }),
  referralCodes: PartnerFields.shape.referralCodes.default([]),
}).strict();
export type PartnerCreateBody = z.infer<typeof PartnerCreateBody>;

export const PartnerUpdateBody = PartnerFields.omit({ code: true }).partial().strict();
export type PartnerUpdateBody = z.infer<typeof PartnerUpdateBody>;

export const PartnerDto = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  type: z.enum(PARTNER_TYPES),
  status: z.enum(PARTNER_STATUSES),
  planId: z.number(),
  planKey: z.string(),
  planName: z.string(),
  parentId: z.number().nullable(),
  parentCode: z.string().nullable(),
  childCount: z.number(),
  holdDays: z.number(),
  payoutMethod: z.enum(PAYOUT_METHODS),
  contact: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
  contactMasked: z.boolean().describe("true when the contact is masked for this user"),
  referralCodes: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PartnerDto = z.infer<typeof PartnerDto>;

export const PARTNER_SORTS = ["id", "code", "name", "type", "status", "createdAt"] as const;
export const PartnerListQuery = listQuery(PARTNER_SORTS, { sort: "code", order: "asc" }).extend({
  q: z.string().max(200).optional().describe("in code, name or referral code"),
  type: oneOrMany(z.enum(PARTNER_TYPES)).optional(),
  status: oneOrMany(z.enum(PARTNER_STATUSES)).optional(),
  planId: oneOrMany(z.coerce.number().int().positive().max(2_147_483_647)).optional(),
  parentId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  id: oneOrMany(z.coerce.number().int().positive().max(2_147_483_647)).optional(),
});
export type PartnerListQuery = z.infer<typeof PartnerListQuery>;

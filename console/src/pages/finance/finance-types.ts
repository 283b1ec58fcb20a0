import { members, type Body, type Response } from "../../api/types";

/** What the finance pages read and send, from the generated API types. */
export type Partner = Response<"/api/finance/partners/{id}", "get">;
export type PartnerBody = Body<"/api/finance/partners", "post">;
export type Plan = Response<"/api/finance/plans/{id}", "get">;
export type PlanVersion = Plan["versions"][number];
export type PlanComponent = PlanVersion["components"][number];
export type PlanCreateBody = Body<"/api/finance/plans", "post">;
export type PlanVersionBody = Body<"/api/finance/plans/{id}/versions", "post">;

export const PARTNER_TYPES = members<Partner["type"]>()(["affiliate", "introducing_broker", "kol", "institution"]);
export const PARTNER_STATUSES = members<Partner["status"]>()(["active", "paused", "terminated"]);
export const PAYOUT_METHODS = members<Partner["payoutMethod"]>()(["bank_transfer", "paypal", "wise", "usdt"]);
type RevenueType = Extract<PlanComponent, { type: "revshare" }>["revenueTypes"][number];
export const REVENUE_TYPES = members<RevenueType>()(["trading_fee", "subscription", "advertising", "ai_service", "data_service", "virtual_goods"]);
export const COMPONENT_TYPES = members<PlanComponent["type"]>()(["revshare", "cpa", "tiered"]);

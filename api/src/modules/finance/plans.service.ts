import { asc, commissionPlans, commissionPlanVersions, count, desc, eq, ilike, inArray, or, partners, sql, type CommissionPlan, type CommissionPlanVersion, type Db, type PlanComponentSpec } from "@ist/db";
import { checkPlan } from "@ist/jobs/commissions/engine";
import { AppError } from "../../errors";
import { DomainInputError } from "../../lib/domain-error";
import { orderBy, pageOverWindow, whereAll, windowTotal, type Page } from "../../lib/list";
import { escapeLike } from "../users/users.service";
import type { PlanCreateBody, PlanDto, PlanListQuery, PlanUpdateBody, PlanVersionBody, PlanVersionDto } from "./finance.schemas";

/** The first instant of the UTC month `offset` months from `now`'s. */
export function monthStartUtc(now: Date, offset = 0): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}

/** The version in force at `at`: the highest version that took effect by then. */
export function versionInForce<V extends { version: number; effectiveFrom: Date }>(versions: readonly V[], at: Date): V | null {
  let best: V | null = null;
  for (const v of versions) if (v.effectiveFrom <= at && (!best || v.version > best.version)) best = v;
  return best;
}

function toVersionDto(v: CommissionPlanVersion): PlanVersionDto {
  return {
    id: v.id,
    version: v.version,
    effectiveFrom: v.effectiveFrom.toISOString(),
    overrideRate: v.overrideRate,
    components: v.components as PlanVersionDto["components"],
    note: v.note,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
  };
}

function toPlanDto(plan: CommissionPlan, versions: CommissionPlanVersion[], partnerCount: number, now = new Date()): PlanDto {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const current = versionInForce(sorted, now);
  return {
    id: plan.id,
    key: plan.key,
    name: plan.name,
    description: plan.description,
    partnerCount,
    current: current ? toVersionDto(current) : null,
    versions: sorted.map(toVersionDto),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

/** The engine's own checks on the terms, as 400s naming the field. */
function checkTerms(terms: { overrideRate: string | null; components: unknown }): void {
  const problem = checkPlan(terms);
  if (problem) throw DomainInputError.of(problem.path.replace(/\[(\d+)\]/g, ".$1"), problem.reason, "invalid_plan");
}

async function plansWithVersions(db: Db, plans: CommissionPlan[]): Promise<PlanDto[]> {
  if (plans.length === 0) return [];
  const ids = plans.map((p) => p.id);
  const versions = await db.select().from(commissionPlanVersions).where(inArray(commissionPlanVersions.planId, ids));
  const counts = await db.select({ planId: partners.planId, n: count() }).from(partners).where(inArray(partners.planId, ids)).groupBy(partners.planId);
  return plans.map((p) =>
    toPlanDto(
      p,
      versions.filter((v) => v.planId === p.id),
      counts.find((c) => c.planId === p.id)?.n ?? 0,
    ),
  );
}

export async function listPlans(db: Db, q: PlanListQuery): Promise<Page<PlanDto>> {
  const where = whereAll(
    q.q ? or(ilike(commissionPlans.key, `%${escapeLike(q.q)}%`), ilike(commissionPlans.name, `%${escapeLike(q.q)}%`)) : undefined,
    q.id ? inArray(commissionPlans.id, q.id) : undefined,
  );
  const page = await pageOverWindow(
    q,
    { fallback: 100, max: 1000 },
    ({ limit, offset }) =>
      db
        .select({ plan: commissionPlans, total: windowTotal() })
        .from(commissionPlans)
        .where(where)
        .orderBy(...orderBy(q._order, commissionPlans[q._sort], asc(commissionPlans.id)))
        .limit(limit)
        .offset(offset),
    async () => (await db.select({ n: count() }).from(commissionPlans).where(where))[0]?.n ?? 0,
  );
  return { rows: await plansWithVersions(db, page.rows.map((r) => r.plan)), total: page.total };
}

export async function getPlan(db: Db, id: number): Promise<PlanDto> {
  const [plan] = await db.select().from(commissionPlans).where(eq(commissionPlans.id, id)).limit(1);
  if (!plan) throw AppError.notFound("plan", id);
  return (await plansWithVersions(db, [plan]))[0]!;
}

export async function createPlan(db: Db, body: PlanCreateBody, createdBy: number | null, now = new Date()): Promise<PlanDto> {
  checkTerms(body);
  const [taken] = await db.select({ id: commissionPlans.id }).from(commissionPlans).where(eq(commissionPlans.key, body.key)).limit(1);
  if (taken) throw DomainInputError.of("key", `plan ${body.key} exists`, "in_use");
  const [plan] = await db.insert(commissionPlans).values({ key: body.key, name: body.name, description: body.description }).returning();
  await db.insert(commissionPlanVersions).values({
    planId: plan!.id,
    version: 1,
    effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : monthStartUtc(now),
    overrideRate: body.overrideRate,
    components: body.components as PlanComponentSpec[],
    createdBy,
  });
  return getPlan(db, plan!.id);
}

export async function updatePlan(db: Db, id: number, body: PlanUpdateBody): Promise<{ before: PlanDto; after: PlanDto }> {
  const before = await getPlan(db, id);
  await db
    .update(commissionPlans)
    .set({ ...body, updatedAt: sql`now()` })
    .where(eq(commissionPlans.id, id));
  return { before, after: await getPlan(db, id) };
}

/**
 * A new version of the terms. It prices periods from `effectiveFrom` (default: next month) on; a
 * period already begun keeps the version it started with, so nothing settled is re-priced.
 */
export async function addPlanVersion(db: Db, id: number, body: PlanVersionBody, createdBy: number | null, now = new Date()): Promise<PlanDto> {
  checkTerms(body);
  // one writer at a time per plan: two concurrent edits must not both become version n+1
  const [plan] = await db.select().from(commissionPlans).where(eq(commissionPlans.id, id)).limit(1).for("update");
  if (!plan) throw AppError.notFound("plan", id);
  const effectiveFrom = body.effectiveFrom ? new Date(body.effectiveFrom) : monthStartUtc(now, 1);
  if (effectiveFrom < monthStartUtc(now, 1)) throw DomainInputError.of("effectiveFrom", "a change applies from the next period at the earliest", "too_early");
  const [latest] = await db.select().from(commissionPlanVersions).where(eq(commissionPlanVersions.planId, id)).orderBy(desc(commissionPlanVersions.version)).limit(1);
  if (latest && effectiveFrom < latest.effectiveFrom) throw DomainInputError.of("effectiveFrom", `version ${latest.version} already takes effect from ${latest.effectiveFrom.toISOString()}`, "too_early");
  await db.insert(commissionPlanVersions).values({
    planId: id,
    version: (latest?.version ?? 0) + 1,
    effectiveFrom,
    overrideRate: body.overrideRate,
    components: body.components as PlanComponentSpec[],
    note: body.note,
    createdBy,
  });
  await db.update(commissionPlans).set({ updatedAt: sql`now()` }).where(eq(commissionPlans.id, id));
  return getPlan(db, id);
}

import { asc, commissionPlans, count, eq, FieldCipher, ilike, inArray, maskPii, or, partnerReferralCodes, partners, sql, type Db, type Partner } from "@ist/db";
import { AppError } from "../../errors";
import { DomainInputError, type InputIssue } from "../../lib/domain-error";
import { orderBy, pageOverWindow, whereAll, windowTotal, type Page } from "../../lib/list";
import { escapeLike } from "../users/users.service";
import type { PartnerCreateBody, PartnerDto, PartnerListQuery, PartnerUpdateBody } from "./finance.schemas";


/** How contacts are read: decrypted, and masked unless the user may see them. */
export interface ContactView {
  cipher: FieldCipher;
  unmasked: boolean;
}

type Row = { partner: Partner; planKey: string; planName: string; parentCode: string | null; childCount: number; referralCodes: string[] };

function toPartnerDto(r: Row, view: ContactView): PartnerDto {
  const { contactNameEnc, contactEmailEnc, contactPhoneEnc, createdAt, updatedAt, ...p } = r.partner;
  const open = (v: string | null) => {
    if (v === null) return null;
    const plain = view.cipher.decrypt(v);
    return view.unmasked ? plain : maskPii(plain);
  };
  return {
    ...p,
    planKey: r.planKey,
    planName: r.planName,
    parentCode: r.parentCode,
    childCount: r.childCount,
    contact: { name: open(contactNameEnc), email: open(contactEmailEnc), phone: open(contactPhoneEnc) },
    contactMasked: !view.unmasked,
    referralCodes: [...r.referralCodes].sort(),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

// correlated subqueries: the inner table is aliased, so the bare column references are the outer row's
const childCount = sql<number>`(select count(*) from ${partners} as c where c.parent_id = ${partners.id})`.mapWith(Number);
const parentCode = sql<string | null>`(select p.code from ${partners} as p where p.id = ${partners.parentId})`;
const codes = sql<string[]>`coalesce((select array_agg(${partnerReferralCodes.code}) from ${partnerReferralCodes} where ${partnerReferralCodes.partnerId} = ${partners.id}), '{}')`;

function selectRows(db: Db) {
  return db
    .select({ partner: partners, planKey: commissionPlans.key, planName: commissionPlans.name, parentCode, childCount, referralCodes: codes, total: windowTotal() })
    .from(partners)
    .innerJoin(commissionPlans, eq(commissionPlans.id, partners.planId));
}

export async function listPartners(db: Db, q: PartnerListQuery, view: ContactView): Promise<Page<PartnerDto>> {
  const like = q.q ? `%${escapeLike(q.q)}%` : null;
  const where = whereAll(
    like ? or(ilike(partners.code, like), ilike(partners.name, like), sql`exists (select 1 from ${partnerReferralCodes} where ${partnerReferralCodes.partnerId} = ${partners.id} and ${partnerReferralCodes.code} ilike ${like})`) : undefined,
    q.type ? inArray(partners.type, q.type) : undefined,
    q.status ? inArray(partners.status, q.status) : undefined,
    q.planId ? inArray(partners.planId, q.planId) : undefined,
    q.parentId ? eq(partners.parentId, q.parentId) : undefined,
    q.id ? inArray(partners.id, q.id) : undefined,
  );
  const page = await pageOverWindow(
    q,
    { fallback: 100, max: 1000 },
    ({ limit, offset }) =>
      selectRows(db)
        .where(where)
        .orderBy(...orderBy(q._order, partners[q._sort], asc(partners.id)))
        .limit(limit)
        .offset(offset),
    async () => (await db.select({ n: count() }).from(partners).where(where))[0]?.n ?? 0,
  );
  return { rows: page.rows.map((r) => toPartnerDto(r, view)), total: page.total };
}

export async function getPartner(db: Db, id: number, view: ContactView): Promise<PartnerDto> {
  const [row] = await selectRows(db).where(eq(partners.id, id)).limit(1);
  if (!row) throw AppError.notFound("partner", id);
  return toPartnerDto(row, view);
}

/** The rules a schema cannot check: the plan exists, the parent exists and is one level, codes are free. */
async function check(db: Db, id: number | null, p: { code?: string; planId?: number; parentId?: number | null; referralCodes?: string[] }): Promise<void> {
  const issues: InputIssue[] = [];
  if (p.code !== undefined) {
    const [taken] = await db.select({ id: partners.id }).from(partners).where(eq(partners.code, p.code)).limit(1);
    if (taken && taken.id !== id) issues.push({ code: "in_use", path: "code", message: `partner ${p.code} exists` });
  }
  if (p.planId !== undefined) {
    const [plan] = await db.select({ id: commissionPlans.id }).from(commissionPlans).where(eq(commissionPlans.id, p.planId)).limit(1);
    if (!plan) issues.push({ code: "not_found", path: "planId", message: `no plan ${p.planId}` });
  }
  if (p.parentId !== undefined && p.parentId !== null) {
    const [parent] = await db.select({ id: partners.id, parentId: partners.parentId }).from(partners).where(eq(partners.id, p.parentId)).limit(1);
    if (!parent) issues.push({ code: "not_found", path: "parentId", message: `no partner ${p.parentId}` });
    else if (parent.id === id) issues.push({ code: "invalid_parent", path: "parentId", message: "a partner cannot be its own parent" });
    else if (parent.parentId !== null) issues.push({ code: "invalid_parent", path: "parentId", message: "that partner has a parent of its own: one level only" });
    else if (id !== null) {
      const [child] = await db.select({ id: partners.id }).from(partners).where(eq(partners.parentId, id)).limit(1);
      if (child) issues.push({ code: "invalid_parent", path: "parentId", message: "this partner is a parent: it cannot have one (one level only)" });
    }
  }
  if (p.referralCodes) {
    const seen = new Set<string>();
    p.referralCodes.forEach((c, i) => {
      if (seen.has(c.toUpperCase())) issues.push({ code: "duplicate", path: `referralCodes.${i}`, message: `${c} is listed twice` });
      seen.add(c.toUpperCase());
    });
    if (p.referralCodes.length > 0) {
      const taken = await db
        .select({ code: partnerReferralCodes.code, partnerId: partnerReferralCodes.partnerId })
        .from(partnerReferralCodes)
        .where(inArray(sql`upper(${partnerReferralCodes.code})`, [...seen]));
      p.referralCodes.forEach((c, i) => {
        const owner = taken.find((t) => t.code.toUpperCase() === c.toUpperCase());
        if (owner && owner.partnerId !== id) issues.push({ code: "in_use", path: `referralCodes.${i}`, message: `${c} belongs to another partner` });
      });
    }
  }
  if (issues.length) throw new DomainInputError(issues);
}

function sealContact(cipher: FieldCipher, contact: { name: string | null; email: string | null; phone: string | null }) {
  const seal = (v: string | null) => (v === null || v === "" ? null : cipher.encrypt(v));
  return { contactNameEnc: seal(contact.name), contactEmailEnc: seal(contact.email), contactPhoneEnc: seal(contact.phone) };
}

async function setCodes(db: Db, partnerId: number, referralCodes: string[]): Promise<void> {
  await db.delete(partnerReferralCodes).where(eq(partnerReferralCodes.partnerId, partnerId));
  if (referralCodes.length) await db.insert(partnerReferralCodes).values(referralCodes.map((code) => ({ code, partnerId })));
}

export async function createPartner(db: Db, body: PartnerCreateBody, view: ContactView): Promise<PartnerDto> {
  await check(db, null, body);
  const { contact, referralCodes, ...fields } = body;
  const [row] = await db
    .insert(partners)
    .values({ ...fields, ...sealContact(view.cipher, contact) })
    .returning({ id: partners.id });
  await setCodes(db, row!.id, referralCodes);
  return getPartner(db, row!.id, view);
}

export async function updatePartner(db: Db, id: number, body: PartnerUpdateBody, view: ContactView): Promise<{ before: PartnerDto; after: PartnerDto }> {
  const before = await getPartner(db, id, view);
  await check(db, id, body);
  const { contact, referralCodes, ...fields } = body;
  await db
    .update(partners)
    .set({ ...fields, ...(contact ? sealContact(view.cipher, contact) : {}), updatedAt: sql`now()` })
    .where(eq(partners.id, id));
  if (referralCodes) await setCodes(db, id, referralCodes);
  return { before, after: await getPartner(db, id, view) };
}

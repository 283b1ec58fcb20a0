import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { commissionPlans, commissionPlanVersions, count, FieldCipher, partnerReferralCodes, partners, type Db, type PartnerType, type PlanComponentSpec } from "@ist/db";
import { lakeLayout } from "@ist/warehouse";
import { writeAudit } from "../../plugins/audit";

/** A partner as the synthetic platform wrote it (`_seed/partners.json`, warehouse/src/generator/population.ts). */
interface SeedPartner {
  partner_id: string;
  type: "affiliate" | "introducing_broker" | "kol";
  name: string;
  referral_code: string;
  revenue_share: string;
  cpa_amount: string;
}

const ALL = ["trading_fee", "subscription", "advertising", "ai_service", "data_service", "virtual_goods"] as const;
// old enough that every seeded month is priced by version 1
const SINCE = new Date("2020-01-01T00:00:00Z");

/** The plan each seeded partner is on: its type and the generator's terms, so commissions match the platform. */
function planFor(p: SeedPartner): { key: string; name: string; overrideRate: string | null; components: PlanComponentSpec[] } {
  if (p.type === "affiliate") {
    return { key: `affiliate-cpa-${Number(p.cpa_amount)}`, name: `Affiliate CPA ${p.cpa_amount}`, overrideRate: null, components: [{ type: "cpa", amount: p.cpa_amount, minFirstDeposit: "100.00" }] };
  }
  if (p.type === "kol") {
    return { key: `kol-rs-${p.revenue_share}`, name: `KOL revenue share ${p.revenue_share}, 12 months`, overrideRate: null, components: [{ type: "revshare", rate: p.revenue_share, revenueTypes: [...ALL], months: 12 }] };
  }
  // introducing brokers: volume tiers on trading fees above their base share, and an override on their sub-partners
  const base = p.revenue_share;
  return {
    key: `ib-tiered-${base}`,
    name: `Introducing broker, tiered from ${base}`,
    overrideRate: "0.05",
    components: [
      { type: "tiered", revenueTypes: ["trading_fee"], months: null, tiers: [{ upTo: "10000.00", rate: base }, { upTo: "50000.00", rate: (Number(base) + 0.05).toFixed(2) }, { upTo: null, rate: (Number(base) + 0.1).toFixed(2) }] },
      { type: "revshare", rate: "0.10", revenueTypes: ["subscription", "ai_service", "data_service"], months: 12 },
    ],
  };
}

const FAMILY = ["Wang", "Li", "Zhang", "Chen", "Liu", "Tan", "Lim", "Ng", "Smith", "Garcia", "Müller", "Sato"];
const GIVEN = ["Wei", "Fang", "Jun", "Mei", "Hao", "Ling", "Alex", "Maria", "Jonas", "Yuki", "Sam", "Priya"];

/**
 * Demo partners and plans in Postgres matching the demo lake's partners (their `partner_id` is the
 * partner's code, their `referral_code` its code), so a settlement finds the lake's referrals.
 * Runs once: a database that has partners is left alone. Returns how many it created.
 */
export async function seedFinanceDemo(db: Db, opts: { lakeDir: string; encryptionKey: string }): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(partners);
  if ((existing?.n ?? 0) > 0) return 0;
  const file = join(lakeLayout(opts.lakeDir).seedDir, "partners.json");
  const seeded = JSON.parse(await readFile(file, "utf8").catch(() => "[]")) as SeedPartner[];
  if (seeded.length === 0) return 0;
  const cipher = new FieldCipher(opts.encryptionKey);
  return db.transaction(async (tx) => {
    const planIds = new Map<string, number>();
    for (const p of seeded) {
      const plan = planFor(p);
      if (planIds.has(plan.key)) continue;
      const [row] = await tx.insert(commissionPlans).values({ key: plan.key, name: plan.name, description: "demo plan" }).returning({ id: commissionPlans.id });
      await tx.insert(commissionPlanVersions).values({ planId: row!.id, version: 1, effectiveFrom: SINCE, overrideRate: plan.overrideRate, components: plan.components, note: "demo" });
      planIds.set(plan.key, row!.id);
    }
    const ids = new Map<string, number>();
    const brokers: number[] = [];
    for (const [i, p] of seeded.entries()) {
      const family = FAMILY[i % FAMILY.length]!;
      const given = GIVEN[(i * 7) % GIVEN.length]!;
      // every third KOL works under an introducing broker: the broker earns an override on it
      const parentId = p.type === "kol" && i % 3 === 0 && brokers.length > 0 ? brokers[i % brokers.length]! : null;
      const [row] = await tx
        .insert(partners)
        .values({
          code: p.partner_id,
          name: p.name,
          type: p.type satisfies PartnerType,
          status: i % 29 === 28 ? "paused" : "active",
          planId: planIds.get(planFor(p).key)!,
          parentId,
          holdDays: p.type === "affiliate" ? 30 : 14,
          payoutMethod: p.type === "kol" ? "paypal" : p.type === "affiliate" ? "wise" : "bank_transfer",
          contactNameEnc: cipher.encrypt(`${given} ${family}`),
          contactEmailEnc: cipher.encrypt(`${given}.${family}.${p.partner_id}@partners.example`.toLowerCase()),
          contactPhoneEnc: cipher.encrypt(`+65 ${String(80000000 + i * 7919).slice(0, 4)} ${String(1000 + i).slice(-4)}`),
        })
        .returning({ id: partners.id });
      ids.set(p.partner_id, row!.id);
      if (p.type === "introducing_broker") brokers.push(row!.id);
      await tx.insert(partnerReferralCodes).values({ code: p.referral_code, partnerId: row!.id });
    }
    await writeAudit(tx, null, { action: "partner.seed", entity: "partner", actorEmail: "system:demo-seed", after: { partners: seeded.length, plans: planIds.size } });
    return seeded.length;
  });
}

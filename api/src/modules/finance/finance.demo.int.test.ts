import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commissionPlans, commissionPlanVersions, partnerReferralCodes, partners } from "@ist/db";
import { checkPlan } from "@ist/jobs/commissions/engine";
import { generate, lakeLayout } from "@ist/warehouse";
import { testApp, type TestApp } from "../../../../test/app";
import { seedFinanceDemo } from "./finance.demo";

describe("finance demo data", () => {
  let t: TestApp;
  let lakeDir: string;
  beforeAll(async () => {
    lakeDir = await mkdtemp(join(tmpdir(), "ist-finance-demo-"));
    // 12,500 users → 125 partners (one per 100 users), as the demo start's generator makes them
    await generate({ lakeDir, users: 12_500, days: 10, seed: 1 });
    t = await testApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
    await rm(lakeDir, { recursive: true, force: true });
  });

  it("creates a partner for every partner of the synthetic platform, with its referral code, once", async () => {
    const seeded = JSON.parse(await readFile(join(lakeLayout(lakeDir).seedDir, "partners.json"), "utf8")) as Array<{ partner_id: string; referral_code: string; type: string }>;
    expect(seeded.length).toBeGreaterThanOrEqual(120);
    const db = t.database.handle.db;
    expect(await seedFinanceDemo(db, { lakeDir, encryptionKey: t.config.ENCRYPTION_KEY })).toBe(seeded.length);
    expect(await seedFinanceDemo(db, { lakeDir, encryptionKey: t.config.ENCRYPTION_KEY })).toBe(0);

    const rows = await db.select().from(partners);
    const codes = await db.select().from(partnerReferralCodes);
    expect(rows.map((p) => p.code).sort()).toEqual(seeded.map((p) => p.partner_id).sort());
    const byId = new Map(rows.map((p) => [p.id, p]));
    expect(Object.fromEntries(codes.map((c) => [c.code, byId.get(c.partnerId)!.code]))).toEqual(Object.fromEntries(seeded.map((p) => [p.referral_code, p.partner_id])));
    expect(rows.every((p) => p.contactEmailEnc?.startsWith("v1:"))).toBe(true);
    // one level of parents, and some of them, so overrides show up
    const children = rows.filter((p) => p.parentId !== null);
    expect(children.length).toBeGreaterThan(0);
    expect(children.every((c) => byId.get(c.parentId!)!.parentId === null)).toBe(true);
  });

  it("gives every plan terms the settlement engine accepts", async () => {
    const db = t.database.handle.db;
    const plans = await db.select().from(commissionPlans);
    const versions = await db.select().from(commissionPlanVersions);
    expect(plans.length).toBeGreaterThanOrEqual(3);
    expect(versions.map((v) => checkPlan(v))).toEqual(versions.map(() => null));
  });
});

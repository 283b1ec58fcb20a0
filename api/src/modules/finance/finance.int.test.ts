import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, eq, FieldCipher, partners } from "@ist/db";
import { databaseTargets } from "@ist/db/testing";
import { consoleSession, testApp, type ConsoleSession, type TestApp } from "../../../../test/app";
import { monthStartUtc } from "./plans.service";

const std = {
  key: "std",
  name: "Standard",
  overrideRate: "0.10",
  components: [
    { type: "revshare", rate: "0.25", revenueTypes: ["trading_fee", "subscription"], months: 12 },
    { type: "cpa", amount: "40.00", minFirstDeposit: "100.00" },
  ],
};
const vol = { key: "vol", name: "Volume", components: [{ type: "tiered", revenueTypes: ["trading_fee"], months: null, tiers: [{ upTo: "10000.00", rate: "0.20" }, { upTo: null, rate: "0.30" }] }] };

describe.each(databaseTargets())("finance api on %s", (kind) => {
  let t: TestApp;
  let provider: ConsoleSession["provider"];
  let inject: ConsoleSession["inject"];
  beforeAll(async () => {
    t = await testApp(kind);
    ({ provider, inject } = await consoleSession(t, "finance@demo.ist"));
  });
  afterAll(() => t?.close());

  it("creates plans whose first version is in force from this month, and versions that apply from the next period", async () => {
    const { data: plan } = await provider.create({ resource: "finance/plans", variables: std });
    const thisMonth = monthStartUtc(new Date()).toISOString();
    expect(plan).toMatchObject({ key: "std", partnerCount: 0, current: { version: 1, effectiveFrom: thisMonth, overrideRate: "0.10", components: std.components } });

    const res = await inject("POST", `/api/finance/plans/${plan.id}/versions`, { overrideRate: "0.12", components: std.components, note: "override up" });
    expect(res.statusCode).toBe(201);
    const nextMonth = monthStartUtc(new Date(), 1).toISOString();
    expect(res.json()).toMatchObject({ current: { version: 1 }, versions: [{ version: 2, effectiveFrom: nextMonth, overrideRate: "0.12", note: "override up" }, { version: 1 }] });

    const early = await inject("POST", `/api/finance/plans/${plan.id}/versions`, { overrideRate: null, components: [], effectiveFrom: thisMonth });
    expect(early.statusCode).toBe(400);
    expect(early.json().details.fields).toEqual([expect.objectContaining({ path: "effectiveFrom", code: "too_early" })]);

    const renamed = await provider.update({ resource: "finance/plans", id: plan.id as number, variables: { name: "Standard 2026" } });
    expect(renamed.data).toMatchObject({ name: "Standard 2026", versions: [{ version: 2 }, { version: 1 }] });
    const list = await provider.getList({ resource: "finance/plans", filters: [{ field: "q", operator: "eq", value: "std" }] });
    expect(list.total).toBe(1);
  });

  it.each([
    [{ ...std, key: "std" }, "key", "in_use"],
    [{ ...std, key: "a b" }, "key", "invalid_format"],
    [{ ...std, key: "x1", overrideRate: "1.5" }, "overrideRate", "custom"],
    [{ ...std, key: "x2", components: [std.components[0], std.components[0]] }, "components.1.type", "invalid_plan"],
    [{ ...vol, key: "x3", components: [{ ...vol.components[0], tiers: [{ upTo: "5", rate: "0.1" }, { upTo: "5", rate: "0.2" }, { upTo: null, rate: "0.3" }] }] }, "components.0.tiers.1.upTo", "invalid_plan"],
    [{ ...std, key: "x4", components: [{ type: "bonus" }] }, "components.0", undefined],
    [{ ...std, key: "x5", effectiveFrom: "2026-10-15T00:00:00Z" }, "effectiveFrom", "custom"],
  ])("refuses an invalid plan, naming the field (%#)", async (payload, path, code) => {
    const res = await inject("POST", "/api/finance/plans", payload);
    expect(res.statusCode).toBe(400);
    const field = res.json().details.fields[0];
    expect(field.path).toContain(path);
    if (code) expect(field.code).toBe(code);
  });

  it("creates, reads, lists and updates partners; the contact is encrypted at rest and kept out of the audit log", async () => {
    const { data: plans } = await provider.getList({ resource: "finance/plans" });
    const stdId = plans.find((p) => p.key === "std")!.id as number;
    const { data: volPlan } = await provider.create({ resource: "finance/plans", variables: vol });
    const { data: ib } = await provider.create({
      resource: "finance/partners",
      variables: { code: "p0001", name: "IB 0001", type: "introducing_broker", planId: stdId, contact: { name: "Li Wei", email: "Li.Wei@example.com", phone: "+86 138 0000 1111" }, referralCodes: ["ABC0001"] },
    });
    expect(ib).toMatchObject({ code: "p0001", status: "active", holdDays: 30, payoutMethod: "bank_transfer", planKey: "std", parentId: null, childCount: 0, contactMasked: false, contact: { name: "Li Wei", email: "li.wei@example.com" }, referralCodes: ["ABC0001"] });
    const [row] = await t.database.handle.db.select().from(partners).where(eq(partners.id, ib.id as number));
    expect(row!.contactEmailEnc).toMatch(/^v1:/);
    expect(new FieldCipher(t.config.ENCRYPTION_KEY).decrypt(row!.contactEmailEnc!)).toBe("li.wei@example.com");

    const { data: kol } = await provider.create({ resource: "finance/partners", variables: { code: "p0002", name: "KOL 0002", type: "kol", planId: volPlan.id, parentId: ib.id, referralCodes: ["KOL0002", "KOL0002B"] } });
    expect(kol).toMatchObject({ parentId: ib.id, parentCode: "p0001", planKey: "vol", contact: { name: null, email: null, phone: null } });
    expect((await provider.getOne({ resource: "finance/partners", id: ib.id as number })).data).toMatchObject({ childCount: 1 });

    const { data: paused } = await provider.update({ resource: "finance/partners", id: kol.id as number, variables: { status: "paused", holdDays: 45, referralCodes: ["KOL0002"] } });
    expect(paused).toMatchObject({ status: "paused", holdDays: 45, referralCodes: ["KOL0002"] });

    const byCode = await provider.getList({ resource: "finance/partners", filters: [{ field: "q", operator: "eq", value: "abc0001" }] });
    expect(byCode.data.map((p) => p.code)).toEqual(["p0001"]);
    const kols = await provider.getList({ resource: "finance/partners", filters: [{ field: "type", operator: "eq", value: "kol" }] });
    expect(kols.data.map((p) => p.code)).toEqual(["p0002"]);

    const trail = await t.database.handle.db.select().from(auditLog).where(eq(auditLog.entity, "partner"));
    expect(trail.map((a) => a.action).sort()).toEqual(["partner.create", "partner.create", "partner.update"]);
    expect(JSON.stringify(trail)).not.toMatch(/li\.wei|Li Wei|138 0000/);
  });

  it.each([
    [{ code: "p0001", name: "dup", type: "kol", planId: 1 }, ["code"]],
    [{ code: "p0101", name: "", type: "kol", planId: 1, holdDays: -1 }, ["holdDays", "name"]],
    [{ code: "p0102", name: "x", type: "reseller", planId: 1 }, ["type"]],
    [{ code: "p0103", name: "x", type: "kol", planId: 999 }, ["planId"]],
    [{ code: "p0104", name: "x", type: "kol", planId: 1, parentId: 999 }, ["parentId"]],
    [{ code: "p0105", name: "x", type: "kol", planId: 1, contact: { name: null, email: "nope", phone: null } }, ["contact.email"]],
    [{ code: "p0106", name: "x", type: "kol", planId: 1, referralCodes: ["ABC0001", "NEW1", "new1"] }, ["referralCodes.0", "referralCodes.2"]],
  ])("refuses an invalid partner, naming the fields %j", async (payload, paths) => {
    const res = await inject("POST", "/api/finance/partners", payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields.map((f: { path: string }) => f.path).sort()).toEqual(paths);
  });

  it("keeps parents one level deep", async () => {
    const { data: list } = await provider.getList({ resource: "finance/partners", sorters: [{ field: "code", order: "asc" }] });
    const [ib, kol] = list as Array<{ id: number }>;
    const grandchild = await inject("POST", "/api/finance/partners", { code: "p0003", name: "x", type: "affiliate", planId: 1, parentId: kol!.id });
    expect(grandchild.json().details.fields).toEqual([expect.objectContaining({ path: "parentId", code: "invalid_parent" })]);
    const parentWithParent = await inject("PATCH", `/api/finance/partners/${ib!.id}`, { parentId: kol!.id });
    expect(parentWithParent.statusCode).toBe(400);
    const self = await inject("PATCH", `/api/finance/partners/${kol!.id}`, { parentId: kol!.id });
    expect(self.json().details.fields[0]).toMatchObject({ path: "parentId" });
  });

  it("is finance's and admin's only: 403 for every other role", async () => {
    const operator = await t.login("operator@demo.ist");
    for (const [method, url] of [
      ["GET", "/api/finance/partners"],
      ["GET", "/api/finance/plans/1"],
      ["POST", "/api/finance/plans"],
    ] as const) {
      const res = await inject(method, url, method === "POST" ? std : undefined, operator);
      expect(res.statusCode).toBe(403);
    }
    const admin = await t.login("admin@demo.ist");
    expect((await inject("GET", "/api/finance/partners", undefined, admin)).statusCode).toBe(200);
  });
});

import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertJobId, InvalidJobError, JOB_DEFINITIONS, jobIdFor, parsePayload, QUEUE_NAMES } from "./contracts";
import { processorFor } from "./processors";

describe("job contracts", () => {
  it("accepts a valid payload and leaves optional fields out", () => {
    expect(parsePayload("audit", "prune", { retentionDays: 30 })).toEqual({ retentionDays: 30 });
    expect(parsePayload("audit", "prune", {})).toEqual({});
    expect(parsePayload("audit", "prune", undefined)).toEqual({});
  });

  it.each([
    [{ retentionDays: 0 }, "retentionDays"],
    [{ retentionDays: -5 }, "retentionDays"],
    [{ retentionDays: 1.5 }, "retentionDays"],
    [{ retentionDays: "30" }, "retentionDays"],
  ])("rejects %j naming the field", (payload, field) => {
    const error = (() => {
      try {
        parsePayload("audit", "prune", payload);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidJobError);
    expect((error as InvalidJobError).issues[0]?.path).toBe(field);
    expect((error as InvalidJobError).message).toMatch(/^invalid job audit\/prune: retentionDays: /);
  });

  it("checks a contract's limits against the environment when given one", () => {
    expect(() => parsePayload("audit", "prune", { retentionDays: 30 }, { AUDIT_RETENTION_DAYS: 400 })).toThrow(/retentionDays: must be at least 400 \(AUDIT_RETENTION_DAYS\)/);
    expect(parsePayload("audit", "prune", { retentionDays: 400 }, { AUDIT_RETENTION_DAYS: 400 })).toEqual({ retentionDays: 400 });
    expect(parsePayload("audit", "prune", {}, { AUDIT_RETENTION_DAYS: 400 })).toEqual({});
    expect(parsePayload("audit", "prune", { retentionDays: 30 }, { AUDIT_RETENTION_DAYS: 7 })).toEqual({ retentionDays: 30 });
  });

  it("rejects a job the contract does not know", () => {
    expect(() => parsePayload("audit", "vacuum", {})).toThrow(/no job vacuum on queue audit/);
    expect(() => parsePayload("mail", "prune", {})).toThrow(InvalidJobError);
  });

  it("lists every job once, each on a known queue, with a processor", () => {
    const keys = JOB_DEFINITIONS.map((d) => `${d.queue}/${d.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of JOB_DEFINITIONS) {
      expect(QUEUE_NAMES).toContain(d.queue);
      expect(d.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(processorFor(d.queue, d.name)).toBeTypeOf("function");
    }
    expect(JOB_DEFINITIONS.find((d) => d.queue === "audit" && d.name === "prune")?.manual).toBe(true);
  });

  it("depends on zod and the domains' contract files only, never on a processor (the api imports it)", () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(file, "utf8").matchAll(/^(?:import|export)\b[^;]*?from "([^"]+)"/gms)) {
        if (spec!.startsWith(".")) visit(join(dirname(file), `${spec}.ts`));
        else external.add(spec!);
      }
    };
    visit(join(import.meta.dirname, "contracts.ts"));
    const files = [...seen].map((f) => relative(import.meta.dirname, f)).sort();
    expect(files).toEqual(["alerts/contract.ts", "audit/contract.ts", "catalog.ts", "contracts.ts", "lake/contract.ts", "outbound/config.ts"]);
    expect([...external]).toEqual(["zod"]);
  });

  it.each([
    [["audit", "prune"], "audit-prune"],
    [["audit", "prune", "2025-01"], "audit-prune-2025-01"],
    [["audit", "prune", new Date("2025-03-04T05:06:07.890Z")], "audit-prune-2025-03-04T050607"],
    [["audit", "prune", "a:b c"], "audit-prune-a_b_c"],
    [["audit", "prune", 42], "audit-prune-42"],
  ] as const)("builds job id %j → %s", (args, expected) => {
    const [queue, name, ...keys] = args;
    expect(jobIdFor(queue, name, ...keys)).toBe(expected);
  });

  it("never builds a job id BullMQ would refuse", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer(), fc.date({ noInvalidDate: true })), { maxLength: 4 }), (keys) => {
        const id = jobIdFor("audit", "prune", ...keys);
        expect(id).not.toContain(":");
        expect(() => assertJobId(id)).not.toThrow();
      }),
    );
  });

  it("refuses hand-made job ids with a colon or that are integers", () => {
    expect(() => assertJobId("audit:prune")).toThrow(/must not contain ":"/);
    expect(() => assertJobId("123")).toThrow(/must not be an integer/);
  });
});

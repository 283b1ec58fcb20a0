import { describe, expect, it } from "vitest";
import { z } from "zod";
import { composeConfig, defineJobsContract, jobCatalog } from "./catalog";
import { CONTRACTS, JOB_DEFINITIONS } from "./contracts";
import { defineJobsDomain, domainEnvs, missingServices, validateDomains, type AnyJobsDomain } from "./domain";
import { JOBS_DOMAINS } from "./registry";
import { SCHEDULES } from "./schedules";

const pingContract = defineJobsContract({
  queue: "ping",
  jobs: { send: { description: "send a ping", payload: z.object({ to: z.string() }), manual: false } },
  config: z.object({ PING_HOST: z.string().default("localhost").describe("where pings go") }),
});
const send = async ({ payload }: { payload: { to: string } }) => ({ sent: payload.to });

describe("jobs domains", () => {
  it("registers one domain per composed contract, the same objects", () => {
    expect(JOBS_DOMAINS.map((d) => d.contract)).toEqual([...CONTRACTS]);
    JOBS_DOMAINS.forEach((d, i) => expect(d.contract).toBe(CONTRACTS[i]));
    expect(() => validateDomains(JOBS_DOMAINS)).not.toThrow();
  });

  it("keeps the contract the api reads: every job once, the schedules on their queues", () => {
    expect(JOB_DEFINITIONS.map((d) => `${d.queue}/${d.name}`)).toEqual(["audit/prune", "alerts/evaluate", "alerts/send-test", "lake/compact"]);
    expect(SCHEDULES.map((s) => [s.id, s.queue, s.pattern])).toEqual([
      ["audit-prune", "audit", "0 3 * * *"],
      ["alerts-evaluate", "alerts", "* * * * *"],
      ["lake-compact", "lake", "*/10 * * * *"],
    ]);
    expect(SCHEDULES[0]!.job({ auditRetentionDays: 9 })).toEqual({ queue: "audit", name: "prune", payload: { retentionDays: 9 } });
  });

  it("makes a missing or unknown processor a compile error", () => {
    // @ts-expect-error: the contract's `send` job has no processor
    const missing = defineJobsDomain({ contract: pingContract, processors: {} });
    // @ts-expect-error: `sned` is no job of the contract
    const misspelt = defineJobsDomain({ contract: pingContract, processors: { send, sned: send } });
    // and, for a domain that reaches the workers untyped, a start-up error naming the job
    expect(() => validateDomains([missing])).toThrow(/job ping\/send has no processor/);
    expect(() => validateDomains([misspelt])).toThrow(/processor ping\/sned has no job in the ping contract/);
  });

  it("refuses two domains on one queue and two schedules with one id", () => {
    const ping = defineJobsDomain({ contract: pingContract, processors: { send } });
    expect(() => validateDomains([ping, ping])).toThrow(/queue ping is declared by more than one jobs domain/);
    const schedule = { id: "audit-prune", pattern: "* * * * *", tz: "UTC", job: () => ({ name: "send" as const, payload: { to: "x" } }) };
    expect(() => validateDomains([...JOBS_DOMAINS, { ...ping, schedules: [schedule] }])).toThrow(/schedule id audit-prune is used twice/);
    expect(() => jobCatalog([pingContract, pingContract])).toThrow(/queue\(s\) declared by more than one jobs contract: ping/);
  });

  it("names domain and service for each service the process lacks", () => {
    const needs: AnyJobsDomain = { contract: pingContract, processors: { send }, services: ["alerts", "mailer"] };
    expect(missingServices([needs], { alerts: {} })).toEqual([`jobs domain ping needs service "mailer", which this process does not provide`]);
    expect(missingServices(JOBS_DOMAINS, {})).toEqual([`jobs domain alerts needs service "alerts", which this process does not provide`]);
    expect(missingServices([needs], { alerts: {}, mailer: {} })).toEqual([]);
  });

  it("hands each domain its own slice of the parsed config, and names a refused value", () => {
    const ping = defineJobsDomain({ contract: pingContract, processors: { send } });
    const envs = domainEnvs([...JOBS_DOMAINS, ping], { PING_HOST: "ping.io", AUDIT_RETENTION_DAYS: 30, SMTP_URL: "smtp://m:25", OTHER: "x" });
    expect(envs.get("ping")).toEqual({ PING_HOST: "ping.io" });
    expect(envs.get("audit")).toEqual({ AUDIT_RETENTION_DAYS: 30 });
    expect(envs.get("alerts")).toEqual({ SMTP_URL: "smtp://m:25", REPORTING_TZ: "UTC" });
    expect(() => domainEnvs([ping, ...JOBS_DOMAINS], { PING_HOST: 7, AUDIT_RETENTION_DAYS: -1 })).toThrow(
      /^invalid configuration\n {2}jobs domain ping: PING_HOST: .*\n {2}jobs domain audit: AUDIT_RETENTION_DAYS: /,
    );
  });

  it("composes the config slices and refuses a variable two domains declare differently", () => {
    const env = composeConfig([...CONTRACTS, pingContract]);
    expect(env.parse({ PING_HOST: "ping.io" })).toMatchObject({ PING_HOST: "ping.io", AUDIT_RETENTION_DAYS: 400, REPORTING_TZ: "UTC" });
    const clash = defineJobsContract({ ...pingContract, queue: "pong", config: z.object({ REPORTING_TZ: z.string().describe("another zone") }) });
    expect(() => composeConfig([...CONTRACTS, clash])).toThrow(/REPORTING_TZ is declared differently by the alerts and pong jobs domains/);
    const shared = defineJobsContract({ ...pingContract, queue: "pong", config: z.object({ REPORTING_TZ: CONTRACTS[1].config.shape.REPORTING_TZ }) });
    expect(Object.keys(composeConfig([...CONTRACTS, shared]).shape)).toContain("REPORTING_TZ");
  });
});

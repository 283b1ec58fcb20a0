import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACTS } from "./contracts";
import { loadWorkerConfig, WorkerConfigError, WorkerEnv, workerConfigFrom } from "./worker-config";

describe("worker configuration", () => {
  it("has defaults for everything but the database (and the queue prefix, derived from the installation)", () => {
    expect(loadWorkerConfig({}, "/srv/ist")).toEqual({
      DATA_DIR: "/srv/ist/.data",
      REDIS_URL: "redis://127.0.0.1:6379",
      AUDIT_RETENTION_DAYS: 400,
      LOG_LEVEL: "info",
      REPORTING_TZ: "UTC",
    });
  });

  it("reads the variables and treats an empty one as unset", () => {
    const config = loadWorkerConfig(
      { DATABASE_URL: "", DATA_DIR: "/var/ist", REDIS_URL: "redis://cache:6380", AUDIT_RETENTION_DAYS: "90", LOG_LEVEL: "warn" },
      "/srv",
    );
    expect(config).toMatchObject({ DATA_DIR: "/var/ist", REDIS_URL: "redis://cache:6380", AUDIT_RETENTION_DAYS: 90, LOG_LEVEL: "warn" });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ AUDIT_RETENTION_DAYS: "soon" }, "AUDIT_RETENTION_DAYS"],
    [{ AUDIT_RETENTION_DAYS: "0" }, "AUDIT_RETENTION_DAYS"],
    [{ REDIS_URL: "not a url" }, "REDIS_URL"],
    [{ DATABASE_URL: "nope" }, "DATABASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ QUEUE_PREFIX: "a:b" }, "QUEUE_PREFIX"],
    [{ SMTP_URL: "mail server" }, "SMTP_URL"],
    [{ ENCRYPTION_KEY: "short" }, "ENCRYPTION_KEY"],
  ])("names the variable in %j", (env, variable) => {
    expect(() => loadWorkerConfig(env)).toThrow(WorkerConfigError);
    expect(() => loadWorkerConfig(env)).toThrow(new RegExp(`^invalid configuration\\n  ${variable}: `));
  });

  it("is the connection variables plus every domain's slice, each described", () => {
    const slices = CONTRACTS.flatMap((c) => Object.keys(c.config?.shape ?? {}));
    expect(Object.keys(WorkerEnv.shape).sort()).toEqual(
      ["DATABASE_URL", "DATA_DIR", "REDIS_URL", "QUEUE_PREFIX", "LOG_LEVEL", ...slices].sort(),
    );
    expect(slices).toEqual(expect.arrayContaining(["AUDIT_RETENTION_DAYS", "SMTP_URL", "ALERT_EMAIL_FROM", "ENCRYPTION_KEY", "REPORTING_TZ", "LAKE_DIR"]));
    for (const [name, schema] of Object.entries(WorkerEnv.shape)) expect(schema.description, name).toBeTruthy();
  });

  it("builds the processors' config: the lake and the api's generated encryption key", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ist-worker-config-"));
    try {
      writeFileSync(join(dataDir, "secrets.json"), JSON.stringify({ encryptionKey: "ab".repeat(32) }));
      expect(workerConfigFrom(loadWorkerConfig({ DATA_DIR: dataDir }))).toEqual({
        auditRetentionDays: 400,
        lakeDir: join(dataDir, "lake"),
        alerts: { encryptionKey: "ab".repeat(32) },
        outbound: { allowHosts: [] },
      });
      const explicit = loadWorkerConfig({ DATA_DIR: dataDir, LAKE_DIR: "lake2", ENCRYPTION_KEY: "cd".repeat(32), SMTP_URL: "smtp://mail:25", ALERT_EMAIL_FROM: "ops@ist.io", OUTBOUND_ALLOW_HOSTS: "hooks.internal, 10.0.0.5" }, "/srv");
      expect(workerConfigFrom({ ...explicit, AUDIT_RETENTION_DAYS: 30 })).toEqual({
        auditRetentionDays: 30,
        lakeDir: "/srv/lake2",
        alerts: { smtpUrl: "smtp://mail:25", emailFrom: "ops@ist.io", encryptionKey: "cd".repeat(32) },
        outbound: { allowHosts: ["hooks.internal", "10.0.0.5"] },
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from "vitest";
import { loadWorkerConfig, WorkerConfigError } from "./worker-config";

describe("worker configuration", () => {
  it("has defaults for everything but the database", () => {
    expect(loadWorkerConfig({}, "/srv/ist")).toEqual({
      DATA_DIR: "/srv/ist/.data",
      REDIS_URL: "redis://127.0.0.1:6379",
      QUEUE_PREFIX: "ist",
      AUDIT_RETENTION_DAYS: 400,
      LOG_LEVEL: "info",
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
  ])("names the variable in %j", (env, variable) => {
    expect(() => loadWorkerConfig(env)).toThrow(WorkerConfigError);
    expect(() => loadWorkerConfig(env)).toThrow(new RegExp(`^invalid configuration\\n  ${variable}: `));
  });
});

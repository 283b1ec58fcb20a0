import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configTable, loadConfig, parseConfig } from "./config";

describe("config", () => {
  it("applies the documented defaults", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: ".data", REDIS_URL: "redis://127.0.0.1:6379", DEMO_PASSWORD: "demo-ist-2026", AUDIT_RETENTION_DAYS: 400 });
  });
  it.each([
    [{ PORT: "eighty" }, /PORT/],
    [{ DATABASE_URL: "not a url" }, /DATABASE_URL/],
    [{ SEED_DEMO: "maybe" }, /SEED_DEMO/],
    [{ ENCRYPTION_KEY: "short" }, /ENCRYPTION_KEY/],
  ])("names the variable of a bad value %o", (env, pattern) => {
    expect(() => parseConfig(env)).toThrow(pattern);
  });
  it("refuses production without secrets or with demo accounts", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: required in production[\s\S]*ENCRYPTION_KEY/);
    const secrets = { SESSION_SECRET: "s".repeat(40), ENCRYPTION_KEY: "a".repeat(64) };
    expect(() => loadConfig({ NODE_ENV: "production", SEED_DEMO: "1", ...secrets })).toThrow(/SEED_DEMO/);
    expect(loadConfig({ NODE_ENV: "production", ...secrets, DATA_DIR: "/srv/ist" })).toMatchObject({ production: true, LAKE_DIR: "/srv/ist/lake" });
  });
  it("generates demo secrets once and keeps them", () => {
    const dir = mkdtempSync(join(tmpdir(), "ist-cfg-"));
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(b.SESSION_SECRET).toBe(a.SESSION_SECRET);
  });
  it("renders the README configuration table from the schema", () => {
    expect(configTable()).toContain("| `PORT` | `3000` | HTTP port |");
  });
});

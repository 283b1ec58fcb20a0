import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, eq, isNull, sha256 } from "@ist/db";
import { lakeLayout } from "@ist/warehouse";
import { testApp, type TestApp } from "../../test/app";
import { demoIngestKey, seedLakeIfEmpty, startDemoLake } from "./demo-lake";

const log = pino({ level: "silent" });

describe("demo lake", () => {
  let t: TestApp;
  const dataDir = mkdtempSync(join(tmpdir(), "ist-demo-lake-"));
  const config = { DATA_DIR: dataDir, LAKE_DIR: join(dataDir, "lake"), SEED_USERS: 400, SEED_DAYS: 20, DEMO_SIM: 50, REPORTING_TZ: "Asia/Shanghai" };
  beforeAll(async () => {
    t = await testApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("seeds an empty lake once, and redoes a seed that was cut short", async () => {
    expect(await seedLakeIfEmpty(config, log)).toBe(400);
    // the seed bypasses the flusher, so it builds the rollups itself, in the reporting zone too
    expect(readdirSync(lakeLayout(config.LAKE_DIR).rollupsDir)).toContain("daily_type");
    expect(readdirSync(lakeLayout(config.LAKE_DIR).rollupsDir, { recursive: true }).map(String).join("\n")).toMatch(/Asia/);
    const truth = join(lakeLayout(config.LAKE_DIR).truthDir, "truth.json");
    const seededAt = statSync(truth).mtimeMs;
    expect(await seedLakeIfEmpty({ ...config, SEED_USERS: 999 }, log)).toBe(400);
    expect(statSync(truth).mtimeMs).toBe(seededAt);
    writeFileSync(join(lakeLayout(config.LAKE_DIR).tmpDir, "demo-seed-incomplete"), "");
    expect(await seedLakeIfEmpty({ ...config, SEED_USERS: 300 }, log)).toBe(300);
  });

  it("keeps one demo ingest key across restarts and replaces a revoked one", async () => {
    const { db } = t.database.handle;
    const key = await demoIngestKey(db, dataDir);
    expect(key).toMatch(/^ist_ing_/);
    expect(statSync(join(dataDir, "demo-ingest-key")).mode & 0o777).toBe(0o600);
    expect(await demoIngestKey(db, dataDir)).toBe(key);
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.keyHash, sha256(key)));
    const replaced = await demoIngestKey(db, dataDir);
    expect(replaced).not.toBe(key);
    expect(await db.select({ id: apiKeys.id }).from(apiKeys).where(isNull(apiKeys.revokedAt))).toHaveLength(1);
  });

  it("runs the simulator against the api's own ingest endpoint", async () => {
    const url = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const demo = startDemoLake({ config, db: t.database.handle.db, log, url });
    const accepted = async () => Number(/ingest_events_total\{outcome="accepted"\} (\d+)/.exec((await t.app.inject({ url: "/metrics" })).body)?.[1] ?? 0);
    await expect.poll(accepted, { timeout: 10_000 }).toBeGreaterThanOrEqual(50);
    await demo.stop();
    await t.app.warehouse.flush();
    const [row] = await t.app.warehouse.query<{ n: number; users: number }>(`select count(*) as n, count(distinct user_id) as users from events where event_id like 'live-%'`);
    expect(row!.n).toBeGreaterThanOrEqual(50);
    expect(row!.n).toBe(await accepted());
  });
});

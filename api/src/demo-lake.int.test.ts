import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, eq, isNull, sha256 } from "@ist/db";
import { setTimeout as sleep } from "node:timers/promises";
import { lakeLayout, QueryPool, SyntheticPlatform, type Truth } from "@ist/warehouse";
import { testApp, type TestApp } from "../../test/app";
import { demoIngestKey, seedLakeIfEmpty, startDemoLake } from "./demo-lake";
import type { DemoClock } from "./demo-live";

const log = pino({ level: "silent" });
const MINUTE = 60_000;
/** the demo's start moment in these tests (a Wednesday afternoon, UTC) */
const T0 = Date.parse("2026-03-11T15:00:00Z");

/** A clock that moves a minute per tick (a few real milliseconds) until `stopAt`, then stands still. */
function simulatedClock(start: number, stopAt: number): DemoClock & { at(): number } {
  let t = start;
  return {
    now: () => t,
    at: () => t,
    async sleep() {
      await sleep(3);
      t = Math.min(stopAt, t + MINUTE);
    },
  };
}

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

  it("seeds an empty lake once, up to the start moment, and redoes a seed that was cut short", async () => {
    const seeded = await seedLakeIfEmpty(config, log, T0);
    expect(seeded.users).toBe(400);
    // the seed hands the platform on from the start moment, and records where it stands
    expect(seeded.live?.cursor).toBe(T0);
    expect((await seeded.live!.platform.take(T0 + 60 * MINUTE)).every((e) => e.tsMs > T0)).toBe(true);
    expect(JSON.parse(readFileSync(join(lakeLayout(config.LAKE_DIR).seedDir, "live-cursor.json"), "utf8"))).toEqual({ cursor: new Date(T0).toISOString(), users: new Date(T0).toISOString() });
    // the seed bypasses the flusher, so it builds the rollups itself, in the reporting zone too
    expect(readdirSync(lakeLayout(config.LAKE_DIR).rollupsDir)).toContain("daily_type");
    expect(readdirSync(lakeLayout(config.LAKE_DIR).rollupsDir, { recursive: true }).map(String).join("\n")).toMatch(/Asia/);
    const truth = join(lakeLayout(config.LAKE_DIR).truthDir, "truth.json");
    const seededAt = statSync(truth).mtimeMs;
    expect(await seedLakeIfEmpty({ ...config, SEED_USERS: 999 }, log, T0)).toEqual({ users: 400 });
    expect(statSync(truth).mtimeMs).toBe(seededAt);
    writeFileSync(join(lakeLayout(config.LAKE_DIR).tmpDir, "demo-seed-incomplete"), "");
    expect((await seedLakeIfEmpty({ ...config, SEED_USERS: 600 }, log, T0)).users).toBe(600);
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

  it("carries the seeded platform on through the api's own ingest endpoint, and a restart continues it without gaps or repeats", async () => {
    const url = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const accepted = async () => Number(/ingest_events_total\{outcome="accepted"\} (\d+)/.exec((await t.app.inject({ url: "/metrics" })).body)?.[1] ?? 0);
    // ten minutes after the seed's moment: the restart replays the platform, catches up, then goes on a minute a tick
    const first = simulatedClock(T0 + 10 * MINUTE, T0 + 60 * MINUTE);
    let demo = startDemoLake({ config, db: t.database.handle.db, log, url, clock: first, tickMs: MINUTE });
    await expect.poll(() => first.at(), { timeout: 30_000, interval: 50 }).toBe(T0 + 60 * MINUTE);
    await sleep(50);
    await demo.stop();
    const cursor = Date.parse((JSON.parse(readFileSync(join(lakeLayout(config.LAKE_DIR).seedDir, "live-cursor.json"), "utf8")) as { cursor: string }).cursor);
    expect(cursor).toBe(T0 + 60 * MINUTE);

    const second = simulatedClock(T0 + 60 * MINUTE, T0 + 90 * MINUTE);
    demo = startDemoLake({ config, db: t.database.handle.db, log, url, clock: second, tickMs: MINUTE });
    await expect.poll(() => second.at(), { timeout: 30_000, interval: 50 }).toBe(T0 + 90 * MINUTE);
    await sleep(50);
    await demo.stop();
    await t.app.warehouse.flush();

    // exactly what the seeded platform does in those 90 minutes: its own event ids, none twice, none missing
    const truth = JSON.parse(readFileSync(join(lakeLayout(config.LAKE_DIR).truthDir, "truth.json"), "utf8")) as Truth;
    const platform = new SyntheticPlatform({ users: truth.users, days: config.SEED_DAYS, seed: truth.seed, start: truth.start, extraDays: truth.extra_days });
    await platform.skip(T0);
    const expected = await platform.take(T0 + 90 * MINUTE);
    expect(expected.length).toBeGreaterThan(20);
    const rows = await t.app.warehouse.query<{ event_id: string; ts: string }>(`select event_id, ts::varchar as ts from events order by ts, event_id`);
    expect(rows.map((r) => r.event_id).sort()).toEqual(expected.map((e) => e.eventId).sort());
    expect(rows.every((r) => Date.parse(r.ts) > T0 && Date.parse(r.ts) <= T0 + 90 * MINUTE)).toBe(true);
    expect(await accepted()).toBe(expected.length);

    // who signed up live joins the users dimension (their partner and country, for filters and commissions)
    const liveSignups = expected.filter((e) => e.type === "signup").map((e) => e.userId);
    expect(liveSignups.length).toBeGreaterThan(0);
    const pool = await QueryPool.open({ lakeDir: config.LAKE_DIR, connections: 1, threads: 1, rollups: false });
    try {
      const [dim] = await pool.query<{ n: number; live: number }>(
        `select count(*)::integer as n, count(*) filter (where signup_at > $t0)::integer as live from users`,
        { t0: new Date(T0).toISOString() },
      );
      const signedUp = Array.from(platform.pop.signupMs).filter((ms) => ms <= T0 + 90 * MINUTE).length;
      expect(dim).toEqual({ n: signedUp, live: liveSignups.length });
    } finally {
      await pool.close();
    }
  });
});

import { cp, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventRow } from "../events/schema.js";
import { openDuckDB } from "../lake/duckdb.js";
import { Flusher, flushSegments } from "../lake/flush.js";
import { lakeLayout } from "../lake/layout.js";
import { Wal } from "../lake/wal.js";
import { QueryPool } from "../query.js";
import { useTempLake } from "../test-support/lake.js";
import { markDirty } from "./dirty.js";
import { rebuildRollups } from "./maintain.js";
import { ev, flushBatches, rawRows, rollupRows } from "./test-support/lakes.js";

const tempLake = useTempLake();
const ZONES = ["UTC", "Asia/Shanghai"];

async function withPool<T>(lakeDir: string, zone: string, fn: (pool: QueryPool) => Promise<T>): Promise<T> {
  const pool = await QueryPool.open({ lakeDir, connections: 1, threads: 1, reportingTz: zone });
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

const TYPES = ["signup", "login", "page_view", "deposit", "trade", "ad_revenue", "refund", "copy_start", "nps_response", "subscription_start"] as const;
const MONEY = new Set(["deposit", "trade", "ad_revenue", "refund", "copy_start", "subscription_start"]);

/** Props of the types whose props a rollup reads (trade volume, copy leader, NPS score, plan). */
function propsOf(type: string, n: number, s: { country: string; channel: string; user: number }): object {
  switch (type) {
    case "signup":
      return { country: s.country, channel: s.channel, device: "web" };
    case "trade":
      return n % 3 === 0
        ? { symbol: "BTC-USD", side: "buy", qty: `0.${n % 97}`, price: `${1000 + n}.5`, is_copy: true, leader_id: `u${(s.user % 6) + 1}` }
        : { symbol: "ETH-USD", side: "sell", qty: `${(n % 7) + 1}`, price: "10.25", is_copy: false };
    case "copy_start":
      return { leader_id: `u${(s.user % 6) + 1}` };
    case "nps_response":
      return { score: n % 11 };
    case "subscription_start":
      return n % 2 ? { plan: "pro", interval: "month" } : { plan: "elite", interval: "year" };
    default:
      return {};
  }
}

/** A small random lake: a few users over a few days, flushed in up to three batches, with duplicates. */
const lakeEvents = fc
  .array(
    fc.record({
      user: fc.integer({ min: 1, max: 6 }),
      type: fc.constantFrom(...TYPES),
      second: fc.integer({ min: 0, max: 4 * 86_400 - 1 }),
      cents: fc.integer({ min: 1, max: 10_000_000 }),
      country: fc.constantFrom("US", "NG", "CN"),
      channel: fc.constantFrom("organic", "paid_social"),
      batch: fc.integer({ min: 0, max: 2 }),
      duplicateOf: fc.option(fc.nat(), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((specs) => {
    const batches: EventRow[][] = [[], [], []];
    const made: EventRow[] = [];
    specs.forEach((s, i) => {
      const original = s.duplicateOf !== undefined && made.length > 0 ? made[s.duplicateOf % made.length] : undefined;
      // A retry of an earlier event (same id and content, ingested later) that got past ingest dedupe.
      const e = original
        ? { ...original, ingested_at: new Date(Date.parse(original.ingested_at) + 1000).toISOString() }
        : ev(`e${i}`, s.type, `u${s.user}`, new Date(Date.UTC(2025, 0, 1) + s.second * 1000 + i).toISOString(), {
            amount: MONEY.has(s.type) ? (s.cents / 100).toFixed(2) : undefined,
            props: propsOf(s.type, s.cents + i, s),
          });
      made.push(e);
      batches[s.batch]?.push(e);
    });
    return batches;
  });

describe("rollups", () => {
  it("equal the same aggregates over raw events, in UTC and Asia/Shanghai, after incremental flushes", async () => {
    await fc.assert(
      fc.asyncProperty(lakeEvents, async (batches) => {
        const lakeDir = await tempLake();
        await flushBatches(lakeDir, batches, ["Asia/Shanghai"]);
        for (const zone of ZONES) {
          await withPool(lakeDir, zone, async (pool) => {
            expect(await rollupRows(pool)).toEqual(await rawRows(pool, zone));
          });
        }
      }),
      { numRuns: 6 },
    );
  }, 120_000);

  it("after a second flush equal a full rebuild, including a late signup and an earlier first-seen day", async () => {
    const lakeDir = await tempLake();
    const first = [
      ev("a1", "signup", "alice", "2025-01-01T09:00:00Z", { props: { country: "US", channel: "organic", device: "ios" } }),
      ev("a2", "deposit", "alice", "2025-01-02T10:00:00Z", { amount: "10.5" }),
      ev("b1", "login", "bob", "2025-01-03T10:00:00Z"),
      ev("b2", "trade", "bob", "2025-01-03T11:00:00Z", { amount: "0.25" }),
    ];
    // bob's signup arrives late and a day earlier: his first-seen day moves and his day-3 rows get his country.
    const second = [
      ev("b0", "signup", "bob", "2025-01-02T23:30:00Z", { props: { country: "NG", channel: "paid_social", device: "web" } }),
      ev("b3", "login", "bob", "2025-01-04T08:00:00Z"),
      ev("c1", "login", "carol", "2025-01-04T09:00:00Z"),
    ];
    await flushBatches(lakeDir, [first, second], ["Asia/Shanghai"]);
    const copy = `${lakeDir}-rebuilt`;
    await cp(lakeDir, copy, { recursive: true });
    await rebuildRollups({ lakeDir: copy });
    for (const zone of ZONES) {
      const incremental = await withPool(lakeDir, zone, rollupRows);
      expect(incremental).toEqual(await withPool(copy, zone, rollupRows));
      expect(incremental).toEqual(await withPool(lakeDir, zone, (p) => rawRows(p, zone)));
    }
    const bob = await withPool(lakeDir, "UTC", (p) =>
      p.query(`select first_seen_day, signup_day, country from user_first_seen where user_id = 'bob'`),
    );
    expect(bob).toEqual([{ first_seen_day: "2025-01-02", signup_day: "2025-01-02", country: "NG" }]);
    const day3 = await withPool(lakeDir, "UTC", (p) => p.query(`select type, country, events from rollup_daily_type where day = '2025-01-03' order by type`));
    expect(day3).toEqual([
      { type: "login", country: "NG", events: 1 },
      { type: "trade", country: "NG", events: 1 },
    ]);
    // keys are dense, handed out in order of first appearance, and kept by the rebuild
    const dict = await withPool(copy, "UTC", (p) => p.query(`select user_key, user_id from user_dict order by user_key`));
    expect(dict).toEqual([
      { user_key: 1, user_id: "alice" },
      { user_key: 2, user_id: "bob" },
      { user_key: 3, user_id: "carol" },
    ]);
  });

  it("stay exact when one process keeps its users between roll-ups and another writes in between", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "keeper" });
    const keeper = new Flusher({ wal, lakeDir, rollups: { zones: ["Asia/Shanghai"] } });
    try {
      const rounds: EventRow[][] = [
        [ev("a1", "login", "ann", "2025-01-01T09:00:00Z"), ev("b1", "login", "ben", "2025-01-01T10:00:00Z")],
        // ann's signup arrives late; a new user appears
        [ev("a0", "signup", "ann", "2024-12-31T20:00:00Z", { props: { country: "US", channel: "organic", device: "ios" } }), ev("c1", "login", "cat", "2025-01-02T10:00:00Z")],
        [ev("b2", "trade", "ben", "2025-01-02T11:00:00Z", { amount: "1.5", props: { qty: "2", price: "10", is_copy: true, leader_id: "ann" } })],
      ];
      for (const [i, batch] of rounds.entries()) {
        await wal.append(batch);
        await keeper.flushNow();
        // another process rolls up in between: the keeper must notice its files changed
        if (i === 0) await flushBatches(lakeDir, [[ev("d1", "signup", "dan", "2025-01-01T12:00:00Z", { props: { country: "NG", channel: "paid_social", device: "web" } })]], ["Asia/Shanghai"]);
      }
    } finally {
      await keeper.stop();
      await wal.close();
    }
    for (const zone of ZONES) {
      await withPool(lakeDir, zone, async (pool) => {
        expect(await rollupRows(pool)).toEqual(await rawRows(pool, zone));
      });
    }
  });

  it("bucket days in Asia/Shanghai (UTC+8) as worked by hand", async () => {
    const lakeDir = await tempLake();
    await flushBatches(
      lakeDir,
      [
        [
          // 2024-12-31T17:00Z is 2025-01-01 01:00 in Shanghai
          ev("s1", "signup", "li", "2024-12-31T17:00:00Z", { props: { country: "CN", channel: "organic", device: "android" } }),
          ev("l1", "login", "li", "2025-01-01T15:59:59Z"), // 23:59:59 on Jan 1 in Shanghai
          ev("l2", "login", "li", "2025-01-01T16:00:00Z"), // 00:00 on Jan 2 in Shanghai
        ],
        [ev("d1", "deposit", "li", "2025-01-02T20:00:00Z", { amount: "100" })], // 04:00 on Jan 3
      ],
      ["Asia/Shanghai"],
    );
    const q = `select day, type::varchar as type, events from rollup_user_day order by day, type`;
    // `*`: every event of the user that day; `active`: those of the user's own actions (all three types here)
    expect(await withPool(lakeDir, "Asia/Shanghai", (p) => p.query(q))).toEqual([
      { day: "2025-01-01", type: "*", events: 2 },
      { day: "2025-01-01", type: "active", events: 2 },
      { day: "2025-01-01", type: "login", events: 1 },
      { day: "2025-01-01", type: "signup", events: 1 },
      { day: "2025-01-02", type: "*", events: 1 },
      { day: "2025-01-02", type: "active", events: 1 },
      { day: "2025-01-02", type: "login", events: 1 },
      { day: "2025-01-03", type: "*", events: 1 },
      { day: "2025-01-03", type: "active", events: 1 },
      { day: "2025-01-03", type: "deposit", events: 1 },
    ]);
    expect(await withPool(lakeDir, "UTC", (p) => p.query(q))).toEqual([
      { day: "2024-12-31", type: "*", events: 1 },
      { day: "2024-12-31", type: "active", events: 1 },
      { day: "2024-12-31", type: "signup", events: 1 },
      { day: "2025-01-01", type: "*", events: 2 },
      { day: "2025-01-01", type: "active", events: 2 },
      { day: "2025-01-01", type: "login", events: 2 },
      { day: "2025-01-02", type: "*", events: 1 },
      { day: "2025-01-02", type: "active", events: 1 },
      { day: "2025-01-02", type: "deposit", events: 1 },
    ]);
    const fs = `select first_seen_day, signup_day from user_first_seen`;
    expect(await withPool(lakeDir, "Asia/Shanghai", (p) => p.query(fs))).toEqual([{ first_seen_day: "2025-01-01", signup_day: "2025-01-01" }]);
    expect(await withPool(lakeDir, "UTC", (p) => p.query(fs))).toEqual([{ first_seen_day: "2024-12-31", signup_day: "2024-12-31" }]);
    const zones = await readdir(path.join(lakeDir, "rollups", "user_day"));
    expect(zones.sort()).toEqual(["tz=Asia%2FShanghai", "tz=UTC"]);
  });

  it("take the day from ts, so a row a writer filed under the wrong dt still lands on its day", async () => {
    const lakeDir = await tempLake();
    await flushBatches(lakeDir, [[ev("a", "login", "u1", "2025-01-01T12:00:00Z")]]);
    // 1 s after midnight of Jan 2, but in the Jan 1 partition
    const layout = lakeLayout(lakeDir);
    await mkdir(layout.eventsDayDir("2025-01-01"), { recursive: true });
    const db = await openDuckDB();
    const conn = await db.connect();
    await conn.run(
      `copy (select 'late' as event_id, 'login' as type, 'u2' as user_id, '2025-01-02T00:00:01Z'::timestamptz as ts, null::decimal(38,8) as amount,
         null::varchar as currency, '{}' as props, '2025-01-02T00:00:01Z'::timestamptz as ingested_at)
       to '${layout.eventPart("2025-01-01", "01JAAAAAAAAAAAAAAAAAAAAAAA")}' (format parquet)`,
    );
    conn.closeSync();
    db.closeSync();
    await rebuildRollups({ lakeDir });
    const dau = await withPool(lakeDir, "UTC", (p) => p.query(`select day, count(*) as dau from rollup_user_day where type = '*' group by day order by day`));
    expect(dau).toEqual([
      { day: "2025-01-01", dau: 1 },
      { day: "2025-01-02", dau: 1 },
    ]);
  });

  it("roll up a day whose flush died before its roll-up, at the next flush of any process", async () => {
    const lakeDir = await tempLake();
    await flushBatches(lakeDir, [[ev("a", "login", "u1", "2025-01-01T12:00:00Z")]]);
    // A process writes Jan 2 (marking it dirty first) and is killed before rolling it up.
    const wal = await Wal.open({ lakeDir, instance: "doomed" });
    await wal.append([ev("b", "login", "u2", "2025-01-02T12:00:00Z")]);
    const db = await openDuckDB();
    const conn = await db.connect();
    await flushSegments(conn, lakeLayout(lakeDir), await wal.segments(), (dts) => markDirty(lakeDir, dts));
    conn.closeSync();
    db.closeSync();
    await wal.close();
    const dau = `select day, count(*) as dau from rollup_user_day where type = '*' group by day order by day`;
    expect(await withPool(lakeDir, "UTC", (p) => p.query(dau))).toEqual([{ day: "2025-01-01", dau: 1 }]);
    await flushBatches(lakeDir, [[ev("c", "login", "u3", "2025-01-03T12:00:00Z")]]);
    expect(await withPool(lakeDir, "UTC", (p) => p.query(dau))).toEqual([
      { day: "2025-01-01", dau: 1 },
      { day: "2025-01-02", dau: 1 },
      { day: "2025-01-03", dau: 1 },
    ]);
    expect(await readdir(path.join(lakeDir, "rollups", "_dirty"))).toEqual([]);
  });
});

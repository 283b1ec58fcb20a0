import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { compactLake } from "../lake/compact.js";
import { Flusher } from "../lake/flush.js";
import { Wal } from "../lake/wal.js";
import { QueryPool } from "../query.js";
import { useTempLake } from "../test-support/lake.js";
import { rollupLayout } from "./layout.js";
import { ev, flushBatches, rawRows, rollupRows } from "./test-support/lakes.js";

const tempLake = useTempLake();

describe("QueryPool rollup views", () => {
  it("exist on an empty lake and follow flushes and compaction without double counting", async () => {
    const lakeDir = await tempLake();
    const pool = await QueryPool.open({ lakeDir, connections: 1, threads: 1 });
    try {
      for (const view of ["rollup_daily_type", "rollup_user_day", "user_first_seen", "user_dict"]) {
        expect(await pool.query(`select count(*) as n from ${view}`)).toEqual([{ n: 0 }]);
      }
      const dau = `select day, count(*) as dau from rollup_user_day where type = '*' group by day order by day`;
      await flushBatches(lakeDir, [[ev("a", "login", "u1", "2025-01-01T01:00:00Z"), ev("b", "login", "u2", "2025-01-01T02:00:00Z")]]);
      await pool.refresh();
      expect(await pool.query(dau)).toEqual([{ day: "2025-01-01", dau: 2 }]);
      await flushBatches(lakeDir, [[ev("c", "login", "u3", "2025-01-01T03:00:00Z"), ev("d", "login", "u1", "2025-01-02T03:00:00Z")]]);
      await pool.refresh();
      expect(await pool.query(dau)).toEqual([
        { day: "2025-01-01", dau: 3 },
        { day: "2025-01-02", dau: 1 },
      ]);
      const [merged] = await compactLake({ lakeDir, dts: ["2025-01-01"] });
      expect(merged?.inputFiles).toBe(2);
      await pool.refresh();
      expect(await rollupRows(pool)).toEqual(await rawRows(pool, "UTC"));
    } finally {
      await pool.close();
    }
  });

  it("keeps the dictionary exact when its many small parts are merged into one", async () => {
    const lakeDir = await tempLake();
    const pool = await QueryPool.open({ lakeDir, connections: 1, threads: 1 });
    const wal = await Wal.open({ lakeDir, instance: "dict" });
    const flusher = new Flusher({ wal, lakeDir });
    try {
      for (let i = 0; i < 34; i++) {
        await wal.append([ev(`e${i}`, "login", `user-${i}`, `2025-01-01T00:00:${String(i).padStart(2, "0")}Z`)]);
        await flusher.flushNow();
        if (i % 10 === 0) await pool.refresh();
      }
      await pool.refresh();
      expect(await pool.query(`select count(*) as n, count(distinct user_id) as ids, max(user_key) as top from user_dict`)).toEqual([{ n: 34, ids: 34, top: 34 }]);
      expect((await readdir(rollupLayout(lakeDir).dictDir)).length).toBeLessThan(34);
    } finally {
      await flusher.stop();
      await wal.close();
      await pool.close();
    }
  });

  it("keeps a bitmap of each day's active users, equal to the active rows, growing with the user keys", async () => {
    const lakeDir = await tempLake();
    // bitmaps grow 4 keys at a time here, so 34 users make them grow several times
    const pool = await QueryPool.open({ lakeDir, connections: 1, threads: 1, bitmapBlock: 4 });
    try {
      const bits = `select day, bit_count(bits)::integer as n, length(bits)::integer as len from rollup_active_bits order by day`;
      const rows = `select day, count(*)::integer as n from rollup_user_day where type = 'active' group by day order by day`;
      for (let i = 0; i < 34; i += 6) {
        const batch = Array.from({ length: 6 }, (_, k) => i + k).filter((n) => n < 34);
        await flushBatches(lakeDir, [
          batch.flatMap((n) => [
            ev(`l${n}`, "login", `user-${n}`, `2025-01-0${1 + (n % 3)}T01:00:00Z`),
            // an exposure is no action of the user's: not active on day 4
            ev(`x${n}`, "experiment_exposure", `user-${n}`, "2025-01-04T01:00:00Z", { props: { experiment_key: "e", variation: "a" } }),
            // every third user trades on day 4 and pays (twice: two purchase types) on day 5
            ...(n % 3 ? [] : [
              ev(`t${n}`, "trade", `user-${n}`, "2025-01-04T02:00:00Z", { amount: "0.1" }),
              ev(`p${n}`, "ai_service_purchase", `user-${n}`, "2025-01-05T02:00:00Z", { amount: "5" }),
              ev(`q${n}`, "virtual_item_purchase", `user-${n}`, "2025-01-05T03:00:00Z", { amount: "1" }),
            ]),
          ]),
        ]);
        await pool.refresh();
        const [{ bound }] = (await pool.query(`select key_bound::integer as bound from rollup_meta`)) as [{ bound: number }];
        const [{ top }] = (await pool.query(`select max(user_key)::integer as top from user_dict`)) as [{ top: number }];
        expect(bound).toBeGreaterThanOrEqual(top);
        const got = (await pool.query(bits)) as { day: string; n: number; len: number }[];
        expect(got.map(({ day, n }) => ({ day, n }))).toEqual(await pool.query(rows));
        expect(new Set(got.map((r) => r.len))).toEqual(new Set([bound]));
      }
      expect(await pool.query(`select bit_count(bit_or(bits))::integer as users from rollup_active_bits`)).toEqual([{ users: 34 }]);
      // users 0, 3, … 33: twelve traders and payers
      expect(await pool.query(`select kind, day, bit_count(bits)::integer as n from rollup_user_bits where kind <> 'active' order by kind`)).toEqual([
        { kind: "purchase", day: "2025-01-05", n: 12 },
        { kind: "trade", day: "2025-01-04", n: 12 },
      ]);
      expect(await pool.query(`select first_day, count(*)::integer as n from rollup_first_paid group by all`)).toEqual([{ first_day: "2025-01-05", n: 12 }]);
    } finally {
      await pool.close();
    }
  });

  it("rejects an unknown reporting zone, naming it", async () => {
    const lakeDir = await tempLake();
    await expect(QueryPool.open({ lakeDir, reportingTz: "Mars/Olympus" })).rejects.toThrow(/Mars\/Olympus/);
  });
});

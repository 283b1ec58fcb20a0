import { describe, expect, it } from "vitest";
import { Flusher } from "./lake/flush.js";
import { ensureLake, sqlString } from "./lake/layout.js";
import { openDuckDB } from "./lake/duckdb.js";
import { Wal } from "./lake/wal.js";
import { assertReadOnlySelect, QueryError, QueryPool } from "./query.js";
import { row, useTempLake } from "./test-support/lake.js";

const tempLake = useTempLake();

describe("assertReadOnlySelect", () => {
  it.each([
    "select 1",
    "with x as (select 1 as a) select a from x",
    "from events",
    "select 1 union all select 2",
    "select 1;",
  ])("accepts %s", async (sql) => {
    await expect(assertReadOnlySelect(sql)).resolves.toBeUndefined();
  });

  it.each([
    ["delete from events", "must be a SELECT"],
    ["copy (select 1) to '/tmp/x.csv'", "must be a SELECT"],
    ["select 1; select 2", "single statement"],
    ["select 1; drop table events", "single statement"],
    ["insert into t select 1", "must be a SELECT"],
    ["attach '/tmp/x.db'", "must be a SELECT"],
    ["set threads = 1", "must be a SELECT"],
    ["with x as (delete from t returning *) select * from x", "does not parse"],
    ["selec 1", "does not parse"],
  ])("rejects %s", async (sql, reason) => {
    const err = await assertReadOnlySelect(sql).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).code).toBe("not_read_only");
    expect((err as QueryError).message).toContain(reason);
  });
});

describe("QueryPool", () => {
  it("exposes typed, empty views over an empty lake and sees files after refresh", async () => {
    const lakeDir = await tempLake();
    const pool = await QueryPool.open({ lakeDir });
    expect(await pool.query(`select count(*) as n from events`)).toEqual([{ n: 0 }]);
    expect(await pool.query(`select count(*) as n from users`)).toEqual([{ n: 0 }]);
    const cols = await pool.query<{ column_name: string; column_type: string }>(`describe events`);
    expect(cols.map((c) => `${c.column_name} ${c.column_type}`)).toEqual([
      "event_id VARCHAR",
      "type VARCHAR",
      "user_id VARCHAR",
      "ts TIMESTAMP WITH TIME ZONE",
      "amount DECIMAL(38,8)",
      "currency VARCHAR",
      "props VARCHAR",
      "ingested_at TIMESTAMP WITH TIME ZONE",
      "dt DATE",
    ]);

    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    const flusher = new Flusher({ wal, lakeDir });
    flusher.on("flushed", () => void pool.refresh());
    await wal.append(Array.from({ length: 20 }, (_, i) => row(i, { days: 2 })));
    await flusher.flushNow();
    await pool.refresh();
    const rows = await pool.query(
      `select dt, count(*) as n, sum(amount) as revenue, max(ts) as last from events where dt = $dt and type = $type group by dt`,
      { dt: "2025-01-01", type: "deposit" },
    );
    expect(rows).toEqual([{ dt: "2025-01-01", n: 10, revenue: "91.23456780", last: "2025-01-01T00:00:18.000Z" }]);
    expect(await pool.query(`select count(*) as n from events where ts >= ?`, [new Date("2025-01-02T00:00:00Z")])).toEqual([{ n: 10 }]);
    await flusher.stop();
    await wal.close();
    await pool.close();
  });

  it("rejects writes, multiple statements and files outside the lake", async () => {
    const lakeDir = await tempLake();
    const pool = await QueryPool.open({ lakeDir });
    for (const sql of ["delete from events", `copy (select 1) to ${sqlString(`${lakeDir}/x.csv`)}`, "select 1; select 2", "create table t as select 1"]) {
      await expect(pool.query(sql)).rejects.toMatchObject({ code: "not_read_only" });
      // the library's own SQL skips the parser check, never the one-SELECT one
      await expect(pool.query(sql, undefined, { trusted: true })).rejects.toThrow();
    }
    expect(await pool.query(`select count(*)::integer as n from information_schema.tables where table_name = 't'`)).toEqual([{ n: 0 }]);
    await expect(pool.query(`select * from read_csv('/etc/passwd')`)).rejects.toThrow(/disabled by configuration/);
    await pool.close();
  });

  it("interrupts a query that runs past its timeout and keeps the connection usable", async () => {
    const lakeDir = await tempLake();
    const pool = await QueryPool.open({ lakeDir, connections: 1 });
    const slow = `select count(*) from range(100000000000) a where a.range % 7 = 3`;
    await expect(pool.query(slow, undefined, { timeoutMs: 100 })).rejects.toMatchObject({ code: "timeout" });
    expect(await pool.query(`select 40 + 2 as x`)).toEqual([{ x: 42 }]);
    await pool.close();
  });

  it("returns plain JS values and the newest user snapshot per user", async () => {
    const lakeDir = await tempLake();
    const layout = await ensureLake(lakeDir);
    const db = await openDuckDB();
    const conn = await db.connect();
    const snap = (id: string, country: string, at: string) =>
      conn.run(
        `copy (select 'u1' as user_id, '2025-01-01T00:00:00Z'::timestamptz as signup_at, '${country}' as country, 'organic' as channel,
           'ios' as device, null::varchar as referral_code, null::varchar as partner_id, null::timestamptz as kyc_verified_at,
           false as is_leader, '${at}'::timestamptz as snapshot_at) to ${sqlString(layout.userSnapshot(id))} (format parquet)`,
      );
    await snap("01J00000000000000000000000", "US", "2025-01-01T00:00:00Z");
    await snap("01J00000000000000000000001", "DE", "2025-02-01T00:00:00Z");
    conn.closeSync();
    db.closeSync();
    const pool = await QueryPool.open({ lakeDir });
    expect(await pool.query(`select user_id, country, is_leader, signup_at from users`)).toEqual([
      { user_id: "u1", country: "DE", is_leader: false, signup_at: "2025-01-01T00:00:00.000Z" },
    ]);
    expect(
      await pool.query(`select 1::integer as i, 2::bigint as b, 9007199254740993::bigint as big, 1.5::double as d, 1.10::decimal(10,2) as m, date '2025-01-02' as day, [1, 2] as l`),
    ).toEqual([{ i: 1, b: 2, big: "9007199254740993", d: 1.5, m: "1.10", day: "2025-01-02", l: [1, 2] }]);
    await pool.close();
  });
});

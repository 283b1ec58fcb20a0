import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { QueryPool } from "../query.js";
import { row, useTempLake } from "../test-support/lake.js";
import { compactLake } from "./compact.js";
import { openDuckDB } from "./duckdb.js";
import { Flusher, flushSegments, type FlushResult } from "./flush.js";
import { lakeLayout } from "./layout.js";
import { Wal } from "./wal.js";

const tempLake = useTempLake();

async function counts(lakeDir: string) {
  const pool = await QueryPool.open({ lakeDir, connections: 1 });
  try {
    const [r] = await pool.query<{ n: number; ids: number }>(`select count(*) as n, count(distinct event_id) as ids from events`);
    return r;
  } finally {
    await pool.close();
  }
}

describe("Flusher", () => {
  it("writes one Parquet part per day with the lake schema and empties the WAL", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    await wal.append(Array.from({ length: 50 }, (_, i) => row(i, { days: 2 })));
    await wal.append(Array.from({ length: 50 }, (_, i) => row(50 + i, { days: 2 })));
    const flusher = new Flusher({ wal, lakeDir });
    const events: FlushResult[] = [];
    flusher.on("flushed", (r) => events.push(r));
    const result = await flusher.flushNow();
    expect(result).toMatchObject({ segments: 2, rows: 100, dts: ["2025-01-01", "2025-01-02"] });
    expect(events).toHaveLength(1);
    expect(await wal.segments()).toHaveLength(0);
    const layout = lakeLayout(lakeDir);
    expect(await readdir(layout.eventsDayDir("2025-01-01"))).toEqual([expect.stringMatching(/^part-[0-9A-Z]{26}\.parquet$/)]);

    const db = await openDuckDB();
    const conn = await db.connect();
    const schema = await conn.runAndReadAll(`describe select * from read_parquet('${layout.eventsGlob}', hive_partitioning = false)`);
    expect(schema.getRowObjectsJS().map((c) => [c.column_name, c.column_type])).toEqual([
      ["event_id", "VARCHAR"],
      ["type", "VARCHAR"],
      ["user_id", "VARCHAR"],
      ["ts", "TIMESTAMP WITH TIME ZONE"],
      ["amount", "DECIMAL(38,8)"],
      ["currency", "VARCHAR"],
      ["props", "VARCHAR"],
      ["ingested_at", "TIMESTAMP WITH TIME ZONE"],
    ]);
    conn.closeSync();
    db.closeSync();

    const pool = await QueryPool.open({ lakeDir, connections: 1 });
    const [first] = await pool.query(`select * from events where event_id = $id`, { id: "e2" });
    expect(first).toEqual({
      event_id: "e2",
      type: "deposit",
      user_id: "u2",
      ts: "2025-01-01T00:00:02.000Z",
      amount: "2.12345678",
      currency: "USD",
      props: "{}",
      ingested_at: "2025-01-01T00:00:02.000Z",
      dt: "2025-01-01",
    });
    await pool.close();
    await flusher.stop();
    await wal.close();
  });

  it("re-flushing after a crash before the segments were deleted overwrites the same parts", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    await wal.append(Array.from({ length: 30 }, (_, i) => row(i, { days: 3 })));
    const db = await openDuckDB();
    const conn = await db.connect();
    await flushSegments(conn, lakeLayout(lakeDir), await wal.segments()); // crash: segments not deleted
    conn.closeSync();
    db.closeSync();
    await wal.append(Array.from({ length: 30 }, (_, i) => row(30 + i, { days: 3 })));
    const flusher = new Flusher({ wal, lakeDir });
    await flusher.flushNow();
    await flusher.stop();
    expect(await counts(lakeDir)).toEqual({ n: 60, ids: 60 });
    await wal.close();
  });

  it("a crash halfway through deleting segments leaves duplicates that compaction drops", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    for (let b = 0; b < 3; b++) await wal.append(Array.from({ length: 20 }, (_, i) => row(b * 20 + i, { days: 2 })));
    const segs = await wal.segments();
    const db = await openDuckDB();
    const conn = await db.connect();
    await flushSegments(conn, lakeLayout(lakeDir), segs);
    await wal.removeSegments(segs.slice(0, 1)); // crash after the first delete
    conn.closeSync();
    db.closeSync();
    const flusher = new Flusher({ wal, lakeDir });
    await flusher.flushNow();
    await flusher.stop();
    expect(await counts(lakeDir)).toEqual({ n: 100, ids: 60 });
    const results = await compactLake({ lakeDir });
    expect(results.reduce((a, r) => a + r.duplicatesDropped, 0)).toBe(40);
    expect(await counts(lakeDir)).toEqual({ n: 60, ids: 60 });
    await wal.close();
  });

  it("moves an unreadable segment aside and flushes the others", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    await wal.append([row(1)]);
    await writeFile(path.join(wal.dir, "seg-01ARZ3NDEKTSV4RRFFQ69G5FAV.ndjson"), "{not json\n");
    await wal.append([row(2)]);
    const flusher = new Flusher({ wal, lakeDir });
    const quarantined: string[] = [];
    flusher.on("quarantined", (q) => quarantined.push(q.file));
    const result = await flusher.flushNow();
    expect(quarantined).toEqual([expect.stringMatching(/seg-01ARZ3NDEKTSV4RRFFQ69G5FAV\.ndjson\.bad$/)]);
    await flusher.stop();
    expect(result.rows).toBe(2);
    expect((await readdir(wal.dir)).filter((n) => n.endsWith(".bad"))).toHaveLength(1);
    await wal.close();
  });

  it("flushes on its timer", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    const flusher = new Flusher({ wal, lakeDir, intervalMs: 50 });
    const flushed = new Promise<FlushResult>((resolve) => flusher.once("flushed", resolve));
    flusher.start();
    await wal.append([row(1), row(2)]);
    expect((await flushed).rows).toBe(2);
    await flusher.stop();
    await wal.close();
  });
});

import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { QueryPool } from "../query.js";
import { row, useTempLake } from "../test-support/lake.js";
import { compactLake, listDays } from "./compact.js";
import { Flusher } from "./flush.js";
import { LockBusyError } from "./fsx.js";
import { lakeLayout } from "./layout.js";
import { Wal } from "./wal.js";

const tempLake = useTempLake();

/** Each batch goes through its own process lifetime (a restart forgets recent ids) and its own parts. */
async function lakeWithParts(lakeDir: string, batches: Parameters<typeof row>[][]) {
  for (const b of batches) {
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    const flusher = new Flusher({ wal, lakeDir });
    await wal.append(b.map((args) => row(...args)));
    await flusher.stop();
    await wal.close();
  }
}

describe("compactLake", () => {
  it("merges a day's parts into one file, keeping the earliest ingested copy of each event", async () => {
    const lakeDir = await tempLake();
    await lakeWithParts(lakeDir, [
      Array.from({ length: 10 }, (_, i) => [i, { days: 2 }] as Parameters<typeof row>),
      Array.from({ length: 10 }, (_, i) => [10 + i, { days: 2 }] as Parameters<typeof row>),
      // e0 again, ingested later: the earlier copy must win
      [[0, { days: 2, ingestedAt: "2025-02-01T00:00:00.000Z" }]],
    ]);
    const layout = lakeLayout(lakeDir);
    expect(await readdir(layout.eventsDayDir("2025-01-01"))).toHaveLength(3);
    expect(await listDays(lakeDir)).toEqual(["2025-01-01", "2025-01-02"]);

    const results = await compactLake({ lakeDir });
    expect(results).toEqual([
      expect.objectContaining({ dt: "2025-01-01", inputFiles: 3, rowsIn: 11, rowsOut: 10, duplicatesDropped: 1 }),
      expect.objectContaining({ dt: "2025-01-02", inputFiles: 2, rowsIn: 10, rowsOut: 10, duplicatesDropped: 0 }),
    ]);
    for (const dt of ["2025-01-01", "2025-01-02"]) expect(await readdir(layout.eventsDayDir(dt))).toHaveLength(1);

    const pool = await QueryPool.open({ lakeDir, connections: 1 });
    expect(await pool.query(`select count(*) as n, min(ingested_at) as first from events where event_id = 'e0'`)).toEqual([
      { n: 1, first: "2025-01-01T00:00:00.000Z" },
    ]);
    await pool.close();

    // Nothing left to merge: a second run leaves the files alone.
    expect((await compactLake({ lakeDir })).every((r) => r.file === null)).toBe(true);
  });

  it("runs one at a time", async () => {
    const lakeDir = await tempLake();
    await lakeWithParts(lakeDir, [[[1, {}]]]);
    const layout = lakeLayout(lakeDir);
    await writeFile(path.join(layout.locksDir, "compact.lock"), JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname(), token: "x" }));
    await expect(compactLake({ lakeDir })).rejects.toBeInstanceOf(LockBusyError);
  });
});

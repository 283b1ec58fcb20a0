import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { Flusher, ingestBatch, lakeLayout, PidLock, QueryPool, Wal } from "@ist/warehouse";
import type { ProcessorContext } from "../context";
import type { LakeCompactPayload } from "../contracts";
import { compact } from "./compact";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function ctx(lakeDir: string | undefined, payload: LakeCompactPayload = {}) {
  const progress: number[] = [];
  const c: ProcessorContext<LakeCompactPayload> = {
    payload,
    job: { queue: "lake", name: "compact", id: "lake-compact-test", attempt: 1, dueAt: new Date() },
    db: undefined as never,
    log: pino({ level: "silent" }),
    config: { auditRetentionDays: 400, lakeDir },
    env: {},
    services: {},
    progress: async (p) => void progress.push(p),
  };
  return { c, progress };
}

const events = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ event_id: `e${from + i}`, type: "login", user_id: "u1", ts: `2025-03-0${1 + ((from + i) % 2)}T10:00:00Z`, props: {} }));

/** Two api lifetimes that each flushed the same events: two parts per day holding duplicates. */
async function lakeWithDuplicates(): Promise<string> {
  const lakeDir = await mkdtemp(path.join(tmpdir(), "ist-compact-job-"));
  dirs.push(lakeDir);
  for (const instance of ["api-a", "api-b"]) {
    const wal = await Wal.open({ lakeDir, instance });
    await ingestBatch(wal, events(0, 40), new Date("2025-03-03T00:00:00Z"));
    const flusher = new Flusher({ wal, lakeDir });
    await flusher.stop({ flush: true });
    await wal.close();
  }
  return lakeDir;
}

describe("lake/compact", () => {
  it("merges each day's parts, drops the duplicate event_ids and reports progress", async () => {
    const lakeDir = await lakeWithDuplicates();
    const layout = lakeLayout(lakeDir);
    expect(await readdir(layout.eventsDayDir("2025-03-01"))).toHaveLength(2);
    const { c, progress } = ctx(lakeDir);
    const result = await compact(c);
    expect(result).toEqual({ days: 2, compacted: 2, filesIn: 4, rowsIn: 80, rowsOut: 40, duplicatesDropped: 40 });
    expect(progress.at(-1)).toBe(100);
    expect(await readdir(layout.eventsDayDir("2025-03-01"))).toHaveLength(1);
    const pool = await QueryPool.open({ lakeDir, connections: 1, threads: 1 });
    expect(await pool.query(`select count(*) as n, count(distinct event_id) as ids from events`)).toEqual([{ n: 40, ids: 40 }]);
    await pool.close();
    // nothing left to merge: a rerun is a no-op
    expect(await compact(ctx(lakeDir).c)).toMatchObject({ days: 2, compacted: 0 });
  });

  it("only touches the days it is given", async () => {
    const lakeDir = await lakeWithDuplicates();
    expect(await compact(ctx(lakeDir, { dts: ["2025-03-02"] }).c)).toMatchObject({ days: 1, compacted: 1, rowsOut: 20 });
    expect(await readdir(lakeLayout(lakeDir).eventsDayDir("2025-03-01"))).toHaveLength(2);
  });

  it("ends as skipped while another compaction holds the lake's lock", async () => {
    const lakeDir = await lakeWithDuplicates();
    const lock = await PidLock.acquire(path.join(lakeLayout(lakeDir).locksDir, "compact.lock"));
    try {
      expect(await compact(ctx(lakeDir).c)).toMatchObject({ compacted: 0, skipped: expect.stringMatching(/holds the lake's lock/) });
    } finally {
      await lock.release();
    }
  });

  it("fails without retrying when the worker has no lake", async () => {
    await expect(compact(ctx(undefined).c)).rejects.toThrow(/no lakeDir configured/);
  });
});

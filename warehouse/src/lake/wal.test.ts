import { spawn } from "node:child_process";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { row, useTempLake } from "../test-support/lake.js";
import { RecentIds } from "./dedupe.js";
import { LockBusyError } from "./fsx.js";
import { lakeLayout } from "./layout.js";
import { readSegment, Wal } from "./wal.js";

const tempLake = useTempLake();
const here = path.dirname(fileURLToPath(import.meta.url));

describe("RecentIds", () => {
  it("remembers ids for at least the window, then forgets them a bucket at a time", () => {
    const r = new RecentIds({ windowMs: 10_000, bucketMs: 1_000 });
    expect(r.add("a", 0)).toBe(true);
    expect(r.add("a", 500)).toBe(false);
    expect(r.add("b", 1_500)).toBe(true);
    expect(r.add("a", 10_999)).toBe(false);
    r.add("c", 11_900); // a's bucket (0–1 s) ended more than 10 s ago; b's (1–2 s) did not
    expect(r.has("a")).toBe(false);
    expect(r.has("b")).toBe(true);
    expect(r.add("a", 11_950)).toBe(true);
  });

  it("caps memory by dropping the oldest bucket early", () => {
    const r = new RecentIds({ bucketMs: 1_000, maxIds: 3 });
    r.add("a", 0);
    r.add("b", 0);
    r.add("c", 1_000);
    r.add("d", 2_000);
    expect(r.has("a") || r.has("b")).toBe(false);
    expect(r.size).toBe(2);
  });
});

describe("Wal", () => {
  it("appends fsynced NDJSON segments and drops repeated event_ids", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    expect(await wal.append([row(1), row(2), row(2)])).toEqual({ accepted: 2, duplicates: 1 });
    expect(await wal.append([row(1), row(3)])).toEqual({ accepted: 1, duplicates: 1 });
    expect(wal.duplicates).toBe(2);
    const segs = await wal.segments();
    expect(segs).toHaveLength(2);
    const rows = (await Promise.all(segs.map(readSegment))).flat();
    expect(rows.map((r) => r.event_id)).toEqual(["e1", "e2", "e3"]);
    await wal.close();
  });

  it("group-commits concurrent appends", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    const results = await Promise.all(Array.from({ length: 20 }, (_, b) => wal.append([row(b * 2), row(b * 2 + 1)])));
    expect(results.reduce((a, r) => a + r.accepted, 0)).toBe(40);
    const segs = await wal.segments();
    expect(segs.length).toBeLessThan(20);
    expect((await Promise.all(segs.map(readSegment))).flat()).toHaveLength(40);
    await wal.close();
  });

  it("refuses a directory whose owner is alive", async () => {
    const lakeDir = await tempLake();
    const wal = await Wal.open({ lakeDir, instance: "api-1" });
    await expect(Wal.open({ lakeDir, instance: "api-1" })).rejects.toBeInstanceOf(LockBusyError);
    await wal.close();
    const again = await Wal.open({ lakeDir, instance: "api-1" });
    await again.close();
  });

  it("adopts a directory whose owner on another host stopped its heartbeat, not one that is alive", async () => {
    const lakeDir = await tempLake();
    const layout = lakeLayout(lakeDir);
    for (const [name, ageMs] of [["stale", 10 * 60_000], ["fresh", 0]] as const) {
      const dir = layout.walInstanceDir(name);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "LOCK"), JSON.stringify({ pid: process.pid, host: "another-host", token: "t", at: "" }));
      const then = new Date(Date.now() - ageMs);
      await utimes(path.join(dir, "LOCK"), then, then);
      await writeFile(path.join(dir, "seg-01ARZ3NDEKTSV4RRFFQ69G5FAV.ndjson"), JSON.stringify(row(1, { id: name })) + "\n");
    }
    const wal = await Wal.open({ lakeDir, instance: "survivor" });
    expect(wal.ownedDirs.map((d) => path.basename(d)).sort()).toEqual(["stale", "survivor"]);
    await wal.close();
  });

  it("recovers the acknowledged segments of a process killed with SIGKILL", async () => {
    const lakeDir = await tempLake();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "../test-support/wal-child.ts"), lakeDir, "crashed", "400"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => (d.toString().includes("acked") ? resolve() : undefined));
      child.on("exit", (code) => reject(new Error(`child exited ${code}`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    // A write cut short by the crash: never acknowledged, so it must not be replayed.
    const crashedDir = lakeLayout(lakeDir).walInstanceDir("crashed");
    await writeFile(path.join(crashedDir, "seg-01JZZZZZZZZZZZZZZZZZZZZZZZ.ndjson.tmp"), '{"event_id":"half');

    const wal = await Wal.open({ lakeDir, instance: "survivor" });
    expect(wal.ownedDirs).toContain(crashedDir);
    const rows = (await Promise.all((await wal.segments()).map(readSegment))).flat();
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(400);
    expect((await readdir(crashedDir)).some((n) => n.endsWith(".tmp"))).toBe(false);
    // The recovered ids are remembered: a client's retry of an acknowledged event is a duplicate.
    expect(await wal.append([row(5, { days: 3 })])).toEqual({ accepted: 0, duplicates: 1 });
    await wal.close();
  });
});

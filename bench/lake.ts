import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { generate, rebuildRollups, rollupLayout, ROLLUP_FORMAT } from "@ist/warehouse";
import type { BenchContext } from "./harness.js";

/**
 * The lake the KPI benchmarks read, generated once per scale and kept under
 * `.data/bench/<scale>-<params>/` (delete the folder to regenerate), with its rollups built the
 * way `ist seed` leaves them (`rebuildRollups`).
 */

export interface BenchLake {
  lakeDir: string;
  events: number;
  users: number;
  start: string;
  end: string;
  generate_ms: number;
  /** Set when the rollups were built in this run. */
  rollup_ms?: number;
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch {
    return null;
  }
}

export function benchLake(ctx: BenchContext): Promise<BenchLake> {
  return ctx.shared("lake", async () => {
    const { users, days, seed, start, name } = ctx.scale;
    const dir = path.join(ctx.root, ".data", "bench", `${name}-u${users}-d${days}-s${seed}-${start}`);
    const lakeDir = path.join(dir, "lake");
    const readyFile = path.join(dir, "ready.json");
    let lake = await readJson<BenchLake>(readyFile);
    if (!lake) {
      ctx.log(`generating the ${name} lake (${users} users × ${days} days) in ${dir}`);
      await mkdir(dir, { recursive: true });
      const r = await generate({ lakeDir, users, days, seed, start, replace: true, threads: 2 });
      lake = { lakeDir, events: r.events, users, start: r.start, end: r.end, generate_ms: r.ms };
      await writeFile(readyFile, JSON.stringify(lake, null, 2));
    }
    lake.lakeDir = lakeDir;
    const marker = await readJson<{ format?: number }>(rollupLayout(lakeDir).markerFile("UTC"));
    if (marker?.format !== ROLLUP_FORMAT) {
      ctx.log(`building rollups for ${lake.events.toLocaleString("en-US")} events`);
      lake.rollup_ms = (await rebuildRollups({ lakeDir })).ms;
      ctx.log(`rollups built in ${(lake.rollup_ms / 1000).toFixed(1)} s`);
    }
    return lake;
  });
}

import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { generate } from "@ist/warehouse";
import type { Bench } from "./harness.js";

/**
 * The synthetic platform generator on the issue's own yardstick, 50,000 users × 180 days (about 4M
 * events) in under 2 minutes, into a scratch lake; its throughput is reported beside it.
 */

const USERS = 50_000;
const DAYS = 180;
const TARGET_S = 120;

export const generatorBench: Bench = {
  name: "generator",
  async run(ctx) {
    const scratch = path.join(ctx.root, ".data", "bench");
    await mkdir(scratch, { recursive: true });
    const dir = await mkdtemp(path.join(scratch, "generator-"));
    try {
      const r = await generate({ lakeDir: dir, users: USERS, days: DAYS, seed: 7, start: "2025-01-01" });
      const seconds = r.ms / 1000;
      const perSecond = r.events / seconds;
      const what = `${USERS.toLocaleString("en-US")} users × ${DAYS} days: ${r.events.toLocaleString("en-US")} events in ${seconds.toFixed(1)} s`;
      return [
        { name: "generator", figure: perSecond, unit: "events/s", target: "—", pass: null, detail: `${what} (1 DuckDB thread writing Parquet)` },
        { name: "generator_50k_180d", figure: seconds, unit: "s", target: `< ${TARGET_S}`, pass: seconds < TARGET_S, detail: what },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

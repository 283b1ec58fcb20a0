import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { QueryPool } from "@ist/warehouse";
import { ev, flushBatches } from "@ist/warehouse/testing";
import { compareResults } from "./compare.js";
import { formatTable, parseArgs, resultsJson, runBenches, SCALES, writeResults, type Bench } from "./harness.js";
import { KPIS } from "./kpi-sql.js";

describe("bench harness", () => {
  const benches: Bench[] = [
    { name: "fast", run: async () => [{ name: "fast", figure: 12.345, unit: "ms", target: "< 50", pass: true, detail: "ok" }] },
    { name: "broken", run: async () => Promise.reject(new Error("no database\nstack")) },
    { name: "skipped", run: async () => [{ name: "skipped", figure: null, unit: "events/s", target: "≥ 50,000", pass: null, detail: "not available: 404" }] },
  ];

  it("prints one table and writes results.json with every row", async () => {
    const args = parseArgs(["--scale", "10m", "--only", "fast,broken,skipped"], benches.map((b) => b.name));
    const rows = await runBenches(benches, args, process.cwd(), () => undefined);
    const table = formatTable(rows).split("\n");
    expect(table[0]).toMatch(/^name\s+figure\s+unit\s+target\s+result\s+detail$/);
    expect(table.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 5))).toEqual([
      ["fast", "12.3", "ms", "< 50", "pass"],
      ["broken", "—", "FAIL", "error: no database"],
      ["skipped", "—", "events/s", "≥ 50,000", "n/a"],
    ]);
    const dir = await mkdtemp(path.join(tmpdir(), "bench-"));
    try {
      await writeResults(path.join(dir, "results.json"), resultsJson(args.scale, rows, new Date("2025-01-01T00:00:00Z")));
      const json = JSON.parse(await readFile(path.join(dir, "results.json"), "utf8"));
      expect(json).toMatchObject({ generated_at: "2025-01-01T00:00:00.000Z", scale: SCALES["10m"], machine: { cpus: expect.any(Number) } });
      expect(json.rows.map((r: { name: string; pass: boolean | null }) => [r.name, r.pass])).toEqual([
        ["fast", true],
        ["broken", false],
        ["skipped", null],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs only what --only names and rejects unknown names", async () => {
    const rows = await runBenches(benches, parseArgs(["--only=fast"], ["fast", "broken", "skipped"]), ".", () => undefined);
    expect(rows.map((r) => r.name)).toEqual(["fast"]);
    expect(() => parseArgs(["--only", "nope"], ["fast"])).toThrow(/unknown benchmark nope/);
    expect(() => parseArgs(["--scale", "5m"], ["fast"])).toThrow(/--scale/);
  });
});

describe("result equality across engines", () => {
  it("treats DuckDB and PostgreSQL spellings of the same values as equal, and finds a difference", () => {
    const duck = [{ week: "2025-01-06", stream: "trading_fees", revenue: "12.50000000", n: 3 }];
    const pg = [{ week: "2025-01-06", stream: "trading_fees", revenue: "12.5", n: "3" }];
    expect(compareResults(duck, pg, ["week", "stream", "revenue", "n"])).toEqual({ equal: true });
    const off = [{ ...pg[0], revenue: "12.51" }];
    expect(compareResults(duck, off, ["week", "stream", "revenue", "n"], ["lake", "pg"])).toMatchObject({ equal: false, diff: expect.stringContaining("row 0") });
    expect(compareResults(duck, [], ["week"])).toMatchObject({ equal: false, diff: "a has 1 rows, b 0" });
  });

  it("gets the same KPI rows from the rollups as from raw events on a tiny lake", async () => {
    const lakeDir = await mkdtemp(path.join(tmpdir(), "bench-lake-"));
    try {
      const signup = (id: string, user: string, ts: string) => ev(id, "signup", user, ts, { props: { country: "US", channel: "organic", device: "web" } });
      await flushBatches(lakeDir, [
        [
          signup("s1", "ann", "2025-01-06T09:00:00Z"),
          signup("s2", "ben", "2025-01-08T09:00:00Z"),
          ev("t1", "trade", "ann", "2025-01-07T10:00:00Z", { amount: "1.25" }),
          ev("a1", "ad_revenue", "ben", "2025-01-09T10:00:00Z", { amount: "0.10" }),
        ],
        [
          ev("l1", "login", "ann", "2025-01-14T10:00:00Z"),
          ev("r1", "refund", "ben", "2025-01-15T10:00:00Z", { amount: "0.10" }),
          signup("s3", "cat", "2025-01-15T11:00:00Z"),
          ev("l2", "login", "ben", "2025-01-22T10:00:00Z"),
        ],
      ]);
      const pool = await QueryPool.open({ lakeDir, connections: 1, threads: 1 });
      try {
        const window = { from: "2025-01-01", to: "2025-01-31" };
        for (const k of KPIS) {
          const params = k.lake.includes("$from") ? window : undefined;
          const lake = await pool.query(k.lake, params);
          const raw = await pool.query(k.raw, params);
          expect(lake.length, k.name).toBeGreaterThan(0);
          expect(compareResults(lake, raw, k.columns), k.name).toEqual({ equal: true });
        }
        const retention = await pool.query(KPIS[2]!.lake);
        expect(retention).toEqual([
          { cohort: "2025-01-06", week_offset: 0, users: 2 },
          { cohort: "2025-01-06", week_offset: 1, users: 2 },
          { cohort: "2025-01-06", week_offset: 2, users: 1 },
          { cohort: "2025-01-13", week_offset: 0, users: 1 },
        ]);
      } finally {
        await pool.close();
      }
    } finally {
      await rm(lakeDir, { recursive: true, force: true });
    }
  });
});

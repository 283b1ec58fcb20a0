import { QueryPool } from "@ist/warehouse";
import { compareResults, type ResultRow } from "./compare.js";
import { median, type Bench, type BenchContext } from "./harness.js";
import { KPIS, type KpiSql } from "./kpi-sql.js";
import { benchLake, type BenchLake } from "./lake.js";
import { pgCopy } from "./postgres.js";

/**
 * kpi_dau, kpi_revenue, kpi_retention: each question on the lake as dashboards read it (rollups),
 * on raw events Parquet, and on PostgreSQL; median of 3 warm runs (after one untimed run) each.
 * The entry fails unless all three return the same rows; its figure is PostgreSQL / lake.
 */

const RUNS = 3;
const TARGET_RATIO = 10;

async function timed(fn: () => Promise<ResultRow[]>): Promise<{ ms: number; rows: ResultRow[] }> {
  let rows = await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    rows = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), rows };
}

function pool(ctx: BenchContext, lake: BenchLake): Promise<QueryPool> {
  // Two threads, the machine's cores, as the api's pool has.
  return ctx.shared("pool", () => QueryPool.open({ lakeDir: lake.lakeDir, connections: 1, threads: 2, timeoutMs: 600_000 }), (p) => p.close());
}

/** The DAU window: the lake's last 90 days. */
function window(lake: BenchLake): { from: string; to: string } {
  const to = lake.end;
  return { from: new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10), to };
}

const ms = (x: number) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));

function kpiBench(k: KpiSql): Bench {
  return {
    name: k.name,
    async run(ctx) {
      const lake = await benchLake(ctx);
      const p = await pool(ctx, lake);
      const pgc = await pgCopy(ctx, lake);
      const w = window(lake);
      const named = k.lake.includes("$from") ? w : undefined;
      // our own SQL, run as the metrics library runs its own (one prepared SELECT, no extra parse)
      const lakeRun = await timed(() => p.query(k.lake, named, { trusted: true }));
      const rawRun = await timed(() => p.query(k.raw, named, { trusted: true }));
      const pgRun = await timed(async () => (await pgc.client.query(k.pg, named ? [w.from, w.to] : [])).rows as ResultRow[]);
      const vsRaw = compareResults(lakeRun.rows, rawRun.rows, k.columns, ["lake", "raw"]);
      const vsPg = compareResults(lakeRun.rows, pgRun.rows, k.columns, ["lake", "pg"]);
      const equal = vsRaw.equal && vsPg.equal && lakeRun.rows.length > 0;
      const ratio = pgRun.ms / lakeRun.ms;
      const check = equal ? `same ${lakeRun.rows.length} rows on all three` : `RESULTS DIFFER: ${vsRaw.diff ?? vsPg.diff ?? "no rows"}`;
      return [
        {
          name: k.name,
          figure: ratio,
          unit: "× pg/lake",
          target: `≥ ${TARGET_RATIO}`,
          pass: equal && ratio >= TARGET_RATIO,
          detail:
            `${k.question}: lake ${ms(lakeRun.ms)} ms (rollups, int keys) · raw Parquet ${ms(rawRun.ms)} ms · ` +
            `pg ${ms(pgRun.ms)} ms (heap + ts index, ${pgc.settings}) · pg/raw ${(pgRun.ms / rawRun.ms).toFixed(1)}× · ${check}`,
        },
      ];
    },
  };
}

export const kpiBenches: Bench[] = KPIS.map(kpiBench);

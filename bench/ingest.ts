import { randomBytes } from "node:crypto";
import path from "node:path";
import { Flusher, lakeLayout, openDuckDB, Wal } from "@ist/warehouse";
import { createIngestKey, runNode, startApi } from "./api-process.js";
import type { Bench, BenchRow } from "./harness.js";

/**
 * ingest_http: the real api (WORKERS=0, SEED_DEMO=0) and a separate load process posting batches
 * of 1,000 events for a while; events/s sustained and p99 batch latency; then the api is stopped,
 * whatever its WAL still holds is flushed, and every acknowledged event_id is looked up in the lake.
 */

const TARGET = 50_000;
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 16);

interface LoadResult {
  seconds: number;
  requests: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  failures: Record<string, number>;
  p50: number | null;
  p99: number | null;
  acked: { batch: string; accepted: number }[];
}

const unavailable = (why: string): BenchRow[] => [{ name: "ingest_http", figure: null, unit: "events/s", target: `≥ ${TARGET.toLocaleString("en-US")}`, pass: null, detail: `not available: ${why}` }];

/** Acknowledged events missing from the lake, after flushing whatever the stopped api left in its WAL. */
async function missing(lakeDir: string, run: string, acked: LoadResult["acked"]): Promise<number> {
  const wal = await Wal.open({ lakeDir, instance: "bench-verify" });
  const flusher = new Flusher({ wal, lakeDir, rollups: false });
  await flusher.flushNow();
  await flusher.stop();
  await wal.close();
  const db = await openDuckDB({ threads: 2 });
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(
      `select regexp_replace(event_id, '-[0-9]+$', '') as batch, count(distinct event_id)::integer as n
       from read_parquet('${lakeLayout(lakeDir).eventsGlob}') where starts_with(event_id, $run) group by 1`,
      { run: `${run}-` },
    );
    const found = new Map(reader.getRowsJS().map(([b, n]) => [String(b), Number(n)]));
    return acked.reduce((lost, a) => lost + Math.max(0, a.accepted - (found.get(a.batch) ?? 0)), 0);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

export const ingestBench: Bench = {
  name: "ingest_http",
  async run(ctx) {
    const api = await startApi(ctx.root, { SEED_DEMO: "0" });
    try {
      const probe = await fetch(`${api.url}/v1/ingest/events`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"events":[]}` });
      if (probe.status === 404) return unavailable("POST /v1/ingest/events answers 404 (endpoint not built yet)");
      let key: string;
      try {
        key = await createIngestKey(ctx.root, api, "bench");
      } catch (err) {
        return unavailable(`could not create an ingest key (${(err as Error).message.split("\n")[0]})`);
      }
      const run = `b${randomBytes(3).toString("hex")}`;
      ctx.log(`ingest: ${CONCURRENCY} concurrent batches of 1,000 for ${SECONDS} s`);
      const load = await runNode<LoadResult>(ctx.root, path.join("bench", "load", "ingest-load.ts"), [
        "--url", api.url, "--key", key, "--run", run, "--seconds", String(SECONDS), "--concurrency", String(CONCURRENCY),
      ]);
      await api.stop();
      const lost = await missing(path.join(api.dataDir, "lake"), run, load.acked);
      const rate = load.accepted / load.seconds;
      const failed = Object.entries(load.failures).map(([k, n]) => `${n}× ${k}`).join(", ");
      return [
        {
          name: "ingest_http",
          figure: rate,
          unit: "events/s",
          target: `≥ ${TARGET.toLocaleString("en-US")}, no loss`,
          pass: rate >= TARGET && lost === 0 && load.rejected === 0,
          detail:
            `${load.accepted.toLocaleString("en-US")} events in ${load.seconds.toFixed(1)} s, ${CONCURRENCY} concurrent batches of 1,000; ` +
            `p50 ${load.p50?.toFixed(0)} ms, p99 ${load.p99?.toFixed(0)} ms per batch; ` +
            `${lost === 0 ? "no acknowledged event lost" : `${lost} ACKNOWLEDGED EVENTS MISSING`}` +
            `${load.rejected ? `; ${load.rejected} rejected` : ""}${failed ? `; non-202: ${failed}` : ""}`,
        },
        { name: "ingest_http_p99", figure: load.p99, unit: "ms", target: "—", pass: null, detail: "p99 latency of a 1,000-event batch under that load" },
      ];
    } finally {
      await api.stop();
      await api.cleanup();
    }
  },
};

/**
 * The ingest load process: `concurrency` loops each posting batches of `batch` events to
 * POST /v1/ingest/events for `seconds`, then prints one JSON line. Event ids are
 * `<run>-<loop>-<seq>-<i>`, so the caller can check every acknowledged batch against the lake.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    key: { type: "string" },
    run: { type: "string" },
    seconds: { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
    batch: { type: "string", default: "1000" },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const size = Number(values.batch);
const endpoint = `${values.url}/v1/ingest/events`;
const headers = { authorization: `Bearer ${values.key}`, "content-type": "application/json" };

function event(id: string, i: number, now: string): object {
  const user = `bench-u${i % 5000}`;
  switch (i % 5) {
    case 0:
      return { event_id: id, type: "login", user_id: user, ts: now, props: {} };
    case 1:
    case 2:
      return { event_id: id, type: "page_view", user_id: user, ts: now, props: { screen: "markets" } };
    case 3:
      return {
        event_id: id, type: "trade", user_id: user, ts: now,
        props: { symbol: "BTCUSD", side: "buy", qty: "0.01", price: "64000.5", fee: "0.64", currency: "USD", is_copy: false },
      };
    default:
      return { event_id: id, type: "deposit", user_id: user, ts: now, props: { amount: "250.00", currency: "USD" } };
  }
}

interface Acked {
  batch: string;
  accepted: number;
}

const latencies: number[] = [];
const acked: Acked[] = [];
const failures: Record<string, number> = {};
let accepted = 0;
let duplicates = 0;
let rejected = 0;
const deadline = performance.now() + seconds * 1000;
const t0 = performance.now();

async function loop(worker: number): Promise<void> {
  for (let seq = 0; performance.now() < deadline; seq++) {
    const batch = `${values.run}-${worker}-${seq}`;
    const now = new Date().toISOString();
    const body = JSON.stringify({ events: Array.from({ length: size }, (_, i) => event(`${batch}-${i}`, seq * size + i, now)) });
    const start = performance.now();
    try {
      const res = await fetch(endpoint, { method: "POST", headers, body });
      const text = await res.text();
      latencies.push(performance.now() - start);
      if (res.status !== 202) {
        failures[String(res.status)] = (failures[String(res.status)] ?? 0) + 1;
        continue;
      }
      const r = JSON.parse(text) as { accepted: number; duplicates: number; rejected: number };
      accepted += r.accepted;
      duplicates += r.duplicates;
      rejected += r.rejected;
      acked.push({ batch, accepted: r.accepted });
    } catch (err) {
      const k = (err as Error).name;
      failures[k] = (failures[k] ?? 0) + 1;
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, (_, w) => loop(w)));
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? null;
console.log(JSON.stringify({ seconds: elapsed, requests: latencies.length, accepted, duplicates, rejected, failures, p50: pct(50), p99: pct(99), acked }));

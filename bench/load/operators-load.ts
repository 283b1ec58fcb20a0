/**
 * Operators with a dashboard open: each GETs `url` every `every` seconds (starts staggered over the
 * first interval) for `seconds`, then one JSON line: latency percentiles, failures, and how many
 * distinct data versions (`asOf`) the answers carried.
 */
import { parseArgs } from "node:util";
import { percentile } from "../harness.js";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    cookie: { type: "string", default: "" },
    operators: { type: "string", default: "20" },
    seconds: { type: "string", default: "60" },
    every: { type: "string", default: "10" },
  },
});

const operators = Number(values.operators);
const every = Number(values.every) * 1000;
const end = Date.now() + Number(values.seconds) * 1000;
const times: number[] = [];
const versions = new Set<string>();
let failures = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function operator(i: number): Promise<void> {
  await sleep((i * every) / operators);
  while (Date.now() < end) {
    const next = Date.now() + every;
    const t0 = performance.now();
    try {
      const res = await fetch(values.url!, { headers: { cookie: values.cookie! } });
      const body = (await res.json()) as { asOf?: string; errors?: unknown };
      times.push(performance.now() - t0);
      if (res.status !== 200 || body.errors) failures++;
      if (body.asOf) versions.add(body.asOf);
    } catch {
      failures++;
    }
    await sleep(next - Date.now());
  }
}

await Promise.all(Array.from({ length: operators }, (_, i) => operator(i)));
const sorted = [...times].sort((a, b) => a - b);
const pct = (p: number) => (sorted.length ? percentile(sorted, p) : 0);
console.log(JSON.stringify({ requests: times.length, failures, p50: pct(50), p95: pct(95), p99: pct(99), max: sorted[sorted.length - 1] ?? 0, versions: versions.size }));

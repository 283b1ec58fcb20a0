/**
 * The API load process: GET `path` with a session cookie at a constant arrival rate, one request
 * every 1/`rate` s whatever the answers do (an open model, as wrk2 or k6's constant-arrival-rate
 * run it), over at most `connections` keep-alive connections, for `seconds` after `warmup`
 * seconds unmeasured; then one JSON line with the latency percentiles and the rate achieved.
 *
 * Each latency runs from the moment the request was due, not from when a connection was free:
 * a slow api that makes requests queue here is charged for the wait (no coordinated omission).
 * autocannon's fixed rate was not used: it sends each second's requests in a burst at the start
 * of the second, which measures how fast a burst of 500 drains rather than a steady 500 req/s.
 */
import http from "node:http";
import { parseArgs } from "node:util";
import { percentile } from "../harness.js";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    path: { type: "string", default: "/api/users" },
    cookie: { type: "string", default: "" },
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    warmup: { type: "string", default: "0" },
  },
});

const rate = Number(values.rate);
const url = new URL(`${values.url}${values.path}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(values.connections) });
const TIMEOUT_MS = 10_000;

interface Outcome {
  ms: number;
  status: number | "error" | "timeout";
}

function send(due: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers: { cookie: values.cookie } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ ms: performance.now() - due, status: res.statusCode ?? 0 }));
    });
    req.setTimeout(TIMEOUT_MS, () => {
      req.destroy();
      resolve({ ms: performance.now() - due, status: "timeout" });
    });
    req.on("error", () => resolve({ ms: performance.now() - due, status: "error" }));
  });
}

/** Sends `count` requests, the i-th due at start + i / rate; resolves with every outcome. */
async function run(seconds: number): Promise<Outcome[]> {
  const count = Math.round(seconds * rate);
  const start = performance.now();
  const pending: Promise<Outcome>[] = [];
  while (pending.length < count) {
    const now = performance.now();
    while (pending.length < count && start + (pending.length * 1000) / rate <= now) pending.push(send(start + (pending.length * 1000) / rate));
    await new Promise((r) => setTimeout(r, 1));
  }
  return Promise.all(pending);
}

const warmup = Number(values.warmup);
if (warmup > 0) await run(warmup);
const started = performance.now();
const outcomes = await run(Number(values.seconds));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();

const ok = outcomes.filter((o) => typeof o.status === "number");
const sorted = outcomes.map((o) => o.ms).sort((a, b) => a - b);
const pct = (p: number) => (sorted.length ? Math.round(percentile(sorted, p)) : 0);
console.log(
  JSON.stringify({
    requests: outcomes.length,
    rate: outcomes.length / elapsed,
    p50: pct(50),
    p99: pct(99),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
    non2xx: ok.filter((o) => (o.status as number) < 200 || (o.status as number) >= 300).length,
    errors: outcomes.filter((o) => o.status === "error").length,
    timeouts: outcomes.filter((o) => o.status === "timeout").length,
  }),
);

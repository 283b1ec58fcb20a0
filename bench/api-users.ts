import path from "node:path";
import { runNode, startApi } from "./api-process.js";
import type { Bench, BenchContext, BenchRow } from "./harness.js";
import { scratchDatabase, type ScratchDatabase } from "./postgres.js";

/**
 * api_users_list: `GET /api/users` (a Refine list: page, sort, total) signed in as the demo admin,
 * at a fixed 500 requests/s for 10 s from a separate autocannon process; p99 latency. Measured twice:
 * on PostgreSQL (a scratch database, the production setup) and on the embedded PGlite that
 * `pnpm start` uses on a fresh checkout.
 */

const RATE = 500;
const SECONDS = 10;
const TARGET_MS = 50;

interface LoadResult {
  requests: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function measure(ctx: BenchContext, name: string, database: ScratchDatabase | null): Promise<BenchRow> {
  const api = await startApi(ctx.root, { SEED_DEMO: "1", ...(database ? { DATABASE_URL: database.url } : {}) });
  try {
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@demo.ist", password: api.env.DEMO_PASSWORD ?? "demo-ist-2026" }),
    });
    if (login.status !== 200) throw new Error(`sign-in as admin@demo.ist failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const warm = await fetch(`${api.url}/api/users`, { headers: { cookie } });
    if (warm.status !== 200) throw new Error(`GET /api/users answered ${warm.status}`);
    ctx.log(`api (${database ? "PostgreSQL" : "PGlite"}): GET /api/users at ${RATE} req/s for ${SECONDS} s`);
    const r = await runNode<LoadResult>(ctx.root, path.join("bench", "load", "users-load.ts"), [
      "--url", api.url, "--cookie", cookie, "--rate", String(RATE), "--seconds", String(SECONDS),
    ]);
    const clean = r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
    return {
      name,
      figure: r.p99,
      unit: "ms p99",
      target: `< ${TARGET_MS} at ${RATE} req/s`,
      pass: r.p99 < TARGET_MS && clean && r.rate >= RATE * 0.95,
      detail:
        `${database ? "PostgreSQL 15 (production setup)" : "embedded PGlite (pnpm start default)"}: ${r.requests.toLocaleString("en-US")} requests ` +
        `at ${r.rate.toFixed(0)} req/s; p50 ${r.p50} ms, max ${r.max} ms${clean ? "" : `; non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`}`,
    };
  } finally {
    await api.stop();
    await api.cleanup();
  }
}

export const apiUsersBench: Bench = {
  name: "api_users_list",
  async run(ctx) {
    const database = await scratchDatabase("ist_bench_api");
    try {
      return [await measure(ctx, "api_users_list", database), await measure(ctx, "api_users_list_pglite", null)];
    } finally {
      await database.drop();
    }
  },
};

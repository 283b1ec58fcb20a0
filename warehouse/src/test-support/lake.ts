import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach } from "vitest";
import type { EventRow } from "../events/schema.js";

/** Fresh lake directories, removed after each test (or, with "file", after the file's tests). */
export function useTempLake(scope: "test" | "file" = "test"): () => Promise<string> {
  const dirs: string[] = [];
  (scope === "test" ? afterEach : afterAll)(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });
  return async () => {
    const d = await mkdtemp(path.join(tmpdir(), "ist-lake-"));
    dirs.push(d);
    return d;
  };
}

/** A deposit (even i) or login (odd i) row; ts spread over `days` days from 2025-01-01. */
export function row(i: number, opts: { days?: number; id?: string; ingestedAt?: string } = {}): EventRow {
  const days = opts.days ?? 1;
  const ts = new Date(Date.UTC(2025, 0, 1) + (i % days) * 86_400_000 + i * 1_000).toISOString();
  const deposit = i % 2 === 0;
  return {
    event_id: opts.id ?? `e${i}`,
    type: deposit ? "deposit" : "login",
    user_id: `u${i % 7}`,
    ts,
    amount: deposit ? `${i}.12345678` : null,
    currency: deposit ? "USD" : null,
    props: deposit ? "{}" : JSON.stringify({ device: "ios" }),
    ingested_at: opts.ingestedAt ?? ts,
  };
}

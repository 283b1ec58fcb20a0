import { writeFile } from "node:fs/promises";
import os from "node:os";

/**
 * The benchmark harness: named benchmarks, one table, one JSON file. A benchmark returns rows; a
 * row's `pass` is null when it could not be measured (say, an endpoint that is not built yet) and
 * the detail says why. Figures are indicative; ratios measured in the same run are what count.
 */

export interface BenchRow {
  name: string;
  figure: number | null;
  unit: string;
  /** Human-readable, e.g. "≥ 10"; "—" for a figure kept for the record. */
  target: string;
  pass: boolean | null;
  detail: string;
}

export interface Scale {
  name: "1m" | "10m";
  users: number;
  days: number;
  seed: number;
  start: string;
}

export const SCALES: Record<Scale["name"], Scale> = {
  // Measured: 12k users × 180 days give 0.98M events, 120k give 9.25M (130k already 12.1M: the
  // leaders' follower power law makes it uneven), the closest to 10M.
  "1m": { name: "1m", users: 12_000, days: 180, seed: 1, start: "2025-01-01" },
  "10m": { name: "10m", users: 120_000, days: 180, seed: 1, start: "2025-01-01" },
};

export interface BenchContext {
  scale: Scale;
  /** Repository root. */
  root: string;
  log(message: string): void;
  /** Runs once per harness run, shared by the benchmarks that ask (e.g. the PostgreSQL copy of the lake). */
  shared<T>(key: string, make: () => Promise<T>, dispose?: (value: T) => Promise<void>): Promise<T>;
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export interface BenchArgs {
  only: string[] | null;
  scale: Scale;
  out: string;
}

export function parseArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  const args: BenchArgs = { only: null, scale: SCALES["1m"], out: "bench/results.json" };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? "").split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? "";
    if (flag === "--only") {
      args.only = value().split(",").map((s) => s.trim()).filter(Boolean);
      const unknown = args.only.filter((n) => !known.includes(n));
      if (unknown.length) throw new Error(`--only: unknown benchmark ${unknown.join(", ")} (known: ${known.join(", ")})`);
    } else if (flag === "--scale") {
      const s = value() as Scale["name"];
      if (!SCALES[s]) throw new Error(`--scale: must be one of ${Object.keys(SCALES).join(", ")}`);
      args.scale = SCALES[s];
    } else if (flag === "--out") {
      args.out = value();
    } else if (flag !== "--") {
      throw new Error(`unknown argument ${flag} (use --only a,b --scale 1m|10m)`);
    }
  }
  return args;
}

export function formatFigure(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return "—";
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function verdict(pass: boolean | null): string {
  return pass === null ? "n/a" : pass ? "pass" : "FAIL";
}

/** The one table: name, figure, unit, target, pass/fail, detail. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ["name", "figure", "unit", "target", "result", "detail"];
  const cells = rows.map((r) => [r.name, formatFigure(r.figure), r.unit, r.target, verdict(r.pass), r.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) => c.map((v, i) => (i === 1 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

export interface BenchResults {
  generated_at: string;
  scale: Scale;
  /** Load average when the run ended: the machine is shared, absolute times depend on it. */
  machine: { cpus: number; memory_gb: number; node: string; loadavg: number[] };
  rows: BenchRow[];
}

export function resultsJson(scale: Scale, rows: BenchRow[], now = new Date()): BenchResults {
  return {
    generated_at: now.toISOString(),
    scale,
    machine: { cpus: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10) },
    rows,
  };
}

/** Runs the selected benchmarks in order; a benchmark that throws becomes a failed row, not a crash. */
export async function runBenches(benches: readonly Bench[], args: BenchArgs, root: string, log = (m: string) => console.error(m)): Promise<BenchRow[]> {
  const shared = new Map<string, Promise<unknown>>();
  const disposers: (() => Promise<void>)[] = [];
  const ctx: BenchContext = {
    scale: args.scale,
    root,
    log,
    shared<T>(key: string, make: () => Promise<T>, dispose?: (v: T) => Promise<void>) {
      if (!shared.has(key)) {
        const p = make();
        shared.set(key, p);
        if (dispose) disposers.push(async () => dispose(await p));
      }
      return shared.get(key) as Promise<T>;
    },
  };
  const rows: BenchRow[] = [];
  try {
    for (const b of benches) {
      if (args.only && !args.only.includes(b.name)) continue;
      log(`bench ${b.name} …`);
      const t0 = performance.now();
      try {
        rows.push(...(await b.run(ctx)));
      } catch (err) {
        rows.push({ name: b.name, figure: null, unit: "", target: "", pass: false, detail: `error: ${firstLine(err)}` });
      }
      log(`bench ${b.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    for (const d of disposers.reverse()) await d().catch((err: unknown) => log(`cleanup failed: ${firstLine(err)}`));
  }
  return rows;
}

export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await writeFile(file, JSON.stringify(results, null, 2) + "\n");
}

export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The nearest-rank `p`th percentile (0–100); NaN for no values. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

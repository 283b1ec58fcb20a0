/**
 * `pnpm bench [--only a,b] [--scale 1m|10m] [--out file]`: runs the named benchmarks of bench/,
 * prints one table (stdout) and writes bench/results.json. Progress goes to stderr.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { usePrivateUmask } from "@ist/db";
import { BENCHES } from "../bench/index.js";
import { formatTable, parseArgs, resultsJson, runBenches, writeResults } from "../bench/harness.js";

// bench data lives under .data like an install's: the owner's alone (0600 files, 0700 directories)
usePrivateUmask();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let args;
try {
  args = parseArgs(process.argv.slice(2), BENCHES.map((b) => b.name));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const rows = await runBenches(BENCHES, args, root);
const out = path.resolve(root, args.out);
const results = resultsJson(args.scale, rows);
await writeResults(out, results);
const { cpus, loadavg } = results.machine;
console.log(`\nscale ${args.scale.name} (${args.scale.users.toLocaleString("en-US")} users × ${args.scale.days} days) · ${cpus} cpus, load average ${loadavg.join(" ")}\n`);
console.log(formatTable(rows));
console.log(`\nwritten to ${path.relative(root, out)}`);
process.exit(rows.some((r) => r.pass === false) ? 1 : 0);

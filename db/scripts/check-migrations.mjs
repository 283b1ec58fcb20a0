#!/usr/bin/env node
// CI's schema-safety check: fails when `drizzle-kit generate` would write a migration that the repo
// lacks, i.e. a change to db/src/schema was committed without its reviewed SQL migration.
// It runs the generator against a copy of db/drizzle, so the working tree is never touched.
// Usage: node db/scripts/check-migrations.mjs [--schema path/to/schema.ts]
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dbDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const schemaArg = args.indexOf("--schema");
const schema = schemaArg >= 0 ? resolve(args[schemaArg + 1]) : join(dbDir, "src/schema/index.ts");

const work = mkdtempSync(join(tmpdir(), "ist-migrations-"));
try {
  const out = join(work, "drizzle");
  cpSync(join(dbDir, "drizzle"), out, { recursive: true });
  const before = new Set(readdirSync(out));
  // drizzle-kit resolves --out against the working directory and prefixes "./"
  const run = spawnSync("pnpm", ["exec", "drizzle-kit", "generate", "--dialect", "postgresql", "--schema", relative(dbDir, schema), "--out", relative(dbDir, out), "--name", "pending"], {
    cwd: dbDir,
    encoding: "utf8",
  });
  if (run.status !== 0) {
    console.error(`check-migrations: drizzle-kit generate failed\n${run.stdout}\n${run.stderr}`);
    process.exit(1);
  }
  const added = readdirSync(out).filter((f) => !before.has(f) && f.endsWith(".sql"));
  if (added.length) {
    const { readFileSync } = await import("node:fs");
    console.error(`check-migrations: db/src/schema has changes without a migration; run \`pnpm --filter @ist/db generate\` and commit the SQL. It would write:\n`);
    for (const f of added) console.error(readFileSync(join(out, f), "utf8"));
    process.exit(1);
  }
  console.log("check-migrations: schema and db/drizzle agree");
} finally {
  rmSync(work, { recursive: true, force: true });
}

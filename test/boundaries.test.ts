import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The package boundaries (.dependency-cruiser.cjs) bite: a workspace laid out like ours, with a
 * planted violation of each rule beside imports that are allowed, cruised with the real config.
 * `pnpm lint:deps` holds the real tree to the same rules.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DEPCRUISE = path.join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const run = promisify(execFile);

const EXPORTS: Record<string, Record<string, string>> = {
  warehouse: { ".": "./src/index.ts", "./testing": "./src/testing.ts" },
  db: { ".": "./src/index.ts", "./testing": "./src/testing.ts" },
  dashboards: { ".": "./src/index.ts" },
  jobs: { ".": "./src/index.ts", "./contracts": "./src/contracts.ts" },
  api: { ".": "./src/index.ts" },
  console: {},
};

/** file → source; the comment on each import says whether it is allowed. */
const FILES: Record<string, string> = {
  "warehouse/src/index.ts": `export const lake = 1;`,
  "warehouse/src/lake.ts": `export const inner = 1;`,
  "warehouse/src/test-support/lake.ts": `export const tempLake = 1;`,
  "warehouse/src/testing.ts": `export { tempLake } from "./test-support/lake";`,
  "warehouse/src/uses-db.ts": `import "@ist/db"; // ✗ warehouse imports nothing of ours`,
  "warehouse/src/uses-test-support.ts": `import "./test-support/lake"; // ✗ src code using a test helper`,
  "db/src/index.ts": `export const db = 1;`,
  "db/src/testing.ts": `export const freshDatabase = 1;`,
  "db/src/uses-jobs.ts": `import "@ist/jobs/contracts"; // ✗ db imports nothing of ours`,
  "dashboards/src/index.ts": `import "@ist/warehouse"; // ✓\nimport "@ist/db"; // ✗ dashboards import only the warehouse`,
  "jobs/src/index.ts": `import "@ist/warehouse"; // ✓\nimport "@ist/db"; // ✓`,
  "jobs/src/contracts.ts": `export const QUEUES = [];`,
  "jobs/src/worker.ts": `import "../../warehouse/src/lake"; // ✗ another package's file, by a relative path`,
  "jobs/src/worker.test.ts": `import "@ist/warehouse/testing"; // ✓\nimport "@ist/db/testing"; // ✓\nimport "../../warehouse/src/test-support/lake"; // ✗ another package's test-support folder`,
  "api/src/index.ts": `export const api = 1;`,
  "api/src/runtime.ts": `import "@ist/jobs"; // ✓ the runtime wires the workers`,
  "api/src/modules/alerts/alerts.routes.ts": `import "@ist/jobs/contracts"; // ✓\nimport "@ist/dashboards"; // ✓\nimport "../../runtime"; // ✓ the api's own`,
  "api/src/modules/jobs/jobs.routes.ts": `import "@ist/jobs"; // ✗ route modules import only the jobs contract`,
  "api/src/modules/jobs/jobs.int.test.ts": `import "@ist/jobs"; // ✓ a test may start workers`,
  "console/src/app.tsx": `import type {} from "@ist/warehouse"; // ✗ the console imports nothing of ours, types included\nimport "./api/schema"; // ✓`,
  "console/src/api/schema.ts": `export type Paths = {};`,
  "bench/kpi.ts": `import "@ist/warehouse"; // ✓
import "../warehouse/src/lake"; // ✗ tooling too imports packages by their entries`,
};

const EXPECTED = [
  ["warehouse-imports-nothing", "warehouse/src/uses-db.ts", "db/src/index.ts"],
  ["no-test-helpers-in-src", "warehouse/src/uses-test-support.ts", "warehouse/src/test-support/lake.ts"],
  ["db-imports-nothing", "db/src/uses-jobs.ts", "jobs/src/contracts.ts"],
  ["dashboards-imports-warehouse", "dashboards/src/index.ts", "db/src/index.ts"],
  ["packages-by-their-entries", "jobs/src/worker.ts", "warehouse/src/lake.ts"],
  ["packages-by-name", "jobs/src/worker.ts", "warehouse/src/lake.ts"],
  ["packages-by-name", "jobs/src/worker.test.ts", "warehouse/src/test-support/lake.ts"],
  ["test-helpers-through-testing-entries", "jobs/src/worker.test.ts", "warehouse/src/test-support/lake.ts"],
  ["api-routes-import-the-jobs-contract-only", "api/src/modules/jobs/jobs.routes.ts", "jobs/src/index.ts"],
  ["console-imports-nothing", "console/src/app.tsx", "warehouse/src/index.ts"],
  ["packages-by-their-entries", "bench/kpi.ts", "warehouse/src/lake.ts"],
  ["packages-by-name", "bench/kpi.ts", "warehouse/src/lake.ts"],
];

describe("package boundaries", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ist-boundaries-"));
    for (const [file, text] of Object.entries(FILES)) {
      await mkdir(path.join(dir, path.dirname(file)), { recursive: true });
      await writeFile(path.join(dir, file), `${text}\n`);
    }
    await mkdir(path.join(dir, "node_modules/@ist"), { recursive: true });
    for (const [pkg, exports] of Object.entries(EXPORTS)) {
      await writeFile(path.join(dir, pkg, "package.json"), JSON.stringify({ name: `@ist/${pkg}`, type: "module", exports }));
      await symlink(path.join(dir, pkg), path.join(dir, "node_modules/@ist", pkg), "dir");
    }
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", jsx: "react-jsx" } }));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reports each planted violation, and nothing that is allowed", async () => {
    const args = [DEPCRUISE, ...Object.keys(EXPORTS), "bench", "--config", path.join(ROOT, ".dependency-cruiser.cjs"), "--output-type", "json"];
    // depcruise exits non-zero when it finds violations; the report is on stdout either way
    const out = await run(process.execPath, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }));
    const report = JSON.parse(out.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    const found = report.summary.violations.map((v) => [v.rule.name, v.from, v.to]);
    expect(found.sort()).toEqual([...EXPECTED].sort());
  }, 60_000);
});

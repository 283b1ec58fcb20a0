// @ts-check
/**
 * The package table of /work/shared/DESIGN.md, enforced: `pnpm lint:deps` (and `pnpm lint`).
 *
 *   warehouse → nothing of ours · dashboards → warehouse · db → nothing of ours · jobs → warehouse, db
 *   api → warehouse, dashboards, db, jobs (route modules: `@ist/jobs/contracts` only)
 *   console → nothing of ours (it talks HTTP; its API types are generated into console/src/api)
 *
 * Packages reach each other by name, through the entries in their package.json `exports`, never a
 * relative path or a file of another package's `src/`. Test helpers cross packages only through a
 * `testing` entry (`@ist/warehouse/testing`, `@ist/db/testing`); a package's `test-support/`
 * folders are its own. `test/` at the root is the workspace harness: the Vitest global setup and
 * the api's app factory (`test/app.ts`), for the api's tests. bench/, e2e/ and scripts/ are
 * workspace tooling: any package, by its entries (test/app.ts and scripts/ may build the api from
 * its files: BUILDS_THE_APP).
 * The rules bite: `test/boundaries.test.ts` cruises a planted violation of each rule and expects each.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- depcruise loads its config as CommonJS */
const fs = require("node:fs");
const path = require("node:path");
/* eslint-enable @typescript-eslint/no-require-imports */

const PACKAGES = ["api", "console", "db", "jobs", "warehouse", "dashboards"];
const TOOLING = ["bench", "e2e", "scripts", "test"];
const any = (names) => `^(${names.join("|")})/`;

/** The files other packages may import: what each package.json `exports` names. */
function entries() {
  const files = [];
  for (const pkg of PACKAGES) {
    const manifest = path.join(__dirname, pkg, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const exportsField = JSON.parse(fs.readFileSync(manifest, "utf8")).exports ?? {};
    for (const target of Object.values(typeof exportsField === "string" ? { ".": exportsField } : exportsField)) {
      if (typeof target === "string") files.push(`^${path.posix.join(pkg, target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
    }
  }
  return files;
}

/**
 * Workspace tooling that builds the real api from its files: test/app.ts (the api's tests' app),
 * test/rbac-matrix.ts and test/tiny-domain/ (a domain written outside the packages, proving one
 * folder + one registry line is enough) and scripts/ (e.g. gen-api-types, which writes the
 * OpenAPI document of the real app).
 */
const BUILDS_THE_APP = ["^test/app\\.ts$", "^test/rbac-matrix\\.ts$", "^test/tiny-domain/", "^scripts/"];
const TESTS = "\\.(test|int\\.test|property\\.test|e2e)\\.tsx?$";
const TEST_HELPERS = ["/test-support/", "^[^/]+/src/testing\\.ts$"];

/** `from` may import only `allowed` of our packages (and itself). */
const only = (from, allowed, comment) => ({
  name: `${from}-imports-${allowed.length ? allowed.join("-") : "nothing"}`,
  comment,
  severity: "error",
  from: { path: `^${from}/` },
  // a package's tests may register the tiny domain of test/tiny-domain/ (non-test files may not: see no-test-helpers-in-src)
  to: { path: any([...PACKAGES.filter((p) => p !== from && !allowed.includes(p)), ...(from === "api" ? [] : ["test"])]), pathNot: "^test/tiny-domain/" },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    only("warehouse", [], "DESIGN.md: the warehouse imports nothing of ours."),
    only("dashboards", ["warehouse"], "DESIGN.md: dashboards import the warehouse (metric names, dimensions, grains) only."),
    only("db", [], "DESIGN.md: db imports nothing of ours."),
    only("jobs", ["warehouse", "db"], "DESIGN.md: jobs import the warehouse and db only."),
    only("api", ["warehouse", "dashboards", "db", "jobs"], "DESIGN.md: the api imports the warehouse, dashboards, db and jobs, never the console."),
    only("console", [], "DESIGN.md: the console imports nothing of ours at run time, types included: its API types are generated into console/src/api."),
    {
      name: "api-routes-import-the-jobs-contract-only",
      comment:
        "Route modules enqueue against @ist/jobs/contracts and may call a pure engine (@ist/jobs/<domain>/engine: plain data in and out, e.g. `ist commissions settle`); the jobs runtime (workers, queues, events) is wired in api/src/runtime.ts, app.ts and the CLI.",
      severity: "error",
      from: { path: "^api/src/modules/", pathNot: TESTS },
      to: { path: "^jobs/", pathNot: "^jobs/src/(contracts|[a-z-]+/engine)\\.ts$" },
    },
    {
      name: "packages-by-their-entries",
      comment: "Import another package by its name and an entry of its package.json `exports` (@ist/warehouse, @ist/jobs/contracts, …), not a file of its src/.",
      severity: "error",
      from: { path: any([...PACKAGES, ...TOOLING]), pathNot: BUILDS_THE_APP },
      to: { path: any(PACKAGES), pathNot: ["^$1/", "/test-support/", ...entries()] },
    },
    {
      name: "packages-by-name",
      comment: "Import another package by its name (@ist/x), not by a relative path into its folder.",
      severity: "error",
      from: { path: any([...PACKAGES, ...TOOLING]), pathNot: BUILDS_THE_APP },
      to: { path: any(PACKAGES), pathNot: "^$1/", dependencyTypes: ["local"] },
    },
    {
      name: "test-helpers-through-testing-entries",
      comment: "A package's test-support/ folders are its own; other packages' tests import its `testing` entry (@ist/warehouse/testing, @ist/db/testing).",
      severity: "error",
      from: { path: any([...PACKAGES, ...TOOLING]) },
      to: { path: "/test-support/", pathNot: "^$1/" },
    },
    {
      name: "no-test-helpers-in-src",
      comment: "STYLE.md: no test-only code in src/. Only tests and test helpers import test helpers or Vitest.",
      severity: "error",
      from: { path: "^[^/]+/src/", pathNot: [TESTS, ...TEST_HELPERS] },
      to: { path: [...TEST_HELPERS, "^test/", "node_modules/vitest/"] },
    },
  ],
  options: {
    includeOnly: { path: `${any([...PACKAGES, ...TOOLING])}|node_modules/` },
    exclude: { path: ["/node_modules/\\.vite", "/dist/", "^\\.data/", "^coverage/", "/__fixtures__/"] },
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts"],
      mainFields: ["module", "main", "types"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

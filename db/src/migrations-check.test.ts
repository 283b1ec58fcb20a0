import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const dbDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const script = join(dbDir, "scripts/check-migrations.mjs");
const check = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });

describe("check-migrations (CI's schema-safety step)", () => {
  // inside db/ so drizzle-kit resolves drizzle-orm from the package's node_modules
  const scratch = mkdtempSync(join(dbDir, "src", ".schema-check-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("passes on the committed schema and migrations", () => {
    const run = check();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("fails, printing the SQL it would write, when the schema gained a table without a migration", () => {
    const planted = join(scratch, "schema.ts");
    writeFileSync(
      planted,
      `export * from "../schema/index";\nimport { pgTable, text } from "drizzle-orm/pg-core";\nexport const plantedThings = pgTable("planted_things", { id: text("id").primaryKey() });\n`,
    );
    const run = check("--schema", planted);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("without a migration");
    expect(run.stderr).toContain('CREATE TABLE "planted_things"');
  });
});

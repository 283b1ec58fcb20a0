import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configTable } from "./config";

describe("README", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  it("documents every configuration variable exactly as the schema does", () => {
    const block = readme.split("<!-- config:start -->")[1]?.split("<!-- config:end -->")[0]?.trim();
    expect(block).toBe(configTable());
  });
  it("keeps the two-line quick start", () => {
    expect(readme).toContain("npm i -g pnpm && pnpm install && pnpm start\npnpm test\n");
  });
});

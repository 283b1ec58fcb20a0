import { defineConfig } from "vitest/config";

const nodePackages = ["api", "db", "jobs", "warehouse", "dashboards"];

export default defineConfig({
  test: {
    coverage: {
      provider: "v8",
      reporter: ["text-summary", "json-summary"],
      include: nodePackages.map((p) => `${p}/src/**/*.ts`),
      exclude: ["**/*.test.ts", "**/*.int.test.ts", "**/test-support/**", "**/src/testing.ts"],
    },
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: [...nodePackages.map((p) => `${p}/src/**/*.test.ts`), "console/src/**/*.test.ts", "bench/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "int",
          sequence: { groupOrder: 1 },
          include: [...nodePackages.map((p) => `${p}/src/**/*.int.test.ts`), "test/**/*.int.test.ts"],
          globalSetup: ["test/services.setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // each file makes its own database; two workers keep PostgreSQL and PGlite busy without thrashing 2 cores
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "e2e",
          sequence: { groupOrder: 2 },
          include: ["e2e/**/*.e2e.ts"],
          globalSetup: ["e2e/server.setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

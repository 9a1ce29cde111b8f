import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname) },
  },
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    include: ["packages/*/test/**/*.test.ts", "tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    // Integration tests start real servers and databases; keep the 2-core machine responsive.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The JSON report feeds the one-line summary that .ci/run prints.
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
  },
});

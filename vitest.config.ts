import path from "node:path";
import { defineConfig } from "vitest/config";

/** Integration tests that run a second time on PostgreSQL: the live lecture, self-paced work, teachers' pages. */
const ON_POSTGRES = [
  "tests/integration/lecture-flow.test.ts",
  "tests/integration/peer-instruction.test.ts",
  "tests/integration/browser-feedback.test.ts",
  "tests/integration/custom-lessons.test.ts",
  "tests/integration/assignments.test.ts",
  "tests/integration/teachers.test.ts",
  "tests/integration/restart.test.ts",
];

export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname) },
  },
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    // Integration tests start real servers and databases; keep the 2-core machine responsive.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The JSON report feeds the one-line summary that .ci/run prints.
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
    projects: [
      {
        extends: true,
        test: { name: "sqlite", include: ["packages/*/test/**/*.test.ts", "tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"] },
      },
      {
        extends: true,
        // The same tests on the machine's PostgreSQL (a fresh database each): see tests/support/test-database.ts.
        test: { name: "postgres", include: ON_POSTGRES, env: { DESCENT_TEST_DATABASE: "postgres" } },
      },
    ],
  },
});

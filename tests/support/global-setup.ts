/**
 * Before any test: make sure the production build is current, once (tests that start servers need it).
 * `DESCENT_SKIP_BUILD=1` skips the check when only tests that need no server are run.
 */
import { ensureBuild } from "../../server/build-check.ts";
import crypto from "node:crypto";
import { dropTestDatabases } from "./postgres.ts";
import { repoRoot } from "./server-process.ts";

export default function setup(): () => Promise<void> {
  // Names this run's PostgreSQL databases (the workers inherit it).
  process.env.DESCENT_TEST_RUN ??= crypto.randomBytes(3).toString("hex");
  if (process.env.DESCENT_SKIP_BUILD !== "1" && !ensureBuild(repoRoot)) throw new Error("next build failed: see the output above");
  // The PostgreSQL databases the tests made go when they are done.
  return () => dropTestDatabases();
}

/**
 * Before any test: make sure the production build is current, once (tests that start servers need it).
 * `DESCENT_SKIP_BUILD=1` skips the check when only tests that need no server are run.
 */
import { ensureBuild } from "../../server/build-check.ts";
import { dropTestDatabases } from "./postgres.ts";
import { repoRoot } from "./server-process.ts";

export default function setup(): () => Promise<void> {
  if (process.env.DESCENT_SKIP_BUILD !== "1" && !ensureBuild(repoRoot)) throw new Error("next build failed: see the output above");
  // The PostgreSQL databases the tests made go when they are done.
  return () => dropTestDatabases();
}

/** Before any test: make sure the production build is current, once (tests that start servers need it). */
import { ensureBuild } from "../../server/build-check.ts";
import { repoRoot } from "./server-process.ts";

export default function setup(): void {
  if (!ensureBuild(repoRoot)) throw new Error("next build failed: see the output above");
}

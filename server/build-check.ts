import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** What the Next build is made from: a change to any of these makes the build stale. */
const SOURCES = ["app", "server", "packages/autograd/src", "next.config.ts", "postcss.config.mjs", "package.json"];

function newestMtime(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  // Iterative walk: source trees are small, but there is no reason to recurse.
  const stack = [p];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** True when there is no production build, or a source file changed after it was made. */
export function buildIsMissingOrStale(root: string): boolean {
  let built: number;
  try {
    built = fs.statSync(path.join(root, ".next", "BUILD_ID")).mtimeMs;
  } catch {
    return true;
  }
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

/** Runs `next build` when the build is missing or stale. Returns false if the build failed. */
export function ensureBuild(root: string): boolean {
  if (!buildIsMissingOrStale(root)) return true;
  // Two processes starting at once (a test run beside `npm start`) must not write into .next together.
  const release = buildLock(root);
  try {
    if (!buildIsMissingOrStale(root)) return true;
    console.log("No up-to-date production build: running `next build`…");
    const build = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    return build.status === 0;
  } finally {
    release();
  }
}

/** A build that runs longer than this left its lock behind (its process died). */
const STALE_LOCK_MS = 10 * 60_000;

/** Waits for the build lock (a directory: creating one is atomic), takes it, and returns its release. */
function buildLock(root: string): () => void {
  const lock = path.join(root, ".next-build.lock");
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(pause, 0, 0, 500);
    }
  }
}

// `node --import tsx server/build-check.ts`: build if needed, as `npm start` would (used by `npm test`).
if (import.meta.filename === process.argv[1]) {
  process.exit(ensureBuild(process.cwd()) ? 0 : 1);
}

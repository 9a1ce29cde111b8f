import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type { Config } from "./config.ts";

const require = createRequire(import.meta.url);

/** Applies every committed migration that the database has not seen yet (`prisma migrate deploy`). */
export async function applyMigrations(config: Config, cwd = process.cwd()): Promise<void> {
  const prismaCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd,
      env: { ...process.env, DATABASE_URL: config.databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`Applying database migrations failed:\n${output.trim()}`));
    });
  });
}

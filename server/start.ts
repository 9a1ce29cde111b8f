/**
 * `npm start` / `npm run dev`: check the configuration, apply pending migrations,
 * build the app if there is no build yet (production), then serve on PORT.
 */
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { applyMigrations } from "./migrate.ts";
import { startServer } from "./index.ts";
import { ensureBuild } from "./build-check.ts";

const dev = process.argv.includes("--dev");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? (dev ? "development" : "production") });
} catch (err) {
  if (err instanceof ConfigError) fail(`Configuration error: ${err.message}`);
  throw err;
}

try {
  await applyMigrations(config);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

if (!dev && !ensureBuild(process.cwd())) fail("next build failed (see above).");

const server = await startServer(config, { dev });
const where = config.sqlitePath ? `SQLite at ${config.sqlitePath}` : "PostgreSQL";
console.log(`Descent ${dev ? "(dev) " : ""}listening on http://localhost:${server.port} — database: ${where}`);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close().finally(() => process.exit(0));
  });
}

import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { loadConfig } from "./server/config.ts";

// The schema reads env("DATABASE_URL"); without it the CLI cannot read the schema and falls back to
// downloading a native engine. Give it the same default the server uses.
const config = loadConfig();
process.env.DATABASE_URL = config.databaseUrl;

// Prisma's CLI runs its schema engine as WebAssembly through this adapter, so nothing is downloaded.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    if (config.sqlitePath) fs.mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
    return new PrismaBetterSQLite3({ url: config.databaseUrl });
  },
});

import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { loadConfig } from "./server/config.ts";

// The schema reads env("DATABASE_URL"); without it the CLI cannot read the schema and falls back to
// downloading a native engine. Give it the same default the server uses.
const config = loadConfig();
process.env.DATABASE_URL = config.databaseUrl;
const postgres = config.sqlitePath === null;

// Prisma's CLI runs its schema engine as WebAssembly through this adapter, so nothing is downloaded. A
// postgresql:// DATABASE_URL selects PostgreSQL's own schema and migrations (prisma/postgres/).
export default defineConfig({
  schema: postgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: postgres ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    if (postgres) return new PrismaPg({ connectionString: config.databaseUrl });
    if (config.sqlitePath) fs.mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
    return new PrismaBetterSQLite3({ url: config.databaseUrl });
  },
});

/**
 * Generates PostgreSQL's Prisma client (generated/prisma-pg) from prisma/postgres/schema.prisma. Prisma's CLI
 * takes its schema and engine adapter from prisma.config.ts, which picks PostgreSQL's for a postgresql:// URL; no
 * connection is made to generate.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
execFileSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: "postgresql://localhost:5432/descent", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});

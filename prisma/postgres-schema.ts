/**
 * PostgreSQL's copy of the data model. Prisma cannot take a schema's provider from the environment, and a
 * generated client works only with its own provider, so PostgreSQL has its own schema file (made from
 * prisma/schema.prisma by this module: same models, its own provider and client), its own migrations and its own
 * generated client. `npm run db:migration` writes both; a test checks that the copy is up to date.
 */
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgres", "schema.prisma");

/** The PostgreSQL schema for a SQLite schema's text. */
export function postgresSchema(sqlite: string): string {
  const out = sqlite
    .replace(/^\/\/ Descent's data model \(SQLite by default\)\.\n\/\/ To change it: .*$/m, "// Descent's data model for PostgreSQL, made from prisma/schema.prisma by `npm run db:migration`: do not edit it.\n// To change the model, edit prisma/schema.prisma, then `npm run db:migration -- <name>` (README, \"Making a migration\").")
    .replace(/(generator client \{[^}]*output\s*=\s*)"\.\.\/generated\/prisma"/, '$1"../../generated/prisma-pg"')
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  if (!out.includes('"postgresql"') || !out.includes("prisma-pg")) throw new Error("prisma/schema.prisma: its generator or datasource block is not where postgres-schema.ts expects it");
  return out;
}

/** Writes prisma/postgres/schema.prisma from prisma/schema.prisma; true if it changed. */
export function writePostgresSchema(): boolean {
  const text = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const before = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : null;
  if (before === text) return false;
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, text);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  console.log(writePostgresSchema() ? "Wrote prisma/postgres/schema.prisma." : "prisma/postgres/schema.prisma is up to date.");
}

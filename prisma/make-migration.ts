/**
 * `npm run db:migration -- <name>`: writes the SQL that takes the last migrated schema to the current
 * prisma/schema.prisma, for SQLite (prisma/migrations/<timestamp>_<name>/migration.sql) and for PostgreSQL
 * (prisma/postgres/schema.prisma is made again from prisma/schema.prisma, and its migration goes to
 * prisma/postgres/migrations/), then records each "last migrated" snapshot. (`prisma migrate dev` needs a shadow
 * database that the WebAssembly schema engine cannot build; diffing two schema files needs none.) Prisma's engine
 * connects to a PostgreSQL server for its half: `DESCENT_POSTGRES_URL`, by default the local one.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, writePostgresSchema } from "./postgres-schema.ts";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(1);
}

const root = path.resolve(import.meta.dirname, "..");
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
writePostgresSchema();

function migrate(schema: string, migrations: string, databaseUrl: string, label: string): void {
  const snapshot = path.join(migrations, "last-migrated.prisma.snapshot");
  const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(
    process.execPath,
    [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
    { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  if (/^-- This is an empty migration\.?\s*$/m.test(sql) || sql.trim() === "") {
    console.log(`${label}: the schema has not changed since the last migration: nothing to write.`);
    return;
  }
  const dir = path.join(migrations, `${stamp}_${fs.existsSync(snapshot) ? name : "init"}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  fs.copyFileSync(schema, snapshot);
  console.log(`${label}: wrote ${path.relative(root, dir)}/migration.sql — it is applied at the next start.`);
}

migrate(SQLITE_SCHEMA, path.join(root, "prisma", "migrations"), "file:./data/descent.db", "SQLite");
migrate(POSTGRES_SCHEMA, path.join(root, "prisma", "postgres", "migrations"), process.env.DESCENT_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres", "PostgreSQL");

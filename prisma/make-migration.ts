/**
 * `npm run db:migration -- <name>`: writes the SQL that takes the last migrated schema to the current
 * prisma/schema.prisma as prisma/migrations/<timestamp>_<name>/migration.sql, then records the new
 * "last migrated" snapshot. (`prisma migrate dev` needs a shadow database that the WebAssembly schema engine
 * cannot build; diffing two schema files needs no database at all.)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(1);
}

const root = path.resolve(import.meta.dirname, "..");
const schema = path.join(root, "prisma", "schema.prisma");
const snapshot = path.join(root, "prisma", "migrations", "last-migrated.prisma.snapshot");
const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];

const sql = execFileSync(
  process.execPath,
  [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
  { cwd: root, encoding: "utf8" },
);
if (/^-- This is an empty migration\.?\s*$/m.test(sql) || sql.trim() === "") {
  console.log("The schema has not changed since the last migration: nothing to write.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(root, "prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
fs.copyFileSync(schema, snapshot);
console.log(`Wrote ${path.relative(root, dir)}/migration.sql — it is applied at the next start (or \`npx prisma migrate deploy\`).`);

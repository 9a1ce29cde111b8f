import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import type { Config } from "./config.ts";

const require = createRequire(import.meta.url);

/** Applies every committed migration that the database has not seen yet. */
export async function applyMigrations(config: Config, cwd = process.cwd()): Promise<void> {
  if (config.sqlitePath === null) await applyPostgresMigrations(config.databaseUrl, path.join(cwd, "prisma", "postgres", "migrations"));
  else await applySqliteMigrations(config, cwd);
}

/** SQLite: `prisma migrate deploy` (its schema engine runs as WebAssembly through the SQLite adapter). */
async function applySqliteMigrations(config: Config, cwd: string): Promise<void> {
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

/** Any number that no other code takes a PostgreSQL advisory lock on: "descent" in ASCII. */
const MIGRATION_LOCK = 0x64657363656e74;

/**
 * PostgreSQL: `prisma migrate deploy` cannot run through the pg driver adapter here (prisma/orm#27403), so the
 * committed SQL of prisma/postgres/migrations is applied by this runner, each migration in its own transaction and
 * recorded in "_descent_migrations". Nodes that start together take turns (an advisory lock): one applies, the
 * others then find nothing left to do.
 */
export async function applyPostgresMigrations(databaseUrl: string, dir: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_descent_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ name: string }>(`SELECT "name" FROM "_descent_migrations"`)).rows.map((r) => r.name));
    const names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      try {
        await client.query("BEGIN");
        await client.query(sql);
        await client.query(`INSERT INTO "_descent_migrations" ("name") VALUES ($1)`, [name]);
        await client.query("COMMIT");
        applied.push(name);
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`Applying database migration ${name} failed: ${(e as Error).message}`);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

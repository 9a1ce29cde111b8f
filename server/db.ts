import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { PrismaClient as PostgresClient } from "../generated/prisma-pg/client.ts";
import type { Config } from "./config.ts";

/**
 * The database client. SQLite's generated client is the type: PostgreSQL's is generated from the same models
 * (prisma/postgres/schema.prisma is made from prisma/schema.prisma, and a test checks it), so it has the same API.
 */
export type Db = PrismaClient;
export type Dialect = "sqlite" | "postgresql";

const dialects = new WeakMap<Db, Dialect>();

/** Which SQL a raw statement on `db` must speak. */
export function dialectOf(db: Db): Dialect {
  return dialects.get(db) ?? "sqlite";
}

/** Opens a Prisma client on the configured database (creating the SQLite file's folder if needed). */
export function openDb(config: Pick<Config, "databaseUrl" | "sqlitePath">): Db {
  if (config.sqlitePath === null) {
    const adapter = new PrismaPg({ connectionString: config.databaseUrl });
    const db = new PostgresClient({ adapter }) as unknown as Db;
    dialects.set(db, "postgresql");
    return db;
  }
  fs.mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url: config.databaseUrl });
  const db = new PrismaClient({ adapter });
  dialects.set(db, "sqlite");
  return db;
}

/**
 * The rows of a JSON array given as one parameter, each as `value` (a batch of rows bound as one parameter: binding
 * thousands costs Prisma far longer than the database takes to insert them).
 */
export function jsonRows(db: Db, json: string): Prisma.Sql {
  return dialectOf(db) === "postgresql" ? Prisma.sql`json_array_elements(${json}::json) AS value` : Prisma.sql`json_each(${json})`;
}

/**
 * Field `i` of a row of `jsonRows` (itself an array), as text, or as a time or an integer: PostgreSQL does not turn
 * text into a column's type on insert by itself, SQLite keeps what it is given.
 */
export function jsonField(db: Db, i: number, type: "text" | "time" | "int" = "text"): Prisma.Sql {
  if (!Number.isInteger(i) || i < 0) throw new Error(`not a field index: ${i}`);
  if (dialectOf(db) === "sqlite" || type === "text") return Prisma.raw(`(value ->> ${i})`);
  return Prisma.raw(`(value ->> ${i})::${type === "time" ? "timestamp(3)" : "integer"}`);
}

/** The strings of a JSON array given as one parameter, as a one-column list (for `IN (…)`). */
export function jsonStrings(db: Db, json: string): Prisma.Sql {
  return dialectOf(db) === "postgresql" ? Prisma.sql`SELECT json_array_elements_text(${json}::json)` : Prisma.sql`SELECT value FROM json_each(${json})`;
}

const globalForDb = globalThis as unknown as { __descentDb?: Db };

/**
 * The process-wide client. Next route handlers and the socket server are bundled separately,
 * so the one client is kept on globalThis (this also survives hot reload in development).
 */
export function sharedDb(config: Pick<Config, "databaseUrl" | "sqlitePath">): Db {
  globalForDb.__descentDb ??= openDb(config);
  return globalForDb.__descentDb;
}

/**
 * SQLite settings for a live classroom: write-ahead logging lets readers and the writer work at once, and
 * `synchronous = NORMAL` syncs at checkpoints instead of at every commit. A commit survives a crash of the
 * server process (what "acknowledged" promises); only a power cut may lose the last moments. (PostgreSQL needs
 * nothing here.)
 */
export async function tuneSqlite(db: Db): Promise<void> {
  if (dialectOf(db) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$executeRawUnsafe("PRAGMA busy_timeout = 5000");
}

/** A real round trip to the database. */
export async function pingDb(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

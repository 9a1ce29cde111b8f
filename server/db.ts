import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import type { Config } from "./config.ts";

export type Db = PrismaClient;

/** Opens a Prisma client on the configured database, creating the SQLite file's folder if needed. */
export function openDb(config: Pick<Config, "databaseUrl" | "sqlitePath">): Db {
  if (config.sqlitePath === null) {
    throw new Error("PostgreSQL is not supported yet: set DATABASE_URL to a file: URL");
  }
  fs.mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url: config.databaseUrl });
  return new PrismaClient({ adapter });
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
 * server process (what "acknowledged" promises); only a power cut may lose the last moments.
 */
export async function tuneSqlite(db: Db): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$executeRawUnsafe("PRAGMA busy_timeout = 5000");
}

/** A real round trip to the database. */
export async function pingDb(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

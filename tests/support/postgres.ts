/**
 * A fresh PostgreSQL database per test file, on the machine's server (trust auth on 127.0.0.1:5432; CI has it
 * too). `DESCENT_TEST_POSTGRES` points elsewhere. A test that needs PostgreSQL fails with this message when it is
 * not reachable: the quick start (SQLite) needs neither.
 */
import crypto from "node:crypto";
import pg from "pg";

const BASE = process.env.DESCENT_TEST_POSTGRES ?? "postgresql://postgres@127.0.0.1:5432";

/** This test run's databases are named after it (`npm test` sets it once): runs side by side never drop each other's. */
export const testRunPrefix = () => `descent_test_${process.env.DESCENT_TEST_RUN ?? "local"}`;

export async function freshPostgresDatabase(prefix = testRunPrefix()): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: `${BASE}/postgres` });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${BASE} (set DESCENT_TEST_POSTGRES): ${(e as Error).message}`);
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: `${BASE}/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: `${BASE}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Drops the databases this test run made (once after all tests). */
export async function dropTestDatabases(prefix = testRunPrefix()): Promise<void> {
  const admin = new pg.Client({ connectionString: `${BASE}/postgres` });
  try {
    await admin.connect();
  } catch {
    return;
  }
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}\\_%`]);
  for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await admin.end();
}

/**
 * The database a test runs on. By default the SQLite file the test names; with `DESCENT_TEST_DATABASE=postgres`
 * (vitest's "postgres" project) a fresh PostgreSQL database instead, the same one for the same file name (a test
 * that restarts its server finds its data again). `npm test` runs the integration tests on both.
 */
import { freshPostgresDatabase } from "./postgres.ts";

export const onPostgres = process.env.DESCENT_TEST_DATABASE === "postgres";

const databases = new Map<string, Promise<string>>();

export function testDatabaseUrl(fileUrl: string): Promise<string> {
  if (!onPostgres) return Promise.resolve(fileUrl);
  let url = databases.get(fileUrl);
  if (!url) databases.set(fileUrl, (url = freshPostgresDatabase().then((d) => d.url)));
  return url;
}

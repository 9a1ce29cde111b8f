/** The server under end-to-end test: `npm start` on a fresh SQLite file. */
import fs from "node:fs";
import { loadConfig } from "../../server/config.ts";

const config = loadConfig();
if (config.sqlitePath) {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(config.sqlitePath + suffix, { force: true });
}
await import("../../server/start.ts");

import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runStart, startServerProcess, tempDir, type RunningServer } from "../support/server-process.ts";

describe("npm start", () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("creates the SQLite file where DATABASE_URL says, migrates it, and serves the landing page and health", async () => {
    const dir = tempDir("start");
    const dbFile = path.join(dir, "nested", "class.db");
    expect(fs.existsSync(dbFile)).toBe(false);
    server = await startServerProcess({ DATABASE_URL: `file:${dbFile}` });

    expect(fs.existsSync(dbFile)).toBe(true);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "sqlite" });

    const page = await fetch(server.url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Descent");
    expect(html).toContain("Join a session");
    expect(html).toContain("Host a session");
  });

  it.each([
    [{ PORT: "not-a-port" }, /^Configuration error: PORT must be a whole number from 1 to 65535 \(got "not-a-port"\)$/],
    [{ DATABASE_URL: "" }, /^Configuration error: DATABASE_URL must not be empty \(got ""\)$/],
    [{ DATABASE_URL: "mongodb://x" }, /^Configuration error: DATABASE_URL must be a SQLite file URL/],
  ])("stops on %j with exactly one clear line and no stack trace", async (env, line) => {
    const { code, stdout, stderr } = await runStart(env);
    expect(code).toBe(1);
    expect(stdout.trim()).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });
});

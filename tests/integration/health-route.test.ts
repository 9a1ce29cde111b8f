import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../support/server-process.ts";

describe("GET /api/health", () => {
  afterEach(async () => {
    const g = globalThis as { __descentDb?: { $disconnect(): Promise<void> } };
    await g.__descentDb?.$disconnect();
    delete g.__descentDb;
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("answers 503 when the database cannot be reached", async () => {
    // A directory where the SQLite file should be: opening it fails, as a broken volume would.
    const dir = tempDir("health");
    const notAFile = path.join(dir, "db-is-a-directory");
    fs.mkdirSync(notAFile);
    vi.stubEnv("DATABASE_URL", `file:${notAFile}`);
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { GET } = await import("../../app/api/health/route.ts");
    const res = await GET(new Request("http://localhost/api/health"));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", error: "database unreachable" });
  });
});

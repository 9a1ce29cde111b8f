/**
 * PostgreSQL: its schema is SQLite's models with its own provider and client (kept in sync by a script), its
 * migrations apply at start without Prisma downloading anything, several nodes starting at once take turns, and
 * `npm start` with a postgresql:// DATABASE_URL serves. (The live lecture, self-paced work and teachers' pages run
 * on PostgreSQL in vitest's "postgres" project: the same integration tests as on SQLite.)
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchema } from "../../prisma/postgres-schema.ts";
import { applyPostgresMigrations } from "../../server/migrate.ts";
import type { JoinResult, SubmitResult } from "../../server/protocol/events.ts";
import type { HostSession } from "../../server/protocol/views.ts";
import { freshPostgresDatabase } from "../support/postgres.ts";
import { call, ok, startHarness, type Client } from "../support/realtime-harness.ts";
import { IT1_BACKWARD } from "../support/seed-cursors.ts";
import { repoRoot, startServerProcess, type RunningServer } from "../support/server-process.ts";

const MIGRATIONS = path.join(repoRoot, "prisma", "postgres", "migrations");
const modelsOf = (schema: string) => schema.replace(/^\/\/.*$/gm, "").replace(/generator client \{[^}]*\}/, "").replace(/datasource db \{[^}]*\}/, "").trim();

let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
});

describe("PostgreSQL's schema", () => {
  it("is SQLite's models with PostgreSQL's provider and client, and its migrations reach it", () => {
    const sqlite = fs.readFileSync(SQLITE_SCHEMA, "utf8");
    const postgres = fs.readFileSync(POSTGRES_SCHEMA, "utf8");
    // Made by `npm run db:migration` (prisma/postgres-schema.ts): not edited by hand, not behind.
    expect(postgres).toBe(postgresSchema(sqlite));
    expect(modelsOf(postgres)).toBe(modelsOf(sqlite));
    expect(postgres).toMatch(/provider\s*=\s*"postgresql"/);
    // The last PostgreSQL migration was made from this very schema.
    expect(fs.readFileSync(path.join(MIGRATIONS, "last-migrated.prisma.snapshot"), "utf8")).toBe(postgres);
    // Its client is generated at install, beside SQLite's.
    expect(fs.existsSync(path.join(repoRoot, "generated", "prisma-pg", "client.ts"))).toBe(true);
  });
});

describe("PostgreSQL's migrations", () => {
  it("apply once, in order, with every table of the model; nodes starting together take turns", async () => {
    const db = await freshPostgresDatabase();
    try {
      const names = fs.readdirSync(MIGRATIONS).filter((n) => fs.statSync(path.join(MIGRATIONS, n)).isDirectory()).sort();
      // Three nodes start at once: one applies every migration, the others find nothing left.
      const runs = await Promise.all([0, 1, 2].map(() => applyPostgresMigrations(db.url, MIGRATIONS)));
      expect(runs.flat().sort()).toEqual(names);
      expect(await applyPostgresMigrations(db.url, MIGRATIONS)).toEqual([]);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const tables = (await c.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((r) => r.table_name);
      await c.end();
      const models = [...fs.readFileSync(SQLITE_SCHEMA, "utf8").matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!);
      expect(tables.sort()).toEqual([...models, "_descent_migrations"].sort());
    } finally {
      await db.drop();
    }
  });

  it("a failing migration is rolled back and reported by name", async () => {
    const db = await freshPostgresDatabase();
    const dir = fs.mkdtempSync(path.join(repoRoot, "data", "pg-migrations-"));
    try {
      fs.mkdirSync(path.join(dir, "001_ok"));
      fs.writeFileSync(path.join(dir, "001_ok", "migration.sql"), `CREATE TABLE "A" ("id" TEXT PRIMARY KEY);`);
      fs.mkdirSync(path.join(dir, "002_bad"));
      fs.writeFileSync(path.join(dir, "002_bad", "migration.sql"), `CREATE TABLE "B" ("id" TEXT PRIMARY KEY); SELECT * FROM "missing";`);
      await expect(applyPostgresMigrations(db.url, dir)).rejects.toThrow(/002_bad/);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const tables = (await c.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((r) => r.table_name);
      const applied = (await c.query<{ name: string }>(`SELECT "name" FROM "_descent_migrations"`)).rows.map((r) => r.name);
      await c.end();
      expect(tables.sort()).toEqual(["A", "_descent_migrations"]);
      expect(applied).toEqual(["001_ok"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});

describe("npm start on PostgreSQL", () => {
  it("migrates the database, serves the pages and hosts a session", async () => {
    const db = await freshPostgresDatabase();
    server = await startServerProcess({ DATABASE_URL: db.url });
    expect(server.output()).not.toMatch(/binaries\.prisma\.sh|download/i);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await (await fetch(`${server.url}/`)).text()).toContain("Descent");
    const res = await fetch(`${server.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    expect((await fetch(`${server.url}/join/${code}`)).status).toBe(200);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    expect((await c.query(`SELECT "code" FROM "Session"`)).rows).toEqual([{ code }]);
    await c.end();
  }, 120_000);
});

describe("PostgreSQL away for 5 s in the middle of a question", () => {
  it("commands are refused with a clear error, never half applied, and the state equals its log afterwards", async () => {
    const db = await freshPostgresDatabase();
    const name = new URL(db.url).pathname.slice(1);
    const h = await startHarness({ databaseUrl: db.url });
    const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]+$/, "/postgres") });
    await admin.connect();
    try {
      const s = await h.host("seed-zero-grad");
      const host = await h.client({ cookie: s.cookie });
      await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
      const command = (c: object) => call<HostSession>(host, "host:command", { sessionId: s.sessionId, command: c });
      const students: Client[] = [];
      for (const nickname of ["Ada", "Bo", "Cy"]) {
        const c = await h.client();
        await ok(call<JoinResult>(c, "session:join", { code: s.code, nickname }));
        students.push(c);
      }
      await ok(command({ type: "start" }));
      await ok(command({ type: "goto", cursor: IT1_BACKWARD }));
      const qid = (await ok(command({ type: "ask", quantity: "w.grad" }))).question!.id;
      const submit = (k: number) => call<SubmitResult>(students[k]!, "answer:submit", { questionId: qid, answer: { kind: "number", value: -40 } });
      await ok(submit(0));
      await ok(submit(1));

      // The database goes away: no new connections, and the open ones are cut.
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
      const seen: string[] = [];
      const until = Date.now() + 5_000;
      while (Date.now() < until) {
        for (const r of [await submit(2), await command({ type: "reveal" })]) {
          // Each is refused with a clear, typed error (or, had it gone through, would be a success): never INTERNAL.
          seen.push(r.ok ? "ok" : r.error.code);
          if (!r.ok) expect(r.error).toEqual({ code: "UNAVAILABLE", message: expect.stringMatching(/database is not reachable/) });
        }
        await new Promise((r) => setTimeout(r, 400));
      }
      expect(seen).toContain("UNAVAILABLE");
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);

      // Back: the answer and the reveal go through (retried by the clients, as the app does).
      const retry = async <T>(f: () => Promise<{ ok: boolean } & T>) => {
        for (let i = 0; i < 50; i++) {
          const r = await f();
          if (r.ok) return r;
          await new Promise((res) => setTimeout(res, 200));
        }
        throw new Error("never went through");
      };
      await retry(() => submit(2));
      const revealed = (await retry(() => command({ type: "reveal" }))) as { ok: true; data: HostSession };
      expect(revealed.data.question!.result!.answered).toBe(3);

      // What the server holds is exactly what its log says.
      const live = (await h.service.byId(s.sessionId))!;
      const held = structuredClone(live.state);
      h.service.forget(s.sessionId);
      const replayed = (await h.service.byId(s.sessionId))!;
      expect(replayed.state).toEqual(held);
      const stored = await h.db.answer.count({ where: { sessionId: s.sessionId, questionId: qid } });
      expect(stored).toBe(3);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await h.close();
      await db.drop();
    }
  }, 60_000);
});

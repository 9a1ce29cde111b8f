/**
 * The real socket layer on a random port: socket.io + the session service + Prisma on a fresh SQLite file
 * (migrated exactly as `npm start` does). No Next.js: protocol tests need only the socket server.
 */
import http from "node:http";
import path from "node:path";
import { Server } from "socket.io";
import { io as ioClient, type Socket } from "socket.io-client";
import { loadConfig } from "../../server/config.ts";
import { openDb, tuneSqlite, type Db } from "../../server/db.ts";
import { applyMigrations } from "../../server/migrate.ts";
import type { ClientToServerEvents, Result, ServerToClientEvents } from "../../server/protocol/events.ts";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import { attachRealtime, type DescentIo } from "../../server/realtime.ts";
import { hashToken, newToken, type SessionService } from "../../server/session/service.ts";
import { sessionServices } from "../../server/session/setup.ts";
import { tempDir } from "./server-process.ts";
import { testDatabaseUrl } from "./test-database.ts";

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export type Harness = {
  url: string;
  db: Db;
  service: SessionService;
  /** A new session hosted by a new browser: `cookie` carries that browser's host key. */
  host(lessonId?: string): Promise<{ sessionId: string; code: string; hostKey: string; cookie: string }>;
  client(opts?: { cookie?: string }): Promise<Client>;
  close(): Promise<void>;
};

/** `databaseUrl`: a PostgreSQL database (see `freshPostgresDatabase`); by default a new SQLite file. */
export async function startHarness(opts: { databaseUrl?: string } = {}): Promise<Harness> {
  const databaseUrl = opts.databaseUrl ?? (await testDatabaseUrl(`file:${path.join(tempDir("rt"), "test.db")}`));
  const config = loadConfig({ DATABASE_URL: databaseUrl, NODE_ENV: "test" });
  await applyMigrations(config);
  const db = openDb(config);
  await tuneSqlite(db);
  const { sessions: service, compiler } = sessionServices(db);
  const httpServer = http.createServer();
  const io: DescentIo = new Server(httpServer, { connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
  attachRealtime(io, service);
  await new Promise<void>((r) => httpServer.listen(0, "127.0.0.1", r));
  const port = (httpServer.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const clients: Client[] = [];
  return {
    url,
    db,
    service,
    async host(lessonId = "seed-zero-grad") {
      const hostKey = newToken();
      const s = await service.create(lessonId, hashToken(hostKey));
      return { ...s, hostKey, cookie: `${HOST_COOKIE}=${hostKey}` };
    },
    async client(opts = {}) {
      const c: Client = ioClient(url, {
        transports: ["websocket"],
        forceNew: true,
        extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
      });
      clients.push(c);
      await new Promise<void>((resolve, reject) => {
        c.once("connect", () => resolve());
        c.once("connect_error", reject);
      });
      return c;
    },
    async close() {
      for (const c of clients) c.disconnect();
      service.dispose();
      await compiler.close();
      await new Promise<void>((r) => io.close(() => r()));
      await db.$disconnect();
    },
  };
}

/** emitWithAck with a timeout, typed loosely so tests can also send malformed payloads on purpose. */
export function call<T>(c: Client, event: keyof ClientToServerEvents, payload: unknown): Promise<Result<T>> {
  return (c.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Result<T>> }).emitWithAck(event, payload);
}

export async function ok<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}

/** Resolves with the next `event` whose payload satisfies `pred`. */
export function next<E extends keyof ServerToClientEvents>(
  c: Client,
  event: E,
  pred: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off(event, listener as never);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!pred(payload)) return;
      clearTimeout(timer);
      c.off(event, listener as never);
      resolve(payload);
    };
    c.on(event, listener as never);
  });
}

/** Every raw frame this client receives, as text (to check what never reaches a student). */
export function recordFrames(c: Client): string[] {
  const frames: string[] = [];
  c.io.engine.on("packet", (packet: { type: string; data?: unknown }) => {
    if (packet.type === "message") frames.push(String(packet.data));
  });
  return frames;
}

/** Every number anywhere inside a JSON frame. */
export function numbersIn(frame: string): number[] {
  const out: number[] = [];
  const start = frame.search(/[[{]/);
  if (start < 0) return out;
  const walk = (v: unknown) => {
    if (typeof v === "number") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(frame.slice(start)));
  } catch {
    // not JSON: engine.io control frames
  }
  return out;
}

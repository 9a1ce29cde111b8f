import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import next from "next";
import { Server } from "socket.io";
import type { Config } from "./config.ts";
import { sharedDb, tuneSqlite, type Db } from "./db.ts";
import { makeAuth } from "./auth.ts";
import { CLIENT_IP_HEADER, clientIp, deviceCookie, guardRequest, newCookieValue } from "./http-guard.ts";
import { capBody, descriptorLimit, globalConnectionCap, HTTP_SERVER_OPTIONS, limitConnections, MAX_BODY_BYTES, MAX_FRAME_BYTES } from "./transport-limits.ts";
import { makeLimits, take } from "./limits.ts";
import { COOKIE_VALUE, DEVICE_COOKIE } from "./protocol/cookies.ts";
import { attachRealtime, type DescentIo } from "./realtime.ts";
import { joinCluster } from "./cluster/index.ts";
import { setServices } from "./runtime.ts";
import type { SessionService } from "./session/service.ts";
import { sessionServices } from "./session/setup.ts";
import { parse as parseCookies } from "cookie";
import { originAllowed } from "./origin.ts";

/** How often idle sessions are looked for (they leave memory; their log stays). */
const EVICT_EVERY_MS = 60_000;

export type DescentServer = {
  httpServer: http.Server;
  io: DescentIo;
  db: Db;
  sessions: SessionService;
  /** The port actually listened on (useful with port 0). */
  port: number;
  close(): Promise<void>;
};

/**
 * One HTTP server, one port: Next.js (App Router) answers pages and API routes,
 * socket.io answers on /socket.io on the same server.
 */
export async function startServer(config: Config, opts: { dev: boolean; dir?: string }): Promise<DescentServer> {
  const db = sharedDb(config);
  if (config.sqlitePath) await tuneSqlite(db);
  const { compiler, sessions, works } = sessionServices(db);
  sessions.capacity = config.maxParticipants;
  const limits = makeLimits();
  const auth = makeAuth(db, config, config.port);
  sessions.teacherOf = (headers) => auth.api.getSession({ headers }).then((s) => s?.user.id ?? null).catch(() => null);
  const eventLoop = monitorEventLoopDelay({ resolution: 10 });
  eventLoop.enable();
  setServices({ sessions, works, compiler, limits, publicUrl: config.publicUrl, secureCookies: config.secureCookies, auth, db, eventLoop });
  const app = next({ dev: opts.dev, dir: opts.dir ?? process.cwd(), hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  const guard = { dev: opts.dev, trustProxy: config.trustProxy, secureCookies: config.secureCookies };

  const httpServer = http.createServer(HTTP_SERVER_OPTIONS, (req, res) => {
    if (capBody(req, res, MAX_BODY_BYTES) && guardRequest(req, res, guard)) void handle(req, res);
  });
  limitConnections(httpServer, {
    perAddress: config.trustProxy ? null : config.maxConnectionsPerAddress,
    total: globalConnectionCap(config.maxConnections, descriptorLimit()),
  });
  const io: DescentIo = new Server(httpServer, {
    // Browsers may open a socket only from a page of this app (the host cookie rides on the handshake), and one
    // address may open only so many connections a minute.
    allowRequest: (req, callback) => {
      if (!originAllowed(req.headers.origin, req.headers.host, config.publicUrl)) return callback(null, false);
      // The socket's handshake carries the address as the HTTP guard sees it (for the joins' limit per address).
      const ip = clientIp(req, config.trustProxy);
      req.headers[CLIENT_IP_HEADER] = ip;
      void take(limits.connect, ip).then((wait) => callback(null, wait === 0));
    },
    // A frame larger than any legitimate message is refused by its length, before it is decoded.
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // Leave other upgrade requests (Next's dev HMR socket) to Next.
    destroyUpgrade: false,
    // Short drops resume the same socket with its rooms and missed events; longer ones resync from a resume token.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  });
  // A browser that opens a socket before any page (or lost its cookie) gets its device cookie on the handshake.
  io.engine.on("initial_headers", (headers: Record<string, string | string[]>, req: http.IncomingMessage) => {
    const device = parseCookies(req.headers.cookie ?? "")[DEVICE_COOKIE];
    if (device && COOKIE_VALUE.test(device)) return;
    const value = newCookieValue();
    headers["set-cookie"] = deviceCookie(value, config.secureCookies);
    req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ""}${DEVICE_COOKIE}=${value}`;
  });
  attachRealtime(io, sessions, Date.now, limits);
  // Several processes: messages between them through Redis, and one owner per session.
  const cluster = config.redisUrl ? await joinCluster(io, sessions, config.redisUrl, config.nodeId) : null;
  httpServer.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/socket.io/")) void upgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;

  // Once listening: reload the sessions that were running before a restart (each lesson compiled in the worker,
  // so the server answers meanwhile), and from then on let idle sessions leave memory.
  void sessions
    .restoreRecent()
    .then((n) => {
      if (n > 0) console.log(`Resumed ${n} live session${n === 1 ? "" : "s"} from the event log.`);
    })
    .catch((err: unknown) => console.error("restoring sessions failed:", err));
  const evictTimer = setInterval(() => sessions.evictIdle(), EVICT_EVERY_MS);
  evictTimer.unref();

  return {
    httpServer,
    io,
    db,
    sessions,
    port,
    async close() {
      clearInterval(evictTimer);
      sessions.dispose();
      await cluster?.close();
      await compiler.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close?.();
      await db.$disconnect();
    },
  };
}

import http from "node:http";
import next from "next";
import { Server } from "socket.io";
import type { Config } from "./config.ts";
import { sharedDb, tuneSqlite, type Db } from "./db.ts";
import { attachRealtime, type DescentIo } from "./realtime.ts";
import { setServices } from "./runtime.ts";
import { builtInCatalog } from "./session/lesson-runtime.ts";
import { SessionRepository } from "./session/repository.ts";
import { SessionService } from "./session/service.ts";

/** Same origin as the request (or PUBLIC_URL's); requests without an Origin (non-browser clients) pass. */
export function originAllowed(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): boolean {
  if (!origin) return true;
  try {
    const o = new URL(origin);
    if (host && o.host === host) return true;
    return publicUrl !== undefined && o.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

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
  const sessions = new SessionService(new SessionRepository(db), builtInCatalog());
  const restored = await sessions.restore();
  if (restored > 0) console.log(`Resumed ${restored} live session${restored === 1 ? "" : "s"} from the event log.`);
  setServices({ sessions, publicUrl: config.publicUrl });
  const app = next({ dev: opts.dev, dir: opts.dir ?? process.cwd(), hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();

  const httpServer = http.createServer((req, res) => {
    void handle(req, res);
  });
  const io: DescentIo = new Server(httpServer, {
    // Browsers may open a socket only from a page of this app (the host cookie rides on the handshake).
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, config.publicUrl)),
    // Leave other upgrade requests (Next's dev HMR socket) to Next.
    destroyUpgrade: false,
    // Short drops resume the same socket with its rooms and missed events; longer ones resync from a resume token.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  });
  attachRealtime(io, sessions);
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

  return {
    httpServer,
    io,
    db,
    sessions,
    port,
    async close() {
      sessions.dispose();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close?.();
      await db.$disconnect();
    },
  };
}

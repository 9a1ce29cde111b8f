import http from "node:http";
import next from "next";
import { Server } from "socket.io";
import type { Config } from "./config.ts";
import { sharedDb, type Db } from "./db.ts";

export type DescentServer = {
  httpServer: http.Server;
  io: Server;
  db: Db;
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
  const app = next({ dev: opts.dev, dir: opts.dir ?? process.cwd(), hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();

  const httpServer = http.createServer((req, res) => {
    void handle(req, res);
  });
  const io = new Server(httpServer, {
    // Leave other upgrade requests (Next's dev HMR socket) to Next.
    destroyUpgrade: false,
  });
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
    port,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close?.();
      await db.$disconnect();
    },
  };
}

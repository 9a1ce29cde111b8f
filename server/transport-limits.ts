/**
 * How much one client may hold of the transport: bytes in a request body or a socket frame, time to send a
 * request, and open connections. Each limit is sized from the largest thing a real class sends, so that a hall
 * never meets it while a flood of oversized, slow or half-sent requests is cut off before it costs memory,
 * descriptors or event-loop time.
 */
import fs from "node:fs";
import type http from "node:http";
import type net from "node:net";
import { MAX_ANSWER_ELEMENTS } from "./protocol/constants.ts";
import { CUSTOM_LESSON_LIMITS } from "./session/custom-lessons.ts";

/**
 * A request body: the largest is a teacher's lesson, at most `CUSTOM_LESSON_LIMITS.bytes` characters plus its
 * JSON envelope (the routes check the text's length). UTF-8 takes at most 3 bytes per UTF-16 unit, and a
 * margin covers the envelope; server actions and sign-in forms are far smaller.
 */
export const MAX_BODY_BYTES = 4 * (CUSTOM_LESSON_LIMITS.bytes + 1_000);

/**
 * A socket.io message (with long-polling, a batch of them in one request). The largest a client sends is a
 * vector answer: MAX_ANSWER_ELEMENTS numbers of at most 24 characters ("-1.2345678901234567e-308") and a
 * question id of 100, about 1.8 kB; a join with a 200-character nickname and identifier, each escaped as
 * \uXXXX, about 2.6 kB. Several of those fit; a frame that does not is refused by its length, before it is read.
 */
export const MAX_FRAME_BYTES = Math.max(16_384, 8 * (MAX_ANSWER_ELEMENTS * 25 + 200));

export const HTTP_TIMEOUTS = {
  /** A request's headers arrive in one or two packets; a client that trickles them (slowloris) is cut off. */
  headersMs: 15_000,
  /** The whole request, body included: the largest body at about 15 kB/s. */
  requestMs: 60_000,
  /** An idle kept-alive connection between requests. */
  keepAliveMs: 5_000,
  /** How often the two timeouts above are checked (Node's default of 30 s would let them overrun that much). */
  checkEveryMs: 1_000,
} as const;

export const HTTP_SERVER_OPTIONS: http.ServerOptions = {
  headersTimeout: HTTP_TIMEOUTS.headersMs,
  requestTimeout: HTTP_TIMEOUTS.requestMs,
  keepAliveTimeout: HTTP_TIMEOUTS.keepAliveMs,
  connectionsCheckingInterval: HTTP_TIMEOUTS.checkEveryMs,
};

/** Descriptors kept for everything but client connections: the database, workers, Redis, files Next.js reads. */
const RESERVED_DESCRIPTORS = 256;

/** The process's soft limit of open files (Linux; null where /proc is not there). */
export function descriptorLimit(limitsFile = "/proc/self/limits"): number | null {
  try {
    const line = fs
      .readFileSync(limitsFile, "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const soft = line?.slice("Max open files".length).trim().split(/\s+/)[0];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

/** The cap on open connections in all: the configured one, never above what the descriptor limit leaves room for. */
export function globalConnectionCap(configured: number | undefined, descriptors: number | null): number | undefined {
  const room = descriptors === null ? undefined : Math.max(64, descriptors - RESERVED_DESCRIPTORS);
  if (configured === undefined) return room;
  return room === undefined ? configured : Math.min(configured, room);
}

const TOO_MANY_CONNECTIONS = [
  "HTTP/1.1 503 Service Unavailable",
  "Connection: close",
  "Content-Type: text/plain; charset=utf-8",
  "Retry-After: 10",
  "",
  "Too many open connections from this address.",
].join("\r\n");

/**
 * Caps open connections (socket.io's included) per client address and in all. Past the global cap Node drops
 * new connections at once; past an address's cap the connection gets a 503 and is closed, so the descriptors
 * stay free for everyone else. `perAddress: null` behind a trusted proxy, where every client has its address.
 */
export function limitConnections(server: http.Server, opts: { perAddress: number | null; total: number | undefined }): void {
  if (opts.total !== undefined) server.maxConnections = opts.total;
  const perAddress = opts.perAddress;
  if (perAddress === null) return;
  const open = new Map<string, number>();
  server.on("connection", (socket: net.Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const count = open.get(address) ?? 0;
    if (count >= perAddress) {
      socket.end(TOO_MANY_CONNECTIONS, () => socket.destroy());
      return;
    }
    open.set(address, count + 1);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

const TOO_LARGE = "Request too large.";

function refuseTooLarge(res: http.ServerResponse): void {
  res.shouldKeepAlive = false;
  res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
  res.end(TOO_LARGE);
}

/**
 * Caps the request's body at `limit` bytes while it is read, whoever reads it (Next.js reads the request
 * itself): a larger Content-Length is answered 413 at once; a chunked body is counted as each piece arrives,
 * and the piece that passes the cap is never buffered: the request is answered 413 (unless a response has
 * begun) and its connection closed. Returns false when the request was answered here.
 */
export function capBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): boolean {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    refuseTooLarge(res);
    return false;
  }
  // Node's HTTP parser hands every piece of the body to push(): counting there sees each byte as it arrives,
  // without reading the stream ahead of its consumer.
  const push = req.push.bind(req);
  let received = 0;
  let refused = false;
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (refused) return false;
    if (chunk !== null && (typeof chunk === "string" || chunk instanceof Uint8Array)) received += chunk.length;
    if (received <= limit) return push(chunk, encoding);
    refused = true;
    if (res.headersSent) req.socket.destroy();
    else {
      res.once("finish", () => req.socket.destroy());
      refuseTooLarge(res);
    }
    return false;
  };
  return true;
}

"use client";

import { io, type Socket } from "socket.io-client";
import type { AckData, ClientToServerEvents, PayloadOf, Result, ServerToClientEvents } from "@/server/protocol/events";

export type DescentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket per page; same origin, so the host and device cookies travel with the handshake. */
export function connect(): DescentSocket {
  return io({ transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
}

const ACK_TIMEOUT_MS = 8000;
const LOST = { ok: false, error: { code: "UNAVAILABLE", message: "No answer from the server: check your connection and try again." } } as const;

/**
 * Emits `event` with its payload and waits for the typed ack (both from the protocol's event map); a lost ack
 * becomes a retryable error instead of a hang.
 */
export function request<E extends keyof ClientToServerEvents>(socket: DescentSocket, event: E, payload: PayloadOf<E>): Promise<Result<AckData<E>>>;
// The implementation sees a socket without an event map: the signature above is what callers get.
export function request(socket: Socket, event: string, payload: unknown): Promise<Result<unknown>> {
  return socket
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck(event, payload)
    .then((r: Result<unknown>) => r)
    .catch(() => LOST);
}

/** How long `requestUntilAnswered` keeps trying (a session moving to another server takes a few seconds). */
const RETRY_FOR_MS = 20_000;

/**
 * `request`, tried again while the server cannot answer (UNAVAILABLE: no ack, the database away for a moment, the
 * process running the session being replaced): for re-attaching after a reconnection, which nobody clicks again.
 */
export async function requestUntilAnswered<E extends keyof ClientToServerEvents>(socket: DescentSocket, event: E, payload: PayloadOf<E>): Promise<Result<AckData<E>>> {
  const end = Date.now() + RETRY_FOR_MS;
  for (;;) {
    const r = await request(socket, event, payload);
    if (r.ok || r.error.code !== "UNAVAILABLE" || Date.now() > end || !socket.connected) return r;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

"use client";

import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, Result, ServerToClientEvents } from "@/server/protocol/events";

export type DescentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket per page; same origin, so the host cookie travels with the handshake. */
export function connect(): DescentSocket {
  return io({ transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
}

/** Emits with an ack and a timeout; a lost ack becomes a retryable error instead of a hang. */
export function request<T>(
  socket: DescentSocket,
  event: keyof ClientToServerEvents,
  payload: unknown,
  timeoutMs = 8000,
): Promise<Result<T>> {
  return new Promise((resolve) => {
    (socket.timeout(timeoutMs) as unknown as { emit(e: string, p: unknown, cb: (err: Error | null, r: Result<T>) => void): void }).emit(
      event,
      payload,
      (err, result) => {
        if (err) resolve({ ok: false, error: { code: "INTERNAL", message: "No answer from the server: check your connection and try again." } });
        else resolve(result);
      },
    );
  });
}

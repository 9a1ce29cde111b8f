"use client";

import { useEffect, useState } from "react";
import type { PublicSession } from "@/server/protocol/views";
import { connect, request } from "./socket";

/** Follows a session's public state (projector): never receives a true value before its reveal. */
export function useWatch(code: string) {
  const [session, setSession] = useState<PublicSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [connected, setConnected] = useState(false);
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const socket = connect();
    socket.on("connect", async () => {
      setConnected(true);
      if (socket.recovered) return;
      const r = await request(socket, "session:watch", { code });
      if (r.ok) {
        setSession(r.data);
        setOffset(r.data.serverNow - Date.now());
      } else setError(r.error.message);
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("session:state", (s) => {
      setSession(s);
      setOffset(s.serverNow - Date.now());
    });
    return () => {
      socket.disconnect();
    };
  }, [code]);
  return { session, error, connected, offset };
}

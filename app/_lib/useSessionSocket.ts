"use client";

import { useEffect, useRef, useState } from "react";
import { connect, type DescentSocket } from "./socket";

/**
 * The one socket of a live view (host console, projector, student app). `subscribe` registers the view's
 * listeners once; `attach` runs on every new connection (first visit, reload, or after the server restarted)
 * but not after a short drop that socket.io recovered (the room and missed events come back by themselves).
 * Also tracks the server's clock offset from `serverNow` of the states it is given.
 */
export function useSessionSocket(
  opts: { attach: (socket: DescentSocket) => Promise<void> | void; subscribe: (socket: DescentSocket) => void },
  deps: readonly unknown[],
): { socket: DescentSocket | null; connected: boolean } {
  const [connected, setConnected] = useState(false);
  const [socket, setSocket] = useState<DescentSocket | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  useEffect(() => {
    const s = connect();
    setSocket(s);
    s.on("connect", () => {
      setConnected(true);
      if (!s.recovered) void optsRef.current.attach(s);
    });
    s.on("disconnect", () => setConnected(false));
    optsRef.current.subscribe(s);
    return () => {
      s.disconnect();
    };
    // The caller names what a new socket depends on (the options are read through a ref).
  }, deps);
  return { socket, connected };
}

/** The server's clock minus this browser's, from a state's `serverNow` (for countdowns). */
export function clockOffset(serverNow: number): number {
  return serverNow - Date.now();
}

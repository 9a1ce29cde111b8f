"use client";

import { useState } from "react";
import { withTick } from "@/server/protocol/tick";
import type { LessonInfo, PublicSession } from "@/server/protocol/views";
import { requestUntilAnswered } from "./socket";
import { clockOffset, useSessionSocket } from "./useSessionSocket";

/** Follows a session's public state (projector): never receives a true value before its reveal. */
export function useWatch(code: string) {
  const [session, setSession] = useState<PublicSession | null>(null);
  const [lesson, setLesson] = useState<LessonInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const adopt = (s: PublicSession) => {
    setSession(s);
    setOffset(clockOffset(s.serverNow));
  };
  const { connected } = useSessionSocket(
    {
      attach: async (socket) => {
        const r = await requestUntilAnswered(socket, "session:watch", { code });
        if (r.ok) {
          setLesson(r.data.lesson);
          adopt(r.data.session);
        } else setError(r.error.message);
      },
      subscribe: (socket) => {
        socket.on("session:state", adopt);
        socket.on("session:tick", (tick) => setSession((s) => (s ? withTick(s, tick) : s)));
      },
    },
    [code],
  );
  return { session, lesson, error, connected, offset };
}

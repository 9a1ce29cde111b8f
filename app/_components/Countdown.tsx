"use client";

import { useEffect, useState } from "react";

/** Seconds left until `deadline` (server epoch ms), corrected by the server's clock offset. */
export function Countdown({ deadline, offsetMs }: { deadline: number; offsetMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const left = Math.max(0, Math.ceil((deadline - (now + offsetMs)) / 1000));
  return (
    <span className="tabular-nums" aria-label={`${left} seconds left`}>
      {left} s left
    </span>
  );
}

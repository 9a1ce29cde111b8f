"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { startWork } from "@/app/_lib/start-work";

export function PractiseButton({ lessonId, describedBy }: { lessonId: string; describedBy: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function start() {
    setBusy(true);
    setError(null);
    const r = await startWork({ practice: lessonId });
    if (r.ok) return router.push(r.path);
    setError(r.message);
    setBusy(false);
  }
  return (
    <>
      <button type="button" className="btn-primary" aria-describedby={describedBy} disabled={busy} onClick={() => void start()}>
        Practise
      </button>
      {error && (
        <p role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      )}
    </>
  );
}

"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";

export function PractiseButton({ lessonId, describedBy }: { lessonId: string; describedBy: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function start() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/work", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ practice: lessonId }) });
      const body = (await res.json()) as { workId?: string; error?: { message: string } };
      if (res.ok && body.workId) return router.push(`/work/${body.workId}`);
      setError(body.error?.message ?? "That did not work: try again.");
    } catch {
      setError("No connection: check your network and try again.");
    }
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

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { chosenClass } from "./ClassChoice";

export function StartButton({ lessonId, describedBy }: { lessonId: string; describedBy: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <button
        type="button"
        disabled={busy}
        aria-describedby={describedBy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const res = await fetch("/api/sessions", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ lessonId, ...(chosenClass() ? { classId: chosenClass() } : {}) }),
            });
            const body = (await res.json()) as { hostPath?: string; error?: { message: string } };
            if (!res.ok || !body.hostPath) throw new Error(body.error?.message ?? "Could not start the session.");
            router.push(body.hostPath);
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
            setBusy(false);
          }
        }}
        className="rounded-xl bg-descent-700 px-4 py-2 font-semibold text-white hover:bg-descent-900 disabled:opacity-60"
      >
        {busy ? "Starting…" : "Host this lesson"}
      </button>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export function ClaimHost({ sessionId }: { sessionId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const secret = window.location.hash.slice(1);
    if (!secret) {
      setError("This link has no host key in it: open the whole link, or scan the QR code again.");
      return;
    }
    void (async () => {
      const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/claim`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ secret }),
      });
      const body = (await res.json().catch(() => ({}))) as { hostPath?: string; error?: { message: string } };
      if (res.ok && body.hostPath) {
        history.replaceState(null, "", window.location.pathname); // the secret leaves the address bar
        router.replace(body.hostPath);
      } else setError(body.error?.message ?? "This host link did not work.");
    })();
  }, [sessionId, router]);
  return error ? (
    <p role="alert" className="mt-4 text-red-800">
      {error}
    </p>
  ) : (
    <p role="status" className="mt-4">
      Checking the host link…
    </p>
  );
}

"use client";

import { useState } from "react";

/**
 * Host control can move: a link (and QR code) that makes another device a host — shown only here, made on
 * request, replaced each time, and revocable (which also takes control from every other device).
 */
export function HostLink({ sessionId }: { sessionId: string }) {
  const [link, setLink] = useState<{ url: string; qr: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function call(action: "create" | "revoke") {
    setBusy(true);
    setMessage(null);
    const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/host-link`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action }),
    });
    setBusy(false);
    const body = (await res.json().catch(() => ({}))) as { url?: string; qr?: string; error?: { message: string } };
    if (!res.ok) return setMessage(body.error?.message ?? "That did not work.");
    if (action === "create" && body.url && body.qr) setLink({ url: body.url, qr: body.qr });
    else {
      setLink(null);
      setMessage("The host link is revoked: only this device hosts now.");
    }
  }

  return (
    <details className="rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200">
      <summary className="cursor-pointer font-semibold">Host from another device</summary>
      <p className="mt-2 text-slate-700">
        If this computer fails, open the host link on another device (a phone or a laptop) to carry on. Keep it off the projector:
        whoever opens it can run the session.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" disabled={busy} onClick={() => call("create")}>
          {link ? "Make a new host link" : "Show a host link"}
        </button>
        <button type="button" className="btn-secondary" disabled={busy} onClick={() => call("revoke")}>
          Revoke host links
        </button>
      </div>
      {link && (
        <div className="mt-3 flex items-start gap-3">
          <div className="h-32 w-32 shrink-0 rounded bg-white p-1 ring-1 ring-slate-200" role="img" aria-label="QR code of the host link" dangerouslySetInnerHTML={{ __html: link.qr }} />
          <p className="font-mono text-xs break-all" data-testid="host-link">
            {link.url}
          </p>
        </div>
      )}
      {message && (
        <p role="status" className="mt-2">
          {message}
        </p>
      )}
    </details>
  );
}

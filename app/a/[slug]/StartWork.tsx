"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { startWork } from "@/app/_lib/start-work";
import { NICKNAME_MAX } from "@/server/protocol/constants";

/** The student says who they are, as the class asks (a nickname, or their name or student ID), and starts. */
export function StartWork({ slug, asks, someoneElse }: { slug: string; asks: "name" | "nickname"; someoneElse: boolean }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const errorId = useId();

  async function start(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await startWork({ assignment: slug, name });
    if (r.ok) return router.push(r.path);
    setError(r.message);
    setBusy(false);
  }

  return (
    <form onSubmit={start} className="flex flex-col gap-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200" noValidate>
      {someoneElse && <p className="font-semibold">Someone else? Start with your own name:</p>}
      <label htmlFor={id} className="font-semibold">
        {asks === "name" ? "Your name or student ID (your teacher sees it)" : "A nickname (your teacher sees it, nobody else)"}
      </label>
      <input
        id={id}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={asks === "name" ? 80 : NICKNAME_MAX}
        autoComplete={asks === "name" ? "name" : "nickname"}
        aria-describedby={error ? errorId : undefined}
        aria-invalid={error !== null}
        className="rounded-xl border-2 border-slate-300 px-3 py-2 text-lg focus:border-descent-600 focus:outline-none"
      />
      <button type="submit" className="btn-primary py-3 text-lg" disabled={busy}>
        Start
      </button>
      {error && (
        <p id={errorId} role="alert" className="text-red-700">
          {error}
        </p>
      )}
      <p className="text-sm text-slate-700">No account needed. Your progress is kept in this browser: come back to this link to carry on.</p>
    </form>
  );
}

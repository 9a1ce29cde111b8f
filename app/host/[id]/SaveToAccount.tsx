"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ClassSelect } from "@/app/_components/ClassSelect";

/** Keeps a session hosted without an account in the signed-in teacher's account (and, optionally, a class). */
export function SaveToAccount({ sessionId, classes }: { sessionId: string; classes: { id: string; name: string }[] }) {
  const router = useRouter();
  const id = useId();
  const [classId, setClassId] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="rounded-xl bg-descent-50 p-4 text-sm ring-1 ring-descent-100">
      <p className="font-semibold">This session is not in your account yet.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <label htmlFor={id}>Class</label>
        <ClassSelect id={id} classes={classes} value={classId} onChange={setClassId} />
        <button
          type="button"
          className="btn-secondary"
          onClick={async () => {
            const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/owner`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ classId: classId || null }),
            });
            if (res.ok) router.refresh();
            else setError(((await res.json().catch(() => ({}))) as { error?: { message: string } }).error?.message ?? "That did not work.");
          }}
        >
          Save to my account
        </button>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { JOIN_CODE_LENGTH, normalizeJoinCode } from "@/server/protocol/codes";

/** The join-by-code box of the landing page. */
export function JoinForm() {
  const router = useRouter();
  const inputId = useId();
  const errorId = useId();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);

  return (
    <form
      className="flex flex-col gap-3"
      aria-describedby={error ? errorId : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        const normalized = normalizeJoinCode(code);
        if (normalized === null) {
          setError(`A join code is ${JOIN_CODE_LENGTH} letters and digits, as shown on the projector.`);
          return;
        }
        router.push(`/join/${normalized}`);
      }}
    >
      <label htmlFor={inputId} className="text-sm font-semibold text-slate-700">
        Join code
      </label>
      <input
        id={inputId}
        name="code"
        value={code}
        onChange={(e) => {
          setCode(e.target.value.toUpperCase());
          setError(null);
        }}
        inputMode="text"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={JOIN_CODE_LENGTH + 2}
        placeholder="e.g. K7QX2M"
        aria-invalid={error !== null}
        className="w-full rounded-xl border-2 border-slate-300 bg-white px-4 py-3 text-center font-mono text-2xl tracking-[0.3em] uppercase placeholder:tracking-normal placeholder:text-slate-500 focus:border-descent-600 focus:outline-none"
      />
      {error && (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="rounded-xl bg-descent-700 px-4 py-3 text-lg font-semibold text-white hover:bg-descent-900 disabled:opacity-50"
      >
        Join a session
      </button>
    </form>
  );
}

import { useId, type InputHTMLAttributes, type ReactNode } from "react";

/** A labelled text input of the account forms; `children` follow the input (a hint, a verdict). */
export function TextField({ label, children, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; children?: ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      <input id={id} {...input} className="rounded-xl border-2 border-slate-300 px-3 py-2 text-lg focus:border-descent-600 focus:outline-none" />
      {children}
    </div>
  );
}

/** The account forms' end: the error (announced), then the submit button. */
export function FormSubmit({ error, errorId, busy, label }: { error: string | null; errorId: string; busy: boolean; label: string }) {
  return (
    <>
      {error && (
        <p id={errorId} role="alert" className="rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="btn-primary py-3 text-lg">
        {busy ? "One moment…" : label}
      </button>
    </>
  );
}

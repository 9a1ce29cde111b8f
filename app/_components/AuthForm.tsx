"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { authClient } from "@/app/_lib/auth-client";

/** Sign in or create an account: email and password (nothing depends on receiving an email). */
export function AuthForm({ mode, passwordMin }: { mode: "sign-in" | "sign-up"; passwordMin: number }) {
  const router = useRouter();
  const ids = { name: useId(), email: useId(), password: useId(), error: useId() };
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const action = mode === "sign-in" ? "Sign in" : "Create account";

  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const r =
      mode === "sign-in"
        ? await authClient.signIn.email({ email, password })
        : await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "").trim() || email.split("@")[0]! });
    setBusy(false);
    if (r.error) {
      setError(messageFor(r.error, mode, passwordMin));
      return;
    }
    router.push("/dashboard");
    router.refresh();
  }

  return (
    <form action={submit} className="mt-6 flex flex-col gap-4" aria-describedby={error ? ids.error : undefined}>
      {mode === "sign-up" && (
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.name} className="font-semibold">
            Your name
          </label>
          <input id={ids.name} name="name" autoComplete="name" className="rounded-xl border-2 border-slate-300 px-3 py-2 text-lg focus:border-descent-600 focus:outline-none" />
        </div>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.email} className="font-semibold">
          Email
        </label>
        <input id={ids.email} name="email" type="email" required autoComplete="email" className="rounded-xl border-2 border-slate-300 px-3 py-2 text-lg focus:border-descent-600 focus:outline-none" />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.password} className="font-semibold">
          Password
        </label>
        <input
          id={ids.password}
          name="password"
          type="password"
          required
          minLength={mode === "sign-up" ? passwordMin : undefined}
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          className="rounded-xl border-2 border-slate-300 px-3 py-2 text-lg focus:border-descent-600 focus:outline-none"
        />
        {mode === "sign-up" && <p className="text-sm text-slate-600">At least {passwordMin} characters.</p>}
      </div>
      {error && (
        <p id={ids.error} role="alert" className="rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="btn-primary py-3 text-lg">
        {busy ? "One moment…" : action}
      </button>
      <p className="text-slate-700">
        {mode === "sign-in" ? (
          <>
            New here? <Link href="/sign-up" className="font-semibold text-descent-700 underline">Create account</Link>
          </>
        ) : (
          <>
            Have an account? <Link href="/sign-in" className="font-semibold text-descent-700 underline">Sign in</Link>
          </>
        )}
      </p>
    </form>
  );
}

/** better-auth's error, said for a teacher. */
function messageFor(e: { code?: string | undefined; message?: string | undefined; status: number }, mode: "sign-in" | "sign-up", passwordMin: number): string {
  if (e.status === 429) return "Too many attempts: wait a minute, then try again.";
  switch (e.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return "That email and password do not match an account. Check both and try again.";
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
      return "An account with this email already exists: sign in instead.";
    case "PASSWORD_TOO_SHORT":
      return `That password is too weak: use at least ${passwordMin} characters.`;
    case "PASSWORD_TOO_LONG":
      return "That password is too long.";
    case "INVALID_EMAIL":
      return "That is not an email address.";
    default:
      return e.message ?? (mode === "sign-in" ? "Signing in did not work." : "Creating the account did not work.");
  }
}

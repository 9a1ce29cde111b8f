"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { FormSubmit, TextField } from "@/app/_components/TextField";
import { authClient } from "@/app/_lib/auth-client";

/** Sign in: email and password (nothing depends on receiving an email). Creating an account: app/sign-up. */
export function AuthForm() {
  const router = useRouter();
  const ids = { error: useId() };
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const r = await authClient.signIn.email({ email, password });
    setBusy(false);
    if (r.error) {
      setError(messageFor(r.error));
      return;
    }
    router.push("/dashboard");
    router.refresh();
  }

  return (
    <form action={submit} className="mt-6 flex flex-col gap-4" aria-describedby={error ? ids.error : undefined}>
      <TextField label="Email" name="email" type="email" required autoComplete="email" />
      <TextField label="Password" name="password" type="password" required autoComplete="current-password" />
      <FormSubmit error={error} errorId={ids.error} busy={busy} label="Sign in" />
      <p className="text-slate-700">
        New here? <Link href="/sign-up" className="font-semibold text-descent-700 underline">Create account</Link>
      </p>
    </form>
  );
}

/** better-auth's error, said for a teacher. */
function messageFor(e: { code?: string | undefined; message?: string | undefined; status: number }): string {
  if (e.status === 429) return "Too many attempts: wait a minute, then try again.";
  switch (e.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return "That email and password do not match an account. Check both and try again.";
    case "INVALID_EMAIL":
      return "That is not an email address.";
    default:
      return e.message ?? "Signing in did not work.";
  }
}

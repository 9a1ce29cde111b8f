"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { FormSubmit, TextField } from "@/app/_components/TextField";
import { authClient } from "@/app/_lib/auth-client";

type Checker = typeof import("@/server/password-strength");

const TOO_MANY = "Too many attempts: wait a minute, then try again.";

/**
 * Create an account: name, email and password, then sign in with them. While the password is typed, the server's
 * own strength check (`server/password-strength.ts`, loaded only once the password field is used: its word lists
 * are large) says whether it will be accepted and why not. Sign-up answers the same whether or not the email is
 * registered (`server/auth.ts`), so what happens is told by the sign-in that follows.
 */
export function SignUpForm({ passwordMin }: { passwordMin: number }) {
  const router = useRouter();
  const ids = { hint: useId(), strength: useId(), error: useId() };
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [strength, setStrength] = useState<{ password: string; problem: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const checker = useRef<Promise<Checker | null> | null>(null);

  const loadChecker = () => (checker.current ??= import("@/server/password-strength").catch(() => null));
  const nameToSend = (n: string, e: string) => n.trim() || e.trim().split("@")[0]!;

  useEffect(() => {
    if (password.length < passwordMin) return;
    let live = true;
    const timer = setTimeout(() => {
      void loadChecker().then((m) => {
        if (live && m) setStrength({ password, problem: m.passwordProblem(password, [email.trim(), nameToSend(name, email)]) });
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [password, email, name, passwordMin]);

  // Only a verdict on what is in the field now is shown.
  const verdict = password.length >= passwordMin && strength?.password === password ? strength : null;

  async function submit() {
    setBusy(true);
    setError(null);
    const e = email.trim();
    try {
      const up = await authClient.signUp.email({ email: e, password, name: nameToSend(name, e) });
      if (up.error) {
        setError(signUpMessage(up.error, passwordMin));
        return;
      }
      const signIn = await authClient.signIn.email({ email: e, password });
      if (signIn.error) {
        setError(
          signIn.error.status === 429
            ? TOO_MANY
            : "Signing in with this email and password did not work. If you already have an account with this email, sign in with its password instead.",
        );
        return;
      }
      router.push("/dashboard");
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      className="mt-6 flex flex-col gap-4"
      aria-describedby={error ? ids.error : undefined}
    >
      <TextField label="Your name" name="name" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
      <TextField label="Email" name="email" type="email" required autoComplete="email" value={email} onChange={(event) => setEmail(event.target.value)} />
      <TextField
        label="Password"
        name="password"
        type="password"
        required
        minLength={passwordMin}
        autoComplete="new-password"
        value={password}
        onFocus={() => void loadChecker()}
        onChange={(event) => setPassword(event.target.value)}
        aria-describedby={`${ids.hint} ${ids.strength}`}
      >
        <p id={ids.hint} className="text-sm text-slate-600">
          At least {passwordMin} characters. A few unrelated words make a strong password.
        </p>
        <p id={ids.strength} aria-live="polite" className={`text-sm ${verdict?.problem ? "text-amber-800" : "text-emerald-800"}`}>
          {verdict ? (verdict.problem ?? "Strong enough.") : null}
        </p>
      </TextField>
      <FormSubmit error={error} errorId={ids.error} busy={busy} label="Create account" />
      <p className="text-slate-700">
        Have an account? <Link href="/sign-in" className="font-semibold text-descent-700 underline">Sign in</Link>
      </p>
    </form>
  );
}

/** better-auth's sign-up error, said for a teacher (a refused password comes with the server's reasons). */
function signUpMessage(e: { code?: string | undefined; message?: string | undefined; status: number }, passwordMin: number): string {
  if (e.status === 429) return TOO_MANY;
  switch (e.code) {
    case "PASSWORD_TOO_SHORT":
      return `That password is too short: use at least ${passwordMin} characters.`;
    case "PASSWORD_TOO_LONG":
      return "That password is too long.";
    case "INVALID_EMAIL":
      return "That is not an email address.";
    default:
      // PASSWORD_TOO_WEAK's message says why and what to do.
      return e.message ?? "Creating the account did not work.";
  }
}

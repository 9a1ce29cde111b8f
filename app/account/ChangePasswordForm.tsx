"use client";

import { useId, useState } from "react";
import { authClient } from "@/app/_lib/auth-client";

export function ChangePasswordForm({ passwordMin }: { passwordMin: number }) {
  const ids = { current: useId(), next: useId() };
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="flex max-w-md flex-col gap-3 rounded-2xl bg-white p-5 ring-1 ring-slate-200"
      action={async (form) => {
        const r = await authClient.changePassword({
          currentPassword: String(form.get("current") ?? ""),
          newPassword: String(form.get("next") ?? ""),
          revokeOtherSessions: true,
        });
        if (r.error) {
          const text =
            r.error.code === "INVALID_PASSWORD"
              ? "The current password is not right."
              : r.error.code === "PASSWORD_TOO_SHORT"
                ? `The new password is too weak: use at least ${passwordMin} characters.`
                : (r.error.message ?? "Changing the password did not work.");
          setMessage({ ok: false, text });
        } else setMessage({ ok: true, text: "Password changed. Other devices are signed out." });
      }}
    >
      <h2 className="text-xl font-semibold">Change password</h2>
      <label htmlFor={ids.current} className="font-semibold">
        Current password
      </label>
      <input id={ids.current} name="current" type="password" required autoComplete="current-password" className="rounded-xl border-2 border-slate-300 px-3 py-2" />
      <label htmlFor={ids.next} className="font-semibold">
        New password
      </label>
      <input id={ids.next} name="next" type="password" required minLength={passwordMin} autoComplete="new-password" className="rounded-xl border-2 border-slate-300 px-3 py-2" />
      <button type="submit" className="btn-primary">
        Change password
      </button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-emerald-800" : "text-red-800"}>
          {message.text}
        </p>
      )}
    </form>
  );
}

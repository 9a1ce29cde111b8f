"use client";

import { useRouter } from "next/navigation";
import { authClient } from "@/app/_lib/auth-client";

export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="btn-secondary"
      onClick={async () => {
        await authClient.signOut();
        // A shared lecture PC keeps no host rights either.
        await fetch("/api/host-key", { method: "DELETE" });
        router.push("/");
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}

import { cookies } from "next/headers";
import { sameOriginOrError } from "@/server/http-route";
import { HOST_COOKIE } from "@/server/protocol/cookies";

export const dynamic = "force-dynamic";

/** Forgets this browser's host key (on signing out: a shared lecture PC keeps no host rights). */
export async function DELETE() {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  (await cookies()).delete(HOST_COOKIE);
  return new Response(null, { status: 204 });
}

import { cookies } from "next/headers";
import { z } from "zod";
import { clientAddress, jsonError, sameOriginOrError } from "@/server/http-route";
import { take } from "@/server/limits";
import { COOKIE_VALUE, HOST_COOKIE } from "@/server/protocol/cookies";
import { services } from "@/server/runtime";
import { newToken } from "@/server/session/service";

export const dynamic = "force-dynamic";

const body = z.strictObject({ secret: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

/** Opening a host link: this browser becomes a host of the session (its host key is created if it has none). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  const { sessions, limits, secureCookies } = services();
  const wait = await take(limits.createSession, await clientAddress());
  if (wait > 0) return jsonError(429, "RATE_LIMITED", `Too many attempts: try again in ${wait} s.`, { retryAfter: wait });
  const { id } = await params;
  const parsed = body.safeParse(await request.json().catch(() => null));
  const session = /^[A-Za-z0-9_-]{8,64}$/.test(id) ? await sessions.byId(id) : null;
  if (!session || !parsed.success) return jsonError(404, "NOT_FOUND", "This host link is not valid (it may have been replaced or revoked).");
  const jar = await cookies();
  const existing = jar.get(HOST_COOKIE)?.value;
  const hostKey = existing && COOKIE_VALUE.test(existing) ? existing : newToken();
  if (!(await sessions.claimHost(session, parsed.data.secret, hostKey))) {
    return jsonError(404, "NOT_FOUND", "This host link is not valid (it may have been replaced or revoked).");
  }
  if (hostKey !== existing) {
    jar.set(HOST_COOKIE, hostKey, { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", maxAge: 30 * 24 * 3600 });
  }
  return Response.json({ hostPath: `/host/${session.id}` });
}

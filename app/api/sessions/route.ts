import { cookies } from "next/headers";
import { z } from "zod";
import { hostCookieName } from "@/server/protocol/cookies";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

const body = z.object({ lessonId: z.string().min(1).max(100) });

/** Hosts a new session: no account; the host token goes into an httpOnly cookie scoped to this session. */
export async function POST(request: Request) {
  let parsed: z.infer<typeof body>;
  try {
    const form = request.headers.get("content-type")?.includes("application/json")
      ? await request.json()
      : Object.fromEntries((await request.formData()).entries());
    parsed = body.parse(form);
  } catch {
    return Response.json({ error: { code: "BAD_REQUEST", message: "Send a lessonId." } }, { status: 400 });
  }
  const { sessions } = services();
  if (!sessions.catalog.get(parsed.lessonId)) {
    return Response.json({ error: { code: "NOT_FOUND", message: "There is no such lesson." } }, { status: 404 });
  }
  const { sessionId, code, hostToken } = await sessions.create(parsed.lessonId);
  const jar = await cookies();
  jar.set(hostCookieName(sessionId), hostToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: new URL(request.url).protocol === "https:",
    path: "/",
    maxAge: 7 * 24 * 3600,
  });
  return Response.json({ sessionId, code, hostPath: `/host/${sessionId}`, joinPath: `/join/${code}`, presentPath: `/present/${code}` }, { status: 201 });
}

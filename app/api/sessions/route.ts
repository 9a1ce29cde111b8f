import { cookies } from "next/headers";
import { z } from "zod";
import { hostCookieName } from "@/server/protocol/cookies";
import { services } from "@/server/runtime";
import { checkCustomLesson, CUSTOM_LESSON_LIMITS } from "@/server/session/custom-lessons";

export const dynamic = "force-dynamic";

/** Either a lesson of the library, by id, or a teacher's own lesson as JSON. */
const body = z.union([z.strictObject({ lessonId: z.string().min(1).max(100) }), z.strictObject({ lesson: z.unknown() })]);

function error(status: number, code: string, message: string, issues?: { path: string; message: string }[]) {
  return Response.json({ error: { code, message, ...(issues ? { issues } : {}) } }, { status });
}

/** Hosts a new session: no account; the host token goes into an httpOnly cookie scoped to this session. */
export async function POST(request: Request) {
  const text = await request.text();
  if (text.length > CUSTOM_LESSON_LIMITS.bytes + 1000) return error(413, "TOO_LARGE", "That request is too large.");
  let parsed: z.infer<typeof body>;
  try {
    parsed = body.parse(JSON.parse(text));
  } catch {
    return error(400, "BAD_REQUEST", 'Send JSON: { "lessonId": "…" } or { "lesson": { … } }.');
  }
  const { sessions } = services();
  let created: { sessionId: string; code: string; hostToken: string };
  if ("lessonId" in parsed) {
    if (!sessions.catalog.get(parsed.lessonId)) return error(404, "NOT_FOUND", "There is no such lesson.");
    created = await sessions.create(parsed.lessonId);
  } else {
    const checked = checkCustomLesson(parsed.lesson);
    if (!checked.ok) return error(400, "INVALID_LESSON", "The lesson has errors.", checked.errors);
    try {
      created = await sessions.createWithLesson(checked.lesson);
    } catch (e) {
      // By name: the service was loaded by the custom server, outside Next's bundle, so instanceof would fail.
      if (!(e instanceof Error) || e.name !== "LessonRunError") throw e;
      return error(400, "INVALID_LESSON", "The lesson could not be run.", [{ path: "", message: e.message }]);
    }
  }
  const { sessionId, code, hostToken } = created;
  const jar = await cookies();
  jar.set(hostCookieName(sessionId), hostToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https",
    path: "/",
    maxAge: 7 * 24 * 3600,
  });
  return Response.json({ sessionId, code, hostPath: `/host/${sessionId}`, joinPath: `/join/${code}`, presentPath: `/present/${code}` }, { status: 201 });
}

import { cookies } from "next/headers";
import { z } from "zod";
import { clientAddress, jsonError as error, sameOriginOrError } from "@/server/http-route";
import { take } from "@/server/limits";
import { COOKIE_VALUE, HOST_COOKIE } from "@/server/protocol/cookies";
import { ownedClass } from "@/server/reports/data";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { teacherMayUse } from "@/server/assignments/lessons";
import { admitUpload, scanUpload } from "@/server/lessons/uploads";
import { hashToken, newToken } from "@/server/session/service";

export const dynamic = "force-dynamic";

/** A lesson by id (the library's, or one of the signed-in teacher's), or a teacher's lesson itself (its file or JSON). */
const classId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional();
const body = z.union([z.strictObject({ lessonId: z.string().min(1).max(100), classId }), z.strictObject({ lesson: z.unknown(), classId })]);

/**
 * Hosts a new session. No account: the browser's host key (one httpOnly cookie per browser, made here the first
 * time) is what makes it the host; the session stores the key's hash.
 */
export async function POST(request: Request) {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  const { sessions, limits, secureCookies } = services();
  const ip = await clientAddress();
  const wait = await take(limits.createSession, ip);
  if (wait > 0) return error(429, "RATE_LIMITED", `Too many sessions created from this address: try again in ${wait} s.`, { retryAfter: wait });

  const text = await request.text();
  const unscanned = scanUpload(text);
  if (unscanned) return unscanned;
  let parsed: z.infer<typeof body>;
  try {
    parsed = body.parse(JSON.parse(text));
  } catch {
    return error(400, "BAD_REQUEST", 'Send JSON: { "lessonId": "…" } or { "lesson": … } (a lesson file\'s text, or the lesson as JSON).');
  }
  // Signed in, the session is the teacher's (and, if they chose one of their classes, the class's).
  const teacher = await currentTeacher();
  if (parsed.classId && (!teacher || !(await ownedClass(services().db, teacher.id, parsed.classId)))) {
    return error(404, "NOT_FOUND", "There is no such class.");
  }
  const owner = teacher ? { teacherId: teacher.id, classId: parsed.classId ?? null } : null;
  const jar = await cookies();
  const existing = jar.get(HOST_COOKIE)?.value;
  const hostKey = existing && COOKIE_VALUE.test(existing) ? existing : newToken();
  let created: { sessionId: string; code: string };
  if ("lessonId" in parsed) {
    if (!(await teacherMayUse(teacher?.id ?? null, parsed.lessonId))) return error(404, "NOT_FOUND", "There is no such lesson.");
    created = await sessions.create(parsed.lessonId, hashToken(hostKey), owner);
  } else {
    const admitted = await admitUpload(parsed.lesson, ip);
    if (!admitted.ok) return admitted.response;
    try {
      created = await sessions.createWithLesson(admitted.lesson, hashToken(hostKey), owner);
    } catch (e) {
      // By name: the compiler was loaded by the custom server, outside Next's bundle, so instanceof would fail.
      if (!(e instanceof Error) || e.name !== "LessonCompileError") throw e;
      return error(400, "INVALID_LESSON", "The lesson could not be prepared.", { issues: [{ path: "", message: e.message }] });
    }
  }
  if (hostKey !== existing) {
    jar.set(HOST_COOKIE, hostKey, { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", maxAge: 30 * 24 * 3600 });
  }
  const { sessionId, code } = created;
  return Response.json({ sessionId, code, hostPath: `/host/${sessionId}`, joinPath: `/join/${code}`, presentPath: `/present/${code}` }, { status: 201 });
}

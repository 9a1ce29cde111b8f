import { z } from "zod";
import { clientAddress, jsonError as error, sameOriginOrError } from "@/server/http-route";
import { take } from "@/server/limits";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { checkCustomLesson, CUSTOM_LESSON_LIMITS } from "@/server/session/custom-lessons";

export const dynamic = "force-dynamic";

const body = z.strictObject({
  /** The lesson: a lesson file's text, or the lesson as JSON. */
  lesson: z.unknown(),
  /** The library entry to update (one of the teacher's); absent for a new one. */
  savedId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
});

/** Teachers' lessons waiting to be compiled before new ones are turned away. */
const MAX_COMPILE_QUEUE = 20;

/**
 * Saves a lesson in the signed-in teacher's library (a new entry, or a new version of one of theirs). It is
 * compiled first, off the event loop: a lesson that cannot be served is refused with the reason, and nothing
 * is stored.
 */
export async function POST(request: Request) {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  const teacher = await currentTeacher();
  if (!teacher) return error(401, "SIGN_IN", "Sign in to save lessons in your library.");
  const { sessions, compiler, limits } = services();
  const ip = await clientAddress();
  const text = await request.text();
  if (text.length > CUSTOM_LESSON_LIMITS.bytes + 1000) return error(413, "TOO_LARGE", "That lesson is too large.");
  let parsed: z.infer<typeof body>;
  try {
    parsed = body.parse(JSON.parse(text));
  } catch {
    return error(400, "BAD_REQUEST", 'Send JSON: { "lesson": …, "savedId"?: "…" }.');
  }
  const checked = checkCustomLesson(parsed.lesson);
  if (!checked.ok) return error(400, "INVALID_LESSON", "The lesson has errors.", { issues: checked.errors });
  const wait = await take(limits.compileLesson, ip);
  if (wait > 0) return error(429, "RATE_LIMITED", `Too many lessons checked from this address: try again in ${wait} s.`, { retryAfter: wait });
  if (compiler.pending >= MAX_COMPILE_QUEUE) return error(503, "BUSY", "Descent is preparing many lessons right now: try again in a minute.", { retryAfter: 30 });
  try {
    const saved = await sessions.saveTeacherLesson(teacher.id, checked.lesson, parsed.savedId);
    return Response.json(saved, { status: parsed.savedId ? 200 : 201 });
  } catch (e) {
    // By name: the services were loaded by the custom server, outside Next's bundle, so instanceof would fail.
    if (e instanceof Error && e.name === "SavedLessonNotFound") return error(404, "NOT_FOUND", e.message);
    if (e instanceof Error && e.name === "LessonCompileError") return error(400, "INVALID_LESSON", "The lesson could not be prepared.", { issues: [{ path: "", message: e.message }] });
    throw e;
  }
}

import { z } from "zod";
import { clientAddress, jsonError as error, sameOriginOrError } from "@/server/http-route";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { admitUpload, scanUpload } from "@/server/lessons/uploads";

export const dynamic = "force-dynamic";

const body = z.strictObject({
  /** The lesson: a lesson file's text, or the lesson as JSON. */
  lesson: z.unknown(),
  /** The library entry to update (one of the teacher's); absent for a new one. */
  savedId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
});

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
  const { sessions } = services();
  const ip = await clientAddress();
  const text = await request.text();
  const unscanned = scanUpload(text);
  if (unscanned) return unscanned;
  let parsed: z.infer<typeof body>;
  try {
    parsed = body.parse(JSON.parse(text));
  } catch {
    return error(400, "BAD_REQUEST", 'Send JSON: { "lesson": …, "savedId"?: "…" }.');
  }
  const admitted = await admitUpload(parsed.lesson, ip);
  if (!admitted.ok) return admitted.response;
  try {
    const saved = await sessions.saveTeacherLesson(teacher.id, admitted.lesson, parsed.savedId);
    return Response.json(saved, { status: parsed.savedId ? 200 : 201 });
  } catch (e) {
    // By name: the services were loaded by the custom server, outside Next's bundle, so instanceof would fail.
    if (e instanceof Error && e.name === "SavedLessonNotFound") return error(404, "NOT_FOUND", e.message);
    if (e instanceof Error && e.name === "LessonCompileError") return error(400, "INVALID_LESSON", "The lesson could not be prepared.", { issues: [{ path: "", message: e.message }] });
    throw e;
  }
}

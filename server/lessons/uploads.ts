/**
 * Admitting a lesson someone uploads (to host it, or to save it in a library), shared by the routes that take one:
 * the raw text is scanned (size, nesting) before anything parses it; then the address's budget and every address's
 * budget are charged; then the lesson is parsed and validated in the uploads' worker, never on the event loop.
 * Students' work has workers of its own (see LessonCompiler), so nothing here delays a class.
 */
import type { Lesson } from "@descent/autograd";
import { jsonError } from "../http-route.ts";
import { ALL_ADDRESSES, take } from "../limits.ts";
import { services } from "../runtime.ts";
import { CUSTOM_LESSON_LIMITS, scanLessonText } from "../session/custom-lessons.ts";

/** Uploads waiting to be checked or compiled before new ones are turned away. */
export const MAX_UPLOAD_QUEUE = 20;

/** The scan, on a request's raw text: a refusal, or null to go on and parse it. */
export function scanUpload(text: string): Response | null {
  const issue = scanLessonText(text);
  if (!issue) return null;
  if (text.length > CUSTOM_LESSON_LIMITS.bytes + 1000) return jsonError(413, "TOO_LARGE", "That lesson is too large.");
  return jsonError(400, "INVALID_LESSON", "The lesson has errors.", { issues: [issue] });
}

/** The budgets, then the check in the worker: the lesson, or the response that refuses it. */
export async function admitUpload(input: unknown, ip: string): Promise<{ ok: true; lesson: Lesson } | { ok: false; response: Response }> {
  const { compiler, limits } = services();
  const refuse = (response: Response) => ({ ok: false as const, response });
  const wait = await take(limits.compileLesson, ip);
  if (wait > 0) return refuse(jsonError(429, "RATE_LIMITED", `Too many lessons checked from this address: try again in ${wait} s.`, { retryAfter: wait }));
  const all = await take(limits.compileLessons, ALL_ADDRESSES);
  if (all > 0 || compiler.pending("upload") >= MAX_UPLOAD_QUEUE) {
    return refuse(jsonError(503, "BUSY", "Descent is preparing many lessons right now: try again in a minute.", { retryAfter: Math.max(all, 30) }));
  }
  let checked;
  try {
    checked = await compiler.check(input);
  } catch (e) {
    // By name: the compiler was loaded by the custom server, outside Next's bundle, so instanceof would fail.
    if (!(e instanceof Error) || e.name !== "LessonCompileError") throw e;
    return refuse(jsonError(400, "INVALID_LESSON", "The lesson could not be read.", { issues: [{ path: "", message: e.message }] }));
  }
  if (!checked.ok) return refuse(jsonError(400, "INVALID_LESSON", "The lesson has errors.", { issues: checked.errors }));
  return { ok: true, lesson: checked.lesson };
}

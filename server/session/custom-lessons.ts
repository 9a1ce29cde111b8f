/**
 * Lessons written by teachers: a PyTorch program with a title and the questions they chose (a lesson file, or
 * the same as JSON; lessons stored in the statements format of earlier versions are converted). Validated by
 * the lesson schema (every error by path), bounded in size so that tracing them stays cheap for the server, and
 * named by their content.
 */
import crypto from "node:crypto";
import type { Lesson } from "@descent/autograd";
import { parseLesson } from "@descent/autograd/schema";

export const CUSTOM_LESSON_LIMITS = {
  /** Size of the lesson's text (its file, or JSON). */
  bytes: 200_000,
  /** Lines of the program. Running it is bounded by the compiler's work limit besides. */
  sourceLines: 400,
  /** Questions the teacher chose. */
  questions: 60,
} as const;

export type LessonIssue = { path: string; message: string };
export type CustomLessonCheck = { ok: true; lesson: Lesson } | { ok: false; errors: LessonIssue[] };

/** Parses and validates a teacher's lesson (a lesson file's text, JSON text or a parsed value). */
export function checkCustomLesson(input: unknown): CustomLessonCheck {
  if (typeof input === "string" && input.length > CUSTOM_LESSON_LIMITS.bytes) {
    return { ok: false, errors: [{ path: "", message: `a lesson is at most ${CUSTOM_LESSON_LIMITS.bytes / 1000} kB` }] };
  }
  const parsed = parseLesson(input);
  if (!parsed.ok) return parsed;
  const { lesson } = parsed;
  const errors: LessonIssue[] = [];
  if (lesson.source.length > CUSTOM_LESSON_LIMITS.sourceLines) {
    errors.push({ path: "source", message: `at most ${CUSTOM_LESSON_LIMITS.sourceLines} lines of program (this one has ${lesson.source.length})` });
  }
  if ((lesson.questions?.length ?? 0) > CUSTOM_LESSON_LIMITS.questions) {
    errors.push({ path: "questions", message: `at most ${CUSTOM_LESSON_LIMITS.questions} questions` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lesson };
}

/** The same lesson always gets the same id; it cannot collide with a built-in id (those have no "custom-"). */
export function customLessonId(lesson: Lesson): string {
  const { id: _ignored, ...content } = lesson;
  return `custom-${crypto.createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 20)}`;
}

/**
 * Lessons written by teachers as JSON: validated by the lesson schema (every error by path), bounded in size
 * so that tracing them stays cheap for the server, and named by their content.
 */
import crypto from "node:crypto";
import type { Lesson } from "@descent/autograd";
import { parseLesson } from "@descent/autograd/schema";

export const CUSTOM_LESSON_LIMITS = {
  /** Size of the JSON text. */
  bytes: 200_000,
  /** Statements over all iterations. */
  // Choosing default questions automatically grows faster than linearly with the statements (~1.5 s at 100).
  statements: 100,
  /** Numbers in the data and the initial parameters. */
  numbers: 5_000,
  sourceLines: 500,
} as const;

export type LessonIssue = { path: string; message: string };
export type CustomLessonCheck = { ok: true; lesson: Lesson } | { ok: false; errors: LessonIssue[] };

function countNumbers(v: unknown): number {
  return Array.isArray(v) ? v.reduce((n: number, x) => n + countNumbers(x), 0) : 1;
}

/** Parses and validates a teacher's lesson (JSON text or a parsed value). */
export function checkCustomLesson(input: unknown): CustomLessonCheck {
  if (typeof input === "string" && input.length > CUSTOM_LESSON_LIMITS.bytes) {
    return { ok: false, errors: [{ path: "", message: `a lesson is at most ${CUSTOM_LESSON_LIMITS.bytes / 1000} kB of JSON` }] };
  }
  const parsed = parseLesson(input);
  if (!parsed.ok) return parsed;
  const { lesson } = parsed;
  const errors: LessonIssue[] = [];
  const statements = lesson.iterations.reduce((n, it) => n + it.statements.length, 0);
  if (statements > CUSTOM_LESSON_LIMITS.statements) {
    errors.push({ path: "iterations", message: `at most ${CUSTOM_LESSON_LIMITS.statements} statements in all (this lesson has ${statements})` });
  }
  const numbers = countNumbers(lesson.data.X) + countNumbers(lesson.data.y) + lesson.params.reduce((n, p) => n + countNumbers(p.value), 0);
  if (numbers > CUSTOM_LESSON_LIMITS.numbers) {
    errors.push({ path: "data", message: `at most ${CUSTOM_LESSON_LIMITS.numbers} numbers in the data and parameters (this lesson has ${numbers})` });
  }
  if (lesson.source.length > CUSTOM_LESSON_LIMITS.sourceLines) {
    errors.push({ path: "source", message: `at most ${CUSTOM_LESSON_LIMITS.sourceLines} source lines` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lesson };
}

/** The same lesson always gets the same id; it cannot collide with a built-in id (those have no "custom-"). */
export function customLessonId(lesson: Lesson): string {
  const { id: _ignored, ...content } = lesson;
  return `custom-${crypto.createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 20)}`;
}

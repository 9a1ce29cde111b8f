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

/**
 * Brackets open at once anywhere in an upload's text (its JSON and its program together). Python itself refuses
 * more than 200 nested parentheses; a real lesson nests a handful.
 */
export const MAX_NESTING = 200;

export type LessonIssue = { path: string; message: string };

/**
 * The cheap scan made on an upload's raw text before anything parses it (JSON, YAML or Python): its size, and how
 * deep its brackets nest, in one pass over the characters (strings included: a lesson's program is in strings).
 */
export function scanLessonText(text: string): LessonIssue | null {
  if (text.length > CUSTOM_LESSON_LIMITS.bytes + 1000) return { path: "", message: `a lesson is at most ${CUSTOM_LESSON_LIMITS.bytes / 1000} kB` };
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ( [ {  and  ) ] }
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > MAX_NESTING) return { path: "", message: `brackets nest more than ${MAX_NESTING} deep (Python refuses that too)` };
    } else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  return null;
}

export type CustomLessonCheck = { ok: true; lesson: Lesson } | { ok: false; errors: LessonIssue[] };

/** Parses and validates a teacher's lesson (a lesson file's text, JSON text or a parsed value). */
export function checkCustomLesson(input: unknown): CustomLessonCheck {
  if (typeof input === "string" && input.length > CUSTOM_LESSON_LIMITS.bytes) {
    return { ok: false, errors: [{ path: "", message: `a lesson is at most ${CUSTOM_LESSON_LIMITS.bytes / 1000} kB` }] };
  }
  // Escapes in JSON (\u0028) decode to brackets the raw scan did not see: the program is scanned as decoded too.
  const deep = scanLessonText(typeof input === "string" ? input : stringsOf(input));
  if (deep) return { ok: false, errors: [deep] };
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

/** Every string in a parsed value, one per line (walked without recursion: the value may nest deeply). */
function stringsOf(value: unknown): string {
  const out: string[] = [];
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") out.push(v);
    else if (v !== null && typeof v === "object") stack.push(...Object.values(v));
  }
  return out.join("\n");
}

/** The same lesson always gets the same id; it cannot collide with a built-in id (those have no "custom-"). */
export function customLessonId(lesson: Lesson): string {
  const { id: _ignored, ...content } = lesson;
  return `custom-${crypto.createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 20)}`;
}

/**
 * A lesson as a file: the PyTorch program exactly as a student runs it, after a header of comment lines that
 * hold the rest of the lesson in YAML, between two `# ---` lines:
 *
 *     # ---
 *     # id: seed-zero-grad
 *     # title: One step of gradient descent
 *     # summary: …
 *     # teacher_notes: …
 *     # sections:
 *     #   - { id: it1, label: Iteration 1, line: 22 }
 *     # questions:
 *     #   - { line: 43, quantity: loss }
 *     # ---
 *     import torch
 *     …
 *
 * Line numbers count the program's lines from 1 (the first line after the header). The file is Python: the
 * header is comments, so `python3 lesson.py` runs the lesson.
 */
import { Document, parse, YAMLParseError } from "yaml";
import type { Lesson } from "./types";

export interface LessonFileIssue {
  /** "" for the file itself, else the header's field ("questions[2].line"). */
  path: string;
  message: string;
}

const DELIMITER = "# ---";

/** Header keys in the file (snake_case, as Python writes them) and in the Lesson. */
const KEYS: Record<string, keyof Lesson> = {
  id: "id",
  title: "title",
  summary: "summary",
  teacher_notes: "teacherNotes",
  sections: "sections",
  questions: "questions",
  known_mistakes: "knownMistakes",
  copies: "copies",
  vary: "vary",
  dtype: "dtype",
  picture: "picture",
};

/**
 * The header as a plain object with the Lesson's field names, and the program's lines; not yet validated
 * (`parseLesson` in "@descent/autograd/schema" checks the result). Errors: a missing or unclosed header, YAML
 * that does not parse, an unknown key.
 */
export function readLessonFile(text: string): { ok: true; lesson: Record<string, unknown> } | { ok: false; errors: LessonFileIssue[] } {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0]?.trimEnd() !== DELIMITER) {
    return { ok: false, errors: [{ path: "", message: `a lesson file starts with a header: a line "${DELIMITER}", the header's lines, and "${DELIMITER}" again` }] };
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trimEnd() === DELIMITER);
  if (end < 0) return { ok: false, errors: [{ path: "", message: `the header is not closed: end it with a line "${DELIMITER}"` }] };
  const bad = lines.slice(1, end).findIndex((l) => l !== "#" && !l.startsWith("# "));
  if (bad >= 0) return { ok: false, errors: [{ path: "", message: `line ${bad + 2} of the header is not a comment ("# …")` }] };
  const yaml = lines
    .slice(1, end)
    .map((l) => l.slice(2))
    .join("\n");
  let header: unknown;
  try {
    header = parse(yaml) ?? {};
  } catch (e) {
    if (e instanceof YAMLParseError) return { ok: false, errors: [{ path: "", message: `the header is not valid YAML: ${e.message}` }] };
    throw e;
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    return { ok: false, errors: [{ path: "", message: "the header holds fields (id: …, title: …), not a list or a single value" }] };
  }
  const lesson: Record<string, unknown> = {};
  const errors: LessonFileIssue[] = [];
  for (const [k, v] of Object.entries(header)) {
    const key = KEYS[k];
    if (!key) errors.push({ path: k, message: `unknown field: use ${Object.keys(KEYS).join(", ")}` });
    else lesson[key] = v;
  }
  if (errors.length > 0) return { ok: false, errors };
  const program = lines.slice(end + 1);
  while (program.length > 0 && program[program.length - 1] === "") program.pop();
  lesson.source = program;
  return { ok: true, lesson };
}

/** The file of a lesson (the inverse of `readLessonFile`). */
export function lessonFile(lesson: Lesson): string {
  const header: Record<string, unknown> = {};
  for (const [k, key] of Object.entries(KEYS)) if (lesson[key] !== undefined) header[k] = lesson[key];
  const doc = new Document(header);
  const yaml = doc
    .toString({ lineWidth: 110 })
    .trimEnd()
    .split("\n")
    .map((l) => (l === "" ? "#" : `# ${l}`));
  return [DELIMITER, ...yaml, DELIMITER, ...lesson.source].join("\n") + "\n";
}

import { parseProgram, ProgramRefused } from "../python/syntax";
import type { Lesson, LineRef } from "./types";

export interface LessonIssue {
  /** e.g. "questions[3].line", or "source" for the program (the message names the line); "" for the lesson. */
  path: string;
  message: string;
}

const LESSON_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SECTION_ID = /^[a-z][a-z0-9_]*$/;
// Names starting with "__" are Python's own (and would shadow JavaScript's `__proto__` in a record): refused.
const QUANTITY = /^(?!__)[A-Za-z_][A-Za-z0-9_]*(\.(weight|bias))?(\.grad)?$/;

/**
 * Checks what the shape does not and what needs no run: the program parses and stays inside the subset, ids
 * are well formed, every line a field names is a line of the program. Whether a named line runs, and has the
 * quantity asked, is checked when the lesson is compiled (that runs the program). Pure and cheap.
 */
const PARAM_ELEMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*$/;

export function validateLesson(lesson: Lesson): LessonIssue[] {
  const issues: LessonIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const n = lesson.source.length;
  const checkLine = (path: string, line: number) => {
    if (line < 1 || line > n) add(path, `line ${line} is outside the program (1..${n})`);
  };
  const checkRef = (path: string, ref: LineRef) => {
    checkLine(`${path}.line`, ref.line);
    if (!QUANTITY.test(ref.quantity)) add(`${path}.quantity`, `"${ref.quantity}" is not a quantity: a name, or a name and .grad ("w.grad")`);
  };

  if (!LESSON_ID.test(lesson.id)) add("id", 'use lower-case letters, digits and single dashes, e.g. "seed-zero-grad"');
  if (n === 0 || lesson.source.every((l) => l.trim() === "")) add("source", "the lesson needs its PyTorch program");
  else {
    try {
      parseProgram(`${lesson.source.join("\n")}\n`);
    } catch (e) {
      if (!(e instanceof ProgramRefused)) throw e;
      for (const r of e.refusals) add("source", `line ${r.line}: ${r.message}`);
    }
  }
  const ids = new Set<string>();
  let previous = 0;
  (lesson.sections ?? []).forEach((s, i) => {
    if (!SECTION_ID.test(s.id) || s.id === "setup") add(`sections[${i}].id`, 'lower-case letters, digits and "_", starting with a letter (and not "setup")');
    if (ids.has(s.id)) add(`sections[${i}].id`, `"${s.id}" is used twice`);
    ids.add(s.id);
    checkLine(`sections[${i}].line`, s.line);
    if (s.line < previous) add(`sections[${i}].line`, "sections are listed in the order of the program");
    previous = s.line;
  });
  (lesson.questions ?? []).forEach((q, i) => checkRef(`questions[${i}]`, q));
  (lesson.knownMistakes ?? []).forEach((k, i) => checkRef(`knownMistakes[${i}]`, k));
  (lesson.copies ?? []).forEach((c, i) => {
    checkLine(`copies[${i}].line`, c.line);
    checkRef(`copies[${i}].from`, c.from);
  });
  if (lesson.picture) {
    const [a, b] = lesson.picture.params;
    lesson.picture.params.forEach((p, i) => {
      if (!PARAM_ELEMENT.test(p)) add(`picture.params[${i}]`, `"${p}" is not a parameter: a name ("w"), or a name and indices ("W2[0][1]")`);
    });
    if (a.replace(/\s/g, "") === b.replace(/\s/g, "")) add("picture.params", "pick two different parameters");
  }
  return issues;
}

// A lesson made ready to serve: traced once, with its default questions and the answer key of every question
// that can be asked, so that serving it is lookups only. Compiling is the expensive part (every misconception's
// trace); a server does it off its main thread, bounded by a work limit.
import { withWorkLimit, WorkLimitExceeded, workSpent } from "./engine/index";
import { answerKey, defaultQuestions, questionOf, type AnswerKey, type Question } from "./grade/index";
import type { Lesson } from "./lesson/types";
import { checkpointAt, pictureProblem, traceLesson, type Trace } from "./trace/index";

export interface CompiledLesson {
  lesson: Lesson;
  trace: Trace;
  /** The lesson's default questions, in lesson order. */
  defaults: Question[];
  /** The answer key of every (checkpoint, quantity) of the trace, by question id. Holds the secrets. */
  keys: Record<string, AnswerKey>;
  /** Units of engine work compiling took (see `withWorkLimit`). */
  work: number;
}

/**
 * Enough for any built-in lesson five times over, and one to two seconds of
 * computation on a slow core: a teacher's lesson that needs more is refused.
 */
export const DEFAULT_WORK_LIMIT = 10_000_000;

export class LessonTooCostly extends Error {
  override name = "LessonTooCostly";
  /** The lesson's line that went over the limit, when it is known. */
  readonly line: number | null;
  constructor(
    readonly limit: number,
    cause?: WorkLimitExceeded,
  ) {
    const line = cause?.line ?? null;
    const what =
      cause?.reason ??
      `it needs more computation than Descent allows for one lesson (over ${limit.toLocaleString("en-US")} ` +
        "operations, counting every misconception's run): use smaller tensors, numbers, strings or fewer statements";
    super(`${line === null ? "This lesson" : `Line ${line}`}: ${what}.`);
    this.line = line;
  }
}

/** A line a lesson's header names never runs, or has no such quantity: the message says which and why. */
export class LessonInvalid extends Error {
  override name = "LessonInvalid";
}

/** Every line the header names runs, and has the quantity it names. */
function checkReferences(lesson: Lesson): void {
  const refs = [
    ...(lesson.questions ?? []).map((r, i) => ({ where: `question ${i + 1}`, ref: r })),
    ...(lesson.knownMistakes ?? []).map((r) => ({ where: `known mistake "${r.id}"`, ref: r })),
    ...(lesson.copies ?? []).map((c) => ({ where: `the copy on line ${c.line}`, ref: c.from })),
  ];
  for (const { where, ref } of refs) {
    const c = checkpointAt(lesson, ref);
    const at = `line ${ref.line}${ref.pass ? ` (pass ${ref.pass})` : ""}`;
    if (!c) throw new LessonInvalid(`${where}: ${at} never runs`);
    if (!Object.hasOwn(c.values, ref.quantity)) {
      throw new LessonInvalid(`${where}: there is no "${ref.quantity}" after ${at} (there are ${Object.keys(c.values).join(", ") || "no values"})`);
    }
  }
  const picture = pictureProblem(lesson);
  if (picture) throw new LessonInvalid(`picture: ${picture}`);
}

export function compileLesson(lesson: Lesson, opts: { workLimit?: number } = {}): CompiledLesson {
  const limit = opts.workLimit ?? DEFAULT_WORK_LIMIT;
  try {
    return withWorkLimit(limit, () => {
      const start = workSpent();
      const trace = traceLesson(lesson);
      checkReferences(lesson);
      const defaults = defaultQuestions(lesson);
      // Question ids are "<checkpoint>:<quantity>", never a name an object inherits.
      const keys: Record<string, AnswerKey> = {};
      for (const c of trace.checkpoints)
        for (const quantity of Object.keys(c.values)) {
          const q = questionOf(lesson.id, c, quantity);
          keys[q.id] = answerKey(lesson, q);
        }
      return { lesson, trace, defaults, keys, work: workSpent() - start };
    });
  } catch (e) {
    if (e instanceof WorkLimitExceeded) throw new LessonTooCostly(limit, e);
    throw e;
  }
}

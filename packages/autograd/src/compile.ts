// A lesson made ready to serve: traced once, with its default questions and the answer key of every question
// that can be asked, so that serving it is lookups only. Compiling is the expensive part (every misconception's
// trace); a server does it off its main thread, bounded by a work limit.
import { withWorkLimit, WorkLimitExceeded, workSpent } from "./engine/index";
import { answerKey, defaultQuestions, questionOf, type AnswerKey, type Question } from "./grade/index";
import type { Lesson } from "./lesson/types";
import { traceLesson, type Trace } from "./trace/index";

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
  constructor(readonly limit: number) {
    super(
      `This lesson needs more computation than Descent allows for one lesson (over ${limit.toLocaleString("en-US")} ` +
        "operations, counting every misconception's run): use smaller tensors or fewer statements.",
    );
  }
}

export function compileLesson(lesson: Lesson, opts: { workLimit?: number } = {}): CompiledLesson {
  const limit = opts.workLimit ?? DEFAULT_WORK_LIMIT;
  try {
    return withWorkLimit(limit, () => {
      const start = workSpent();
      const trace = traceLesson(lesson);
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
    if (e instanceof WorkLimitExceeded) throw new LessonTooCostly(limit);
    throw e;
  }
}

/**
 * A lesson made ready for live sessions: its trace computed once, its questions and answer keys cached.
 * The answer keys hold the true values: they stay on the server.
 */
import {
  answerKey,
  defaultQuestions,
  grade,
  lessons as builtInLessons,
  questionAt,
  traceLesson,
  type Answer,
  type AnswerKey,
  type Checkpoint,
  type Grade,
  type Graph,
  type Lesson,
  type Question,
  type Trace,
  type Value,
} from "@descent/autograd";
import type { LessonPlan } from "./engine.ts";
import { formulaFor } from "./formulas.ts";

export type Suggestion = {
  quantity: string;
  prompt: string;
  /** One of the lesson's default questions. */
  isDefault: boolean;
  /** A quantity this statement changes or reads. */
  related: boolean;
  questionId: string;
};

export interface LessonRuntime extends LessonPlan {
  readonly lesson: Lesson;
  readonly trace: Trace;
  checkpoint(index: number): Checkpoint;
  formula(index: number): string | null;
  /** Questions the host may ask at statement `index`: the lesson's defaults first, then every other quantity. */
  suggestions(index: number): Suggestion[];
  /** The values once `executed` statements have run (the parameters' initial values before any). */
  valuesAfter(executed: number): Record<string, Value>;
  /** The computation graph once `executed` statements have run (null before any forward line). */
  graphAfter(executed: number): Graph | null;
  key(question: Question): AnswerKey;
  /** How many numbers a vector answer about `quantity` has (from the quantity's shape anywhere in the trace). */
  vectorLength(quantity: string): number | null;
}

export function makeLessonRuntime(lesson: Lesson): LessonRuntime {
  const trace = traceLesson(lesson);
  const statements = lesson.iterations.flatMap((it) => it.statements);
  if (statements.length !== trace.checkpoints.length) {
    throw new Error(`lesson ${lesson.id}: ${statements.length} statements but ${trace.checkpoints.length} checkpoints`);
  }
  const keys = new Map<string, AnswerKey>();
  const defaults = defaultQuestions(lesson);

  const lengths = new Map<string, number>();
  for (const cp of trace.checkpoints) {
    for (const [q, v] of Object.entries(cp.values)) if (v.kind === "vector" && !lengths.has(q)) lengths.set(q, v.value.length);
  }

  const suggestionCache = new Map<number, Suggestion[]>();

  const runtime: LessonRuntime = {
    vectorLength: (quantity) => lengths.get(quantity) ?? null,
    lessonId: lesson.id,
    lesson,
    trace,
    statementCount: trace.checkpoints.length,
    checkpoint(index) {
      const cp = trace.checkpoints[index];
      if (!cp) throw new RangeError(`no checkpoint ${index} in lesson ${lesson.id}`);
      return cp;
    },
    formula(index) {
      return formulaFor(lesson, statements, index);
    },
    question(index, quantity) {
      const cp = trace.checkpoints[index];
      if (!cp || !(quantity in cp.values)) return null;
      return questionAt(lesson, cp.id, quantity);
    },
    key(question) {
      let k = keys.get(question.id);
      if (!k) {
        k = answerKey(lesson, question);
        keys.set(question.id, k);
      }
      return k;
    },
    truth(question): Value {
      return runtime.key(question).truth;
    },
    grade(question: Question, answer: Answer): Grade {
      return grade(runtime.key(question), answer);
    },
    suggestions(index) {
      // Asked on every host broadcast; it depends only on the statement.
      const cached = suggestionCache.get(index);
      if (cached) return cached;
      const cp = runtime.checkpoint(index);
      const about = new Set(cp.about);
      const out: Suggestion[] = [];
      const seen = new Set<string>();
      const add = (quantity: string, isDefault: boolean) => {
        if (seen.has(quantity)) return;
        seen.add(quantity);
        const q = questionAt(lesson, cp.id, quantity);
        out.push({ quantity, prompt: q.prompt, isDefault, related: isDefault || about.has(quantity), questionId: q.id });
      };
      for (const q of defaults) if (q.checkpointId === cp.id) add(q.quantity, true);
      for (const quantity of cp.about) if (quantity in cp.values) add(quantity, false);
      for (const quantity of Object.keys(cp.values)) add(quantity, false);
      suggestionCache.set(index, out);
      return out;
    },
    graphAfter(executed) {
      if (executed <= 0) return null;
      return runtime.checkpoint(Math.min(executed, trace.checkpoints.length) - 1).graph ?? null;
    },
    valuesAfter(executed) {
      if (executed <= 0) return trace.initial;
      return runtime.checkpoint(Math.min(executed, trace.checkpoints.length) - 1).values;
    },
  };
  return runtime;
}

export interface LessonCatalog {
  get(id: string): LessonRuntime | undefined;
  /** The built-in library (custom lessons are not listed: they belong to the session that hosts them). */
  list(): Lesson[];
  /** Adds a lesson under its own id (a teacher's lesson); returns its runtime. */
  register(lesson: Lesson): LessonRuntime;
}

/** The built-in lesson library plus registered lessons, each traced once per process, lazily. */
export function builtInCatalog(all: readonly Lesson[] = builtInLessons): LessonCatalog {
  const cache = new Map<string, LessonRuntime>();
  return {
    get(id) {
      let r = cache.get(id);
      if (!r) {
        const lesson = all.find((l) => l.id === id);
        if (!lesson) return undefined;
        r = makeLessonRuntime(lesson);
        cache.set(id, r);
      }
      return r;
    },
    list: () => [...all],
    register(lesson) {
      let r = cache.get(lesson.id);
      if (!r) {
        r = makeLessonRuntime(lesson);
        cache.set(lesson.id, r);
      }
      return r;
    },
  };
}

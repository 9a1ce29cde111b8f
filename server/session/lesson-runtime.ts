/**
 * A lesson made ready for live sessions from its compiled form (trace, default questions and every answer key,
 * computed off the event loop by the lesson compiler): serving it is lookups only. The answer keys hold the
 * true values: they stay on the server.
 */
import {
  grade,
  lessons as builtInLessons,
  pictureAt,
  questionOf,
  type Answer,
  type AnswerKey,
  type Checkpoint,
  type CompiledLesson,
  type Grade,
  type Graph,
  type Lesson,
  type Picture,
  type Question,
  type Trace,
  type Value,
} from "@descent/autograd";
import type { Lane, LessonCompiler } from "../lessons/compiler.ts";
import type { LessonPlan } from "./engine.ts";
import { consoleOutput, type ConsoleLine } from "./console.ts";
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
  /** The lesson's default questions, in lesson order. */
  readonly defaults: readonly Question[];
  checkpoint(index: number): Checkpoint;
  formula(index: number): string | null;
  /** Questions the host may ask at statement `index`: the lesson's defaults first, then every other quantity. */
  suggestions(index: number): Suggestion[];
  /** The values once `executed` statements have run (the parameters' initial values before any). */
  valuesAfter(executed: number): Record<string, Value>;
  /** What the program has printed (and the tracebacks of lines that raised) once `executed` statements have run. */
  consoleAfter(executed: number): ConsoleLine[];
  /** The computation graph once `executed` statements have run (null before any forward line). */
  graphAfter(executed: number): Graph | null;
  /** The pictures (paths, loss curve, surface) once `executed` statements have run; null when the lesson has none. */
  pictureAfter(executed: number): Picture | null;
  key(question: Question): AnswerKey;
  /** How many numbers a vector answer about `quantity` has (from the quantity's shape anywhere in the trace). */
  vectorLength(quantity: string): number | null;
  /** The shape of a tensor quantity ([n] or [rows, cols]), from anywhere in the trace; null for scalars. */
  shapeOf(quantity: string): number[] | null;
}

export function makeLessonRuntime(compiled: CompiledLesson): LessonRuntime {
  const { lesson, trace, defaults } = compiled;
  const keys = new Map(Object.entries(compiled.keys));

  const shapes = new Map<string, number[]>();
  for (const cp of trace.checkpoints) {
    for (const [q, v] of Object.entries(cp.values)) if (v.kind === "vector" && !shapes.has(q)) shapes.set(q, v.shape);
  }

  const suggestionCache = new Map<number, Suggestion[]>();
  const consoleCache = new Map<number, ConsoleLine[]>();
  const pictureCache = new Map<number, Picture | null>();

  const runtime: LessonRuntime = {
    vectorLength: (quantity) => {
      const shape = shapes.get(quantity);
      return shape ? shape.reduce((a, b) => a * b, 1) : null;
    },
    shapeOf: (quantity) => shapes.get(quantity) ?? null,
    lessonId: lesson.id,
    lesson,
    trace,
    defaults,
    statementCount: trace.checkpoints.length,
    checkpoint(index) {
      const cp = trace.checkpoints[index];
      if (!cp) throw new RangeError(`no checkpoint ${index} in lesson ${lesson.id}`);
      return cp;
    },
    formula(index) {
      return formulaFor(trace.checkpoints, index);
    },
    question(index, quantity) {
      const cp = trace.checkpoints[index];
      // Own properties only: "constructor" or "__proto__" are not quantities of any lesson.
      if (!cp || !Object.hasOwn(cp.values, quantity)) return null;
      return questionOf(lesson.id, cp, quantity);
    },
    key(question) {
      const k = keys.get(question.id);
      if (!k) throw new Error(`lesson ${lesson.id}: no answer key for ${question.id}`);
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
        const q = questionOf(lesson.id, cp, quantity);
        out.push({ quantity, prompt: q.prompt, isDefault, related: isDefault || about.has(quantity), questionId: q.id });
      };
      for (const q of defaults) if (q.checkpointId === cp.id) add(q.quantity, true);
      for (const quantity of cp.about) if (Object.hasOwn(cp.values, quantity)) add(quantity, false);
      for (const quantity of Object.keys(cp.values)) add(quantity, false);
      suggestionCache.set(index, out);
      return out;
    },
    consoleAfter(executed) {
      let out = consoleCache.get(executed);
      if (!out) consoleCache.set(executed, (out = consoleOutput(trace.checkpoints, executed)));
      return out;
    },
    pictureAfter(executed) {
      const n = Math.max(0, Math.min(executed, trace.checkpoints.length));
      if (!pictureCache.has(n)) pictureCache.set(n, pictureAt(lesson, n, trace));
      return pictureCache.get(n) ?? null;
    },
    graphAfter(executed) {
      if (executed <= 0) return null;
      return runtime.checkpoint(Math.min(executed, trace.checkpoints.length) - 1).graph ?? null;
    },
    valuesAfter(executed) {
      if (executed <= 0) return {};
      return runtime.checkpoint(Math.min(executed, trace.checkpoints.length) - 1).values;
    },
  };
  return runtime;
}

export interface LessonCatalog {
  /** A lesson's runtime, compiling it (off the event loop) the first time; undefined for an unknown id. */
  load(id: string): Promise<LessonRuntime | undefined>;
  /** The runtime if it is already compiled. */
  peek(id: string): LessonRuntime | undefined;
  /** Whether `id` is a built-in lesson. */
  isBuiltIn(id: string): boolean;
  /** The built-in library (custom lessons are not listed: they belong to the session that hosts them). */
  list(): Lesson[];
  /**
   * Compiles a lesson just uploaded under its own id (a teacher's lesson), in the uploads' lane, and keeps it;
   * rejects with LessonCompileError.
   */
  register(lesson: Lesson): Promise<LessonRuntime>;
}

/**
 * The built-in lesson library plus registered lessons, each compiled once per process, lazily, by `compiler`;
 * `fetchCustom` finds a teacher's stored lesson by id (after a restart).
 */
export function lessonCatalog(
  compiler: LessonCompiler,
  fetchCustom: (id: string) => Promise<Lesson | null> = async () => null,
  all: readonly Lesson[] = builtInLessons,
): LessonCatalog {
  const ready = new Map<string, LessonRuntime>();
  /** Teachers' lessons stay compiled while recently used (a session keeps its own runtime anyway). */
  const MAX_CUSTOM = 64;
  const keep = (id: string, runtime: LessonRuntime) => {
    ready.delete(id);
    ready.set(id, runtime);
    if (all.some((l) => l.id === id)) return;
    const custom = [...ready.keys()].filter((k) => !all.some((l) => l.id === k));
    if (custom.length > MAX_CUSTOM) ready.delete(custom[0]!);
  };
  const loading = new Map<string, Promise<LessonRuntime>>();
  const compile = (lesson: Lesson, lane: Lane): Promise<LessonRuntime> => {
    const done = ready.get(lesson.id);
    if (done) return Promise.resolve(done);
    let p = loading.get(lesson.id);
    if (!p) {
      p = compiler.compile(lesson, lane).then((compiled) => {
        const runtime = makeLessonRuntime(compiled);
        keep(lesson.id, runtime);
        return runtime;
      });
      loading.set(lesson.id, p);
      void p.finally(() => loading.delete(lesson.id)).catch(() => undefined);
    }
    return p;
  };
  return {
    async load(id) {
      const done = ready.get(id);
      if (done) return done;
      const lesson = all.find((l) => l.id === id) ?? (await fetchCustom(id));
      return lesson ? compile(lesson, "student") : undefined;
    },
    peek: (id) => ready.get(id),
    isBuiltIn: (id) => all.some((l) => l.id === id),
    list: () => [...all],
    register: (lesson) => compile(lesson, "upload"),
  };
}

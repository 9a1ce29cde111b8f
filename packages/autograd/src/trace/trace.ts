import type { Lesson } from "../lesson/types";
import { getMisconception } from "../misconceptions/library";
import { TRUTH, type Rules } from "./rules";
import type { Value } from "./value";
import { runLesson, type Checkpoint, type Trace } from "./runner";

// Lessons are treated as immutable values: traces are cached per lesson object.
const truthCache = new WeakMap<Lesson, Trace>();
const carriedCache = new WeakMap<Lesson, Map<string, Trace>>();
const localCache = new WeakMap<Lesson, Map<string, Checkpoint>>();

function toTrace(lesson: Lesson, run: { initial: Record<string, Value>; checkpoints: Checkpoint[] }): Trace {
  const { initial, checkpoints } = run;
  const quantities: string[] = [];
  const seen = new Set<string>();
  for (const c of checkpoints)
    for (const q of Object.keys(c.values))
      if (!seen.has(q)) {
        seen.add(q);
        quantities.push(q);
      }
  return { lessonId: lesson.id, initial, checkpoints, quantities };
}

/** Lessons whose traces no one draws (a self-paced variant): traced without exporting each line's graph. */
const withoutGraphs = new WeakSet<Lesson>();

export function traceWithoutGraphs(lesson: Lesson): Lesson {
  withoutGraphs.add(lesson);
  return lesson;
}

/** What PyTorch does: the value of every quantity after every statement, or the error it raises. */
export function traceLesson(lesson: Lesson): Trace {
  let t = truthCache.get(lesson);
  if (!t) {
    t = toTrace(lesson, runLesson(lesson, { graphs: !withoutGraphs.has(lesson) }));
    truthCache.set(lesson, t);
  }
  return t;
}

function rulesOf(misconceptionId: string): Rules {
  const m = getMisconception(misconceptionId);
  if (!m) throw new Error(`unknown misconception "${misconceptionId}"`);
  return m.rules;
}

/**
 * The lesson as a student holding the misconception from the start believes it runs: every statement
 * follows the misconception's rules, so earlier mistakes carry into later values.
 */
export function traceMutant(lesson: Lesson, misconceptionId: string): Trace {
  let byId = carriedCache.get(lesson);
  if (!byId) carriedCache.set(lesson, (byId = new Map()));
  let t = byId.get(misconceptionId);
  if (!t) {
    const rules = rulesOf(misconceptionId);
    t = toTrace(lesson, runLesson(lesson, { setup: rules, rulesAt: () => rules, keepGraphs: rules.graphReusable === true }));
    byId.set(misconceptionId, t);
  }
  return t;
}

/**
 * The checkpoint as a student holding the misconception predicts it after seeing the true state so far:
 * every earlier statement runs as PyTorch runs it, and only this one follows the misconception's rules.
 */
export function mutantCheckpoint(lesson: Lesson, misconceptionId: string, index: number): Checkpoint {
  let byKey = localCache.get(lesson);
  if (!byKey) localCache.set(lesson, (byKey = new Map()));
  const key = `${misconceptionId}@${index}`;
  let c = byKey.get(key);
  if (!c) {
    const rules = rulesOf(misconceptionId);
    const run = runLesson(lesson, { rulesAt: (i) => (i === index ? rules : TRUTH), until: index, lastOnly: true, keepGraphs: rules.graphReusable === true });
    c = run.checkpoints[index];
    if (!c) throw new Error(`lesson ${lesson.id} has no checkpoint ${index}`);
    byKey.set(key, c);
  }
  return c;
}

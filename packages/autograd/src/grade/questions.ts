import type { Lesson } from "../lesson/types";
import { misconceptionDefs } from "../misconceptions/library";
import { hooksTouch } from "../misconceptions/hooks";
import { applicableMisconceptions, carriedCheckpoint, checkpointAt, mutantCheckpoint, traceLesson, type Checkpoint } from "../trace/trace";
import { sameValue, type AnswerKind, type Value } from "../trace/value";
import type { AnswerKey, MutantValue } from "./grade";

/** "What is <quantity> after <line>?" */
export interface Question {
  /** "<checkpoint id>:<quantity>", e.g. "it2a.s5:w.grad"; unique within a lesson. */
  id: string;
  lessonId: string;
  checkpointId: string;
  quantity: string;
  /** 0-based source line to highlight. */
  line: number;
  prompt: string;
  /**
   * The answer kinds the UI offers. Always includes "none" and "error" besides the numeric kind, so that
   * choosing among them is itself part of the prediction.
   */
  accepts: AnswerKind[];
}

export function questionId(checkpointId: string, quantity: string): string {
  return `${checkpointId}:${quantity}`;
}

function findCheckpoint(lesson: Lesson, checkpointId: string): Checkpoint {
  const c = traceLesson(lesson).checkpoints.find((k) => k.id === checkpointId);
  if (!c) throw new Error(`lesson ${lesson.id} has no checkpoint "${checkpointId}"`);
  return c;
}

function isVector(c: Checkpoint, quantity: string): boolean {
  const v = c.values[quantity];
  if (v?.kind === "vector") return true;
  if (v?.kind === "number") return false;
  const base = c.values[quantity.endsWith(".grad") ? quantity.slice(0, -5) : quantity];
  return base?.kind === "vector";
}

/** The question for any quantity at any checkpoint of the lesson. Throws if either does not exist there. */
export function questionAt(lesson: Lesson, checkpointId: string, quantity: string): Question {
  return questionOf(lesson.id, findCheckpoint(lesson, checkpointId), quantity);
}

/** The question about `quantity` at a checkpoint already traced (no tracing: cheap). */
export function questionOf(lessonId: string, c: Checkpoint, quantity: string): Question {
  if (!Object.hasOwn(c.values, quantity))
    throw new Error(`lesson ${lessonId}: "${quantity}" does not exist at checkpoint "${c.id}"`);
  const prompt = `Right after \`${c.label}\` runs${c.passLabel ? ` (${c.passLabel})` : ""}, what is \`${quantity}\`?`;
  return {
    id: questionId(c.id, quantity),
    lessonId,
    checkpointId: c.id,
    quantity,
    line: c.line,
    prompt,
    accepts: [isVector(c, quantity) ? "vector" : "number", "none", "error"],
  };
}

/** The true answer: the error if the line raised, else the quantity's value after it. */
export function truthAt(c: Checkpoint, quantity: string): Value | undefined {
  return c.raised ?? c.values[quantity];
}

/**
 * The key to one question: the truth and the value of every applicable misconception that differs from it,
 * both as it acts on this line alone ("local") and as held since the start ("carried"). For the server only.
 */
export function answerKey(lesson: Lesson, question: Question): AnswerKey {
  const c = findCheckpoint(lesson, question.checkpointId);
  const truth = truthAt(c, question.quantity);
  if (!truth) throw new Error(`lesson ${lesson.id}: "${question.quantity}" does not exist at "${c.id}"`);
  const mutants: MutantValue[] = [];
  const applicable = new Set(applicableMisconceptions(lesson));
  for (const m of misconceptionDefs) {
    if (!applicable.has(m.id)) continue;
    // A line the misconception's rules do not touch runs as PyTorch runs it: no need to run it again.
    const local = hooksTouch(m.hooks, c.kinds) ? truthAt(mutantCheckpoint(lesson, m.id, c.index), question.quantity) : truth;
    const held = carriedCheckpoint(lesson, m.id, c);
    const carried = held && truthAt(held, question.quantity);
    if (local && !sameValue(local, truth)) mutants.push({ misconceptionId: m.id, value: local, mode: "local" });
    if (carried && !sameValue(carried, truth) && !(local && sameValue(carried, local)))
      mutants.push({ misconceptionId: m.id, value: carried, mode: "carried" });
  }
  // Wrong values a source students read states: graded like misconceptions, with the lesson's own explanation.
  for (const k of lesson.knownMistakes ?? []) {
    if (k.quantity === question.quantity && checkpointAt(lesson, k)?.id === question.checkpointId) {
      mutants.push({ misconceptionId: `known:${k.id}`, value: { kind: "number", value: k.value }, mode: "local" });
    }
  }
  return { questionId: question.id, truth, mutants };
}

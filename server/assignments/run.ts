/**
 * A self-paced run as a fold over its log: the same steps always give the same state, so a reload, a second tab
 * or a lost connection finds the run exactly where it was. Pure: no I/O, no clock.
 *
 * A run goes through the assignment's questions on one variant (numbers of the student's own). A concept is
 * mastered after `mastery` correct answers in a row, each on a different variant. In practice (unlimited
 * attempts) a miss offers the same question again on a fresh variant, and after the last question the run goes
 * on, on fresh numbers, with the questions of the concepts not yet mastered. With a fixed number of attempts,
 * each attempt is the whole list on fresh numbers.
 */
import type { ConceptId } from "@descent/autograd";

export type RunConfig = {
  /** Question ids ("<checkpoint>:<quantity>") in lesson order. */
  questions: readonly string[];
  /** The concepts each question tests. */
  conceptsOf: (questionId: string) => readonly ConceptId[];
  /** null: practice, unlimited. */
  attempts: number | null;
  mastery: number;
};

export type RunStep =
  | { kind: "answer"; questionId: string; variant: number; correct: boolean }
  /** After a miss in practice: the same question on fresh numbers. */
  | { kind: "retry" }
  /** After a miss in practice: on to the next question. */
  | { kind: "next" }
  /** Between attempts: the next attempt, on fresh numbers. */
  | { kind: "restart" }
  /** Between attempts: stop here. */
  | { kind: "finish" };

export type RunPhase = "question" | "missed" | "between" | "done";

export type RunState = {
  phase: RunPhase;
  /** The current variant's number (0, 1, …): part of its seed. */
  variant: number;
  /** The attempt (fixed attempts) or pass (practice), from 1. */
  attempt: number;
  queue: string[];
  position: number;
  streak: Partial<Record<ConceptId, number>>;
  /** The variant each concept last counted on: two answers on the same numbers count once. */
  countedOn: Partial<Record<ConceptId, number>>;
  mastered: ConceptId[];
  /** Every concept the assignment's questions test, in order. */
  concepts: ConceptId[];
  answered: number;
  correct: number;
  /** Questions of the list answered at least once (for "questions done"). */
  done: string[];
};

export class RunStepRefused extends Error {
  override name = "RunStepRefused";
}

export function initialRun(config: RunConfig): RunState {
  const concepts: ConceptId[] = [];
  for (const q of config.questions) for (const c of config.conceptsOf(q)) if (!concepts.includes(c)) concepts.push(c);
  return { phase: config.questions.length ? "question" : "done", variant: 0, attempt: 1, queue: [...config.questions], position: 0, streak: {}, countedOn: {}, mastered: [], concepts, answered: 0, correct: 0, done: [] };
}

/** The question the student answers now, on which variant; null when there is none. */
export function currentItem(s: RunState): { questionId: string; variant: number } | null {
  return s.phase === "question" || s.phase === "missed" ? { questionId: s.queue[s.position]!, variant: s.variant } : null;
}

function endOfPass(s: RunState, config: RunConfig): RunState {
  if (s.concepts.every((c) => s.mastered.includes(c))) return { ...s, phase: "done" };
  if (config.attempts === null) {
    const open = new Set(s.concepts.filter((c) => !s.mastered.includes(c)));
    const queue = config.questions.filter((q) => config.conceptsOf(q).some((c) => open.has(c)));
    return { ...s, phase: "question", queue, position: 0, variant: s.variant + 1, attempt: s.attempt + 1 };
  }
  return { ...s, phase: s.attempt < config.attempts ? "between" : "done" };
}

function advance(s: RunState, config: RunConfig): RunState {
  const next = { ...s, phase: "question" as RunPhase, position: s.position + 1 };
  return next.position >= next.queue.length ? endOfPass(next, config) : next;
}

/** One step; throws RunStepRefused (changing nothing) when the step does not fit the state. */
export function applyStep(s: RunState, step: RunStep, config: RunConfig): RunState {
  switch (step.kind) {
    case "answer": {
      const item = currentItem(s);
      if (s.phase !== "question" || !item) throw new RunStepRefused("There is no open question: continue first.");
      if (item.questionId !== step.questionId || item.variant !== step.variant) throw new RunStepRefused("That question has already been answered.");
      const streak = { ...s.streak };
      const countedOn = { ...s.countedOn };
      const mastered = [...s.mastered];
      for (const c of config.conceptsOf(step.questionId)) {
        if (!step.correct) {
          streak[c] = 0;
          delete countedOn[c];
        } else if (countedOn[c] !== step.variant) {
          streak[c] = (streak[c] ?? 0) + 1;
          countedOn[c] = step.variant;
          if (streak[c]! >= config.mastery && !mastered.includes(c)) mastered.push(c);
        }
      }
      const done = s.done.includes(step.questionId) ? s.done : [...s.done, step.questionId];
      const after: RunState = { ...s, streak, countedOn, mastered, done, answered: s.answered + 1, correct: s.correct + (step.correct ? 1 : 0) };
      if (!step.correct && config.attempts === null) return { ...after, phase: "missed" };
      return advance(after, config);
    }
    case "retry":
      if (s.phase !== "missed") throw new RunStepRefused("Only a missed question can be tried again.");
      return { ...s, phase: "question", variant: s.variant + 1 };
    case "next":
      if (s.phase !== "missed") throw new RunStepRefused("Answer the question first.");
      return advance(s, config);
    case "restart":
      if (s.phase !== "between") throw new RunStepRefused("A new attempt starts only after the last question.");
      return { ...s, phase: "question", attempt: s.attempt + 1, variant: s.variant + 1, queue: [...config.questions], position: 0 };
    case "finish":
      if (s.phase !== "between") throw new RunStepRefused("Finish after the last question.");
      return { ...s, phase: "done" };
  }
}

/**
 * The state after `steps`. Every stored step was accepted when it was stored; one that no longer fits (the lesson's
 * questions or the concept table changed with a new version) is skipped, so that the run still opens and its
 * answers still count in the results, rather than failing for good.
 */
export function foldRun(config: RunConfig, steps: readonly RunStep[]): RunState {
  return steps.reduce((s, step) => {
    try {
      return applyStep(s, step, config);
    } catch (e) {
      if (e instanceof RunStepRefused) return s;
      throw e;
    }
  }, initialRun(config));
}

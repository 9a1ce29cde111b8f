import type { Answer, Value } from "../trace/value";
import { numbersOf } from "../trace/value";

export interface Tolerance {
  /** Relative: |answer − value| ≤ atol + rtol·|value|, elementwise. */
  rtol?: number;
  /** Absolute, for values at or near 0. */
  atol?: number;
}

/**
 * 1 % relative plus 0.001 absolute: a student who types the value rounded to three significant digits is
 * correct (22.6 for 22.6224, -30.5 for -30.48, 0.705 for 0.7048, 0 for 0.0004). The built-in lessons'
 * default questions are chosen so that no misconception's value falls inside this tolerance of the truth
 * (a test checks it).
 */
export const DEFAULT_TOLERANCE: Readonly<Required<Tolerance>> = Object.freeze({ rtol: 1e-2, atol: 1e-3 });

/** A mutant's prediction, as stored in an answer key. */
export interface MutantValue {
  misconceptionId: string;
  value: Value;
  /**
   * "local": the student applies the misconception to this line, starting from the true state shown so far.
   * "carried": the student has held it since the start of the lesson, so earlier lines went wrong too.
   */
  mode: "local" | "carried";
}

/** Everything grade() needs for one question. Computed on the server; it holds the secret. */
export interface AnswerKey {
  questionId: string;
  truth: Value;
  /** Only misconceptions whose value differs from the truth here. */
  mutants: MutantValue[];
}

export type Grade =
  | { outcome: "correct" }
  | { outcome: "misconception"; ids: string[] }
  | { outcome: "unclassified" };

function close(a: number, v: number, rtol: number, atol: number): boolean {
  return Math.abs(a - v) <= atol + rtol * Math.abs(v);
}

/**
 * Whether an answer matches a value: numbers and vectors elementwise within the tolerance (a one-element
 * vector and a number are interchangeable), None and errors by kind only.
 */
export function answerMatches(value: Value, answer: Answer, rtol: number, atol: number): boolean {
  if (value.kind === "none" || value.kind === "error" || answer.kind === "none" || answer.kind === "error")
    return value.kind === answer.kind;
  const v = numbersOf(value)!;
  const a = numbersOf(answer)!;
  if (v.length !== a.length) return false;
  for (let i = 0; i < v.length; i++) if (!close(a[i]!, v[i]!, rtol, atol)) return false;
  return true;
}

/**
 * Correct when the answer matches the truth; otherwise the ids of every misconception whose value it
 * matches (in the key's order, each once); otherwise unclassified.
 */
export function grade(key: AnswerKey, answer: Answer, tol: Tolerance = {}): Grade {
  const rtol = tol.rtol ?? DEFAULT_TOLERANCE.rtol;
  const atol = tol.atol ?? DEFAULT_TOLERANCE.atol;
  if (answerMatches(key.truth, answer, rtol, atol)) return { outcome: "correct" };
  const ids: string[] = [];
  for (const m of key.mutants) {
    if (!ids.includes(m.misconceptionId) && answerMatches(m.value, answer, rtol, atol)) ids.push(m.misconceptionId);
  }
  return ids.length > 0 ? { outcome: "misconception", ids } : { outcome: "unclassified" };
}

/** A value as the answer a student would type for it. */
export function answerFor(value: Value): Answer {
  switch (value.kind) {
    case "number":
      return { kind: "number", value: value.value };
    case "vector":
      return { kind: "vector", value: [...value.value] };
    case "none":
      return { kind: "none" };
    case "error":
      return { kind: "error" };
  }
}

/** Whether two values cannot be told apart at this tolerance (symmetric, unlike grading). */
export function indistinguishable(a: Value, b: Value, tol: Tolerance = {}): boolean {
  const rtol = tol.rtol ?? DEFAULT_TOLERANCE.rtol;
  const atol = tol.atol ?? DEFAULT_TOLERANCE.atol;
  return answerMatches(a, answerFor(b), rtol, atol) || answerMatches(b, answerFor(a), rtol, atol);
}

/**
 * How many distinct wrong values the question's applicable misconceptions predict, at the tolerance:
 * mutant values within tolerance of the truth do not count, and values within tolerance of each other count
 * once. A power of 0 means no wrong answer here can be explained; the higher, the more misconceptions a
 * single answer tells apart.
 */
export function diagnosticPower(key: AnswerKey, tol: Tolerance = {}): number {
  return valueClusters(key, tol).length;
}

/** The distinct wrong values of a key, each with the misconceptions that predict it. */
export function valueClusters(key: AnswerKey, tol: Tolerance = {}): { value: Value; ids: string[] }[] {
  const clusters: { value: Value; ids: string[] }[] = [];
  for (const m of key.mutants) {
    if (indistinguishable(m.value, key.truth, tol)) continue;
    const c = clusters.find((k) => indistinguishable(k.value, m.value, tol));
    if (c) {
      if (!c.ids.includes(m.misconceptionId)) c.ids.push(m.misconceptionId);
    } else clusters.push({ value: m.value, ids: [m.misconceptionId] });
  }
  return clusters;
}

export interface StudentProfile {
  /** Misconceptions matched on two or more distinct questions. */
  bugs: string[];
  /** Misconceptions matched on exactly one question. */
  slips: string[];
  /** Number of distinct questions on which each misconception was matched. */
  counts: Record<string, number>;
}

/**
 * A misconception seen on two or more questions is a bug, on one a slip. An answer that matched several
 * misconceptions counts for each; the same question answered twice counts once.
 */
export function studentProfile(grades: { questionId: string; grade: Grade }[]): StudentProfile {
  const seen = new Map<string, Set<string>>();
  for (const { questionId, grade: g } of grades) {
    if (g.outcome !== "misconception") continue;
    for (const id of g.ids) {
      let qs = seen.get(id);
      if (!qs) seen.set(id, (qs = new Set()));
      qs.add(questionId);
    }
  }
  const counts: Record<string, number> = {};
  const bugs: string[] = [];
  const slips: string[] = [];
  for (const [id, qs] of seen) {
    counts[id] = qs.size;
    (qs.size >= 2 ? bugs : slips).push(id);
  }
  bugs.sort((a, b) => counts[b]! - counts[a]! || a.localeCompare(b));
  slips.sort();
  return { bugs, slips, counts };
}

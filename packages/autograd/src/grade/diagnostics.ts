import type { Lesson } from "../lesson/types";
import { resolveRef, traceLesson } from "../trace/trace";
import type { Value } from "../trace/value";
import { answerFor, grade, valueClusters, type AnswerKey, type Tolerance } from "./grade";
import { answerKey, questionAt, type Question } from "./questions";

export interface QuestionDiagnostics {
  question: Question;
  key: AnswerKey;
  /** Distinct wrong values at the tolerance, each with the misconceptions predicting it. */
  clusters: { value: Value; ids: string[] }[];
  /** How many distinct wrong values (clusters.length): the diagnostic power. */
  power: number;
  /** Misconceptions whose value a grader would accept as correct here (the question should not be asked). */
  gradedCorrect: string[];
}

export function diagnose(lesson: Lesson, question: Question, tol: Tolerance = {}): QuestionDiagnostics {
  const key = answerKey(lesson, question);
  const clusters = valueClusters(key, tol);
  const gradedCorrect = [
    ...new Set(
      key.mutants.filter((m) => grade(key, answerFor(m.value), tol).outcome === "correct").map((m) => m.misconceptionId),
    ),
  ];
  return { question, key, clusters, power: clusters.length, gradedCorrect };
}

/**
 * Every (checkpoint, quantity) of the lesson, diagnosed; with `aboutOnly`, only the quantities each line is
 * about (`Checkpoint.about`), which are the questions worth asking.
 */
export function lessonDiagnostics(
  lesson: Lesson,
  tol: Tolerance = {},
  opts: { aboutOnly?: boolean } = {},
): QuestionDiagnostics[] {
  const out: QuestionDiagnostics[] = [];
  for (const c of traceLesson(lesson).checkpoints)
    for (const q of Object.keys(c.values)) {
      if (opts.aboutOnly && !c.about.includes(q)) continue;
      out.push(diagnose(lesson, questionAt(lesson, c.id, q), tol));
    }
  return out;
}

/** What a misconception predicts at a question, as the indices of the wrong values it falls in ("" = truth). */
function signature(d: QuestionDiagnostics, id: string): string {
  return d.clusters
    .map((c, i) => (c.ids.includes(id) ? i : -1))
    .filter((i) => i >= 0)
    .join(",");
}

export interface Separation {
  /** Misconceptions that predict a wrong value on at least one of the questions. */
  detected: string[];
  /** Pairs of detected misconceptions that give the same answers on every question. */
  confused: [string, string][];
}

/** Which misconceptions a set of questions detects, and which pairs it cannot tell apart. */
export function separation(ds: QuestionDiagnostics[]): Separation {
  const ids = [...new Set(ds.flatMap((d) => d.clusters.flatMap((c) => c.ids)))].sort();
  const sig = new Map(ids.map((id) => [id, ds.map((d) => signature(d, id)).join("|")]));
  const confused: [string, string][] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) if (sig.get(ids[i]!) === sig.get(ids[j]!)) confused.push([ids[i]!, ids[j]!]);
  return { detected: ids, confused };
}

/**
 * Chooses questions among those each line is about, greedily: each pick separates the most pairs not yet separated, where a pair is two
 * misconceptions, or a misconception and the truth. Questions where some misconception would be graded
 * correct are never picked. Ends with a question whose answer is None and one whose answer is an error,
 * when the lesson has a diagnostic one. Returned in the order they come up in the lesson.
 */
export function suggestQuestions(lesson: Lesson, opts: { max?: number; tol?: Tolerance } = {}): Question[] {
  const max = opts.max ?? 12;
  const all = lessonDiagnostics(lesson, opts.tol, { aboutOnly: true }).filter((d) => d.gradedCorrect.length === 0 && d.power > 0);
  const ids = [...new Set(all.flatMap((d) => d.clusters.flatMap((c) => c.ids)))].sort();
  const members = ["", ...ids];
  const separates = (d: QuestionDiagnostics, a: string, b: string) =>
    (a === "" ? "" : signature(d, a)) !== (b === "" ? "" : signature(d, b));
  const open = new Set<string>();
  for (let i = 0; i < members.length; i++)
    for (let j = i + 1; j < members.length; j++)
      if (all.some((d) => separates(d, members[i]!, members[j]!))) open.add(`${members[i]}\n${members[j]}`);

  const chosen: QuestionDiagnostics[] = [];
  while (open.size > 0 && chosen.length < max) {
    let best: QuestionDiagnostics | null = null;
    let bestGain = 0;
    for (const d of all) {
      if (chosen.includes(d)) continue;
      let gain = 0;
      for (const pair of open) {
        const [a, b] = pair.split("\n") as [string, string];
        if (separates(d, a, b)) gain++;
      }
      if (gain > bestGain || (gain === bestGain && best && gain > 0 && d.power > best.power)) {
        best = d;
        bestGain = gain;
      }
    }
    if (!best) break;
    chosen.push(best);
    for (const pair of [...open]) {
      const [a, b] = pair.split("\n") as [string, string];
      if (separates(best, a, b)) open.delete(pair);
    }
  }
  for (const kind of ["none", "error"] as const) {
    if (chosen.length >= max || chosen.some((d) => d.key.truth.kind === kind)) continue;
    const pick = all.filter((d) => d.key.truth.kind === kind).sort((a, b) => b.power - a.power)[0];
    if (pick) chosen.push(pick);
  }
  const order = new Map(traceLesson(lesson).checkpoints.map((c) => [c.id, c.index]));
  return chosen
    .map((d) => d.question)
    .sort((a, b) => order.get(a.checkpointId)! - order.get(b.checkpointId)!);
}

/** The lesson's default questions: its own list when it has one, else `suggestQuestions`. */
export function defaultQuestions(lesson: Lesson): Question[] {
  if (lesson.questions) {
    return lesson.questions.map((ref) => {
      const q = resolveRef(lesson, ref);
      return questionAt(lesson, q.checkpoint, q.quantity);
    });
  }
  return suggestQuestions(lesson);
}

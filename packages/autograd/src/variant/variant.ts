/**
 * Variants: the same lesson on numbers of one's own. A variant keeps the lesson's code and questions and
 * changes its literals: the parameters' initial values, the line the data lie on, the learning rate; literals
 * the code copies from an earlier state (`Lesson.copies`) are recomputed. A draw is kept only when
 *   (a) its numbers are humane: every value of the true trace is finite, small and has few digits, and
 *   (b) it keeps the lesson's diagnostic power: on every question asked, each misconception is told apart from
 *       the truth and from the others at least as well as on the lesson's own numbers;
 * otherwise the generator draws again. Same seed, same variant, in the server and in the browser.
 */
import type { Lesson, QuestionRef } from "../lesson/types";
import { answerFor, grade, type AnswerKey, type Tolerance } from "../grade/grade";
import { answerKey, questionAt, type Question } from "../grade/questions";
import { conceptsOf, type ConceptId } from "../grade/concepts";
import { defaultQuestions } from "../grade/diagnostics";
import { askOnly, checkpointAt, traceLesson, traceWithoutGraphs } from "../trace/trace";
import { numbersOf, sameValue, type Value } from "../trace/value";
import { seededRng } from "./rng";

const NUM = String.raw`-?\d+(?:\.\d*)?(?:e-?\d+)?`;
const TENSOR_LITERAL = new RegExp(String.raw`(torch\.tensor\(\s*)(${NUM})`);
const LR_LINE = new RegExp(String.raw`^(\s*lr\s*=\s*)(${NUM})(\s*(?:#.*)?)$`);
const LR_ARG = new RegExp(String.raw`(\blr\s*=\s*)(${NUM})`);
const Y_LINE = new RegExp(String.raw`^(\s*)y\s*=\s*(?:(${NUM})\s*\*\s*)?X\s*\+\s*(${NUM})\s*$`);

/** The values a variant draws from: numbers a student works by hand. */
export const VARIANT_CHOICES = Object.freeze({
  init: [-1, -0.5, 0, 0.5, 1],
  slope: [-1, 0.5, 1, 1.5, 2, 3],
  intercept: [-2, -1, 1, 2, 3, 4, 5],
  /** Multiples of the lesson's own learning rate. */
  lrFactor: [1, 2],
});

/** What in a lesson a variant may change, found in its code. */
export interface VariantSpace {
  /** Scalar parameters created from a literal on their line. */
  params: { name: string; line: number }[];
  /** `y = a * X + c`: the source line, when the data lie exactly on it. */
  data: { line: number; indent: string } | null;
  /** The learning rate's literal: a `lr = 0.01` line, or `lr=0.01` on the optimizer's line. */
  lr: { line: number; kind: "assignment" | "argument" } | null;
}

/** Python's spelling of a float literal: 0.0, -0.5, 0.01. */
export function pythonFloat(x: number): string {
  if (Object.is(x, -0) || x === 0) return "0.0";
  return Number.isInteger(x) ? `${x}.0` : String(x);
}


const PARAM_LINE = new RegExp(String.raw`^\s*([A-Za-z_]\w*)\s*=\s*torch\.tensor\(\s*${NUM}\s*,\s*requires_grad\s*=\s*True\s*\)\s*(?:#.*)?$`);

export function variantSpace(lesson: Lesson): VariantSpace {
  const src = lesson.source;
  const may = (name: string) => lesson.vary === undefined || lesson.vary.includes(name);
  const copied = new Set((lesson.copies ?? []).map((c) => c.line - 1));
  const bound = new Set<string>();
  const params: VariantSpace["params"] = [];
  let data: VariantSpace["data"] = null;
  let lr: VariantSpace["lr"] = null;
  src.forEach((text, line) => {
    const p = PARAM_LINE.exec(text);
    // A parameter created once from a number (not a copy of an earlier value, not made again later).
    if (p && !copied.has(line)) {
      const name = p[1]!;
      if (!bound.has(name) && may(name) && !src.some((t, i) => i !== line && new RegExp(String.raw`^\s*${name}\s*=`).test(t))) params.push({ name, line });
    }
    const assigned = /^\s*([A-Za-z_]\w*)\s*=/.exec(text)?.[1];
    if (assigned) bound.add(assigned);
    const y = Y_LINE.exec(text);
    if (y && !data && may("y")) data = { line, indent: y[1]! };
    if (!lr && may("lr") && LR_LINE.test(text)) lr = { line, kind: "assignment" };
    if (!lr && may("lr") && /optim\.(SGD|Adam)\(/.test(text) && LR_ARG.test(text)) lr = { line, kind: "argument" };
  });
  return { params, data, lr };
}

/** The learning rate the lesson's own code writes. */
function lrOf(lesson: Lesson, space: VariantSpace): number | null {
  if (!space.lr) return null;
  const text = lesson.source[space.lr.line]!;
  return Number((space.lr.kind === "assignment" ? LR_LINE : LR_ARG).exec(text)![2]);
}

/** Whether a lesson has anything a variant can change. */
export function hasVariants(lesson: Lesson): boolean {
  const s = variantSpace(lesson);
  return (s.params.length > 0 || s.data !== null || s.lr !== null) && humane(lesson).ok;
}

type Draws = Record<string, number>;

function valueAsLiteral(v: Value | undefined): number | null | number[] | undefined {
  if (!v) return undefined;
  if (v.kind === "none") return null;
  if (v.kind === "number") return v.value;
  if (v.kind === "vector") return [...v.value];
  return undefined;
}

/**
 * The lesson with every copied literal (`Lesson.copies`) set to the value it copies, in the code.
 * Throws when a copied value is not a number the code can show.
 */
export function resolveDerived(lesson: Lesson): Lesson {
  let current = lesson;
  const copies = lesson.copies ?? [];
  for (let pass = 0; pass <= copies.length; pass++) {
    let changed = false;
    const source = [...current.source];
    for (const copy of copies) {
      const c = checkpointAt(current, copy.from);
      const raw = valueAsLiteral(c?.values[copy.from.quantity]);
      if (typeof raw !== "number") {
        throw new Error(`line ${copy.line} copies ${copy.from.quantity} after line ${copy.from.line}, which is ${raw === undefined ? "not there" : raw === null ? "None" : "a tensor"}: only numbers are recomputed`);
      }
      // The code shows a short literal (0.08, not 0.08000000000000002), and the lesson runs on what it shows.
      const v = Number(raw.toPrecision(12));
      const text = source[copy.line - 1]!;
      const m = TENSOR_LITERAL.exec(text);
      if (!m) throw new Error(`line ${copy.line} has no torch.tensor(<number>) literal to recompute`);
      if (Number(m[2]) === v) continue;
      changed = true;
      source[copy.line - 1] = text.replace(TENSOR_LITERAL, (_m, pre: string) => `${pre}${pythonFloat(v)}`);
    }
    if (!changed) return current;
    current = traceWithoutGraphs({ ...current, source });
  }
  return current;
}

/** The lesson on the given numbers (before copied literals are recomputed). */
function applyDraws(lesson: Lesson, space: VariantSpace, draws: Draws): Lesson {
  const source = [...lesson.source];
  for (const p of space.params) {
    const v = draws[`init:${p.name}`];
    if (v !== undefined) source[p.line] = source[p.line]!.replace(TENSOR_LITERAL, (_m, pre: string) => `${pre}${pythonFloat(v)}`);
  }
  if (space.data && draws.slope !== undefined && draws.intercept !== undefined) {
    const a = draws.slope;
    const c = draws.intercept;
    source[space.data.line] = `${space.data.indent}y = ${pythonFloat(a)} * X ${c < 0 ? "-" : "+"} ${pythonFloat(Math.abs(c))}`;
  }
  if (space.lr && draws.lr !== undefined) {
    const value = draws.lr;
    const line = space.lr.line;
    source[line] =
      space.lr.kind === "assignment"
        ? source[line]!.replace(LR_LINE, (_m, pre: string, _n: string, post: string) => `${pre}${pythonFloat(value)}${post}`)
        : source[line]!.replace(LR_ARG, (_m, pre: string) => `${pre}${pythonFloat(value)}`);
  }
  // A variant's trace is never drawn: no graph per line.
  const out: Lesson = traceWithoutGraphs({ ...lesson, source });
  // A known mistake is a wrong value on the lesson's own numbers: it means nothing on others.
  delete out.knownMistakes;
  return out;
}

function decimals(x: number, rel: number): number {
  for (let d = 0; d <= 12; d++) {
    const scaled = x * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= rel * Math.max(1, Math.abs(scaled))) return d;
  }
  return Infinity;
}

function significant(x: number, d: number): number {
  const digits = Math.round(Math.abs(x) * 10 ** d).toString().replace(/^0+/, "");
  return digits.replace(/0+$/, "").length;
}

/** The limits of "humane": what a student can work out by hand. */
export const HUMANE = Object.freeze({ maxAbs: 1000, maxDecimals: 5, maxSignificant: 6 });

/**
 * (a) Every number of the true trace (values and the gradients, at every line) is finite, at most 1,000 in
 * size, with at most 5 decimals and 6 significant digits.
 */
export function humane(lesson: Lesson): { ok: true } | { ok: false; reason: string } {
  const rel = lesson.dtype === "float32" ? 1e-6 : 1e-9;
  for (const c of traceLesson(lesson).checkpoints)
    for (const [q, v] of Object.entries(c.values)) {
      for (const x of numbersOf(v) ?? []) {
        if (!Number.isFinite(x)) return { ok: false, reason: `${q} is ${x} at ${c.id}` };
        if (Math.abs(x) > HUMANE.maxAbs) return { ok: false, reason: `${q} = ${x} at ${c.id} is too large` };
        const d = decimals(x, rel);
        if (d > HUMANE.maxDecimals || significant(x, d) > HUMANE.maxSignificant) return { ok: false, reason: `${q} = ${x} at ${c.id} has too many digits` };
      }
    }
  return { ok: true };
}

/** Per question: the truth's kind, and for each misconception the set of ids its values are graded as. */
type Profile = { truthKind: Value["kind"]; confusions: Map<string, Set<string> | "correct"> }[];

function profileOf(key: AnswerKey, tol: Tolerance): Profile[number] {
  const confusions = new Map<string, Set<string> | "correct">();
  for (const m of key.mutants) {
    if (m.misconceptionId.startsWith("known:")) continue;
    const g = grade(key, answerFor(m.value), tol);
    const prev = confusions.get(m.misconceptionId);
    if (g.outcome === "correct" || prev === "correct") confusions.set(m.misconceptionId, "correct");
    else {
      const ids = new Set(prev ?? []);
      if (g.outcome === "misconception") for (const id of g.ids) if (!id.startsWith("known:")) ids.add(id);
      confusions.set(m.misconceptionId, ids);
    }
  }
  return { truthKind: key.truth.kind, confusions };
}

function profile(lesson: Lesson, questions: readonly QuestionRef[], tol: Tolerance): Profile {
  return questions.map((q) => profileOf(answerKey(lesson, questionAt(lesson, q.checkpoint, q.quantity)), tol));
}

/**
 * (b) On every question, the truth has the same kind, every misconception that gave a wrong value on the
 * lesson's numbers still does and is graded as no more misconceptions than it was, and no misconception is
 * graded correct where it was not.
 */
export function keepsDiagnosticPower(
  base: Profile,
  variant: Lesson,
  questions: readonly QuestionRef[],
  tol: Tolerance = {},
): { ok: true } | { ok: false; reason: string } {
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i]!;
    const want = base[i]!;
    const key = answerKey(variant, questionAt(variant, q.checkpoint, q.quantity));
    if (key.truth.kind !== want.truthKind) return { ok: false, reason: `${q.checkpoint}:${q.quantity} is a ${key.truth.kind}, not a ${want.truthKind}` };
    const got = profileOf(key, tol);
    for (const [id, was] of want.confusions) {
      if (was === "correct") continue;
      const now = got.confusions.get(id);
      if (now === undefined) return { ok: false, reason: `${id} gives the truth at ${q.checkpoint}:${q.quantity}` };
      if (now === "correct") return { ok: false, reason: `${id} is graded correct at ${q.checkpoint}:${q.quantity}` };
      for (const other of now) if (!was.has(other)) return { ok: false, reason: `${id} looks like ${other} at ${q.checkpoint}:${q.quantity}` };
    }
    for (const [id, now] of got.confusions) {
      if (want.confusions.has(id)) continue;
      if (now === "correct") return { ok: false, reason: `${id} is graded correct at ${q.checkpoint}:${q.quantity}` };
    }
  }
  return { ok: true };
}

export interface Variant {
  lesson: Lesson;
  seed: string;
  /** The numbers drawn, e.g. { "init:w": 0.5, slope: 2, intercept: 1, lr: 0.02 }; empty for the lesson's own. */
  draws: Draws;
  /** Draws rejected before this one. */
  rejected: number;
  /** True when the lesson has nothing to vary, or no draw passed: the lesson's own numbers. */
  own: boolean;
}

const profiles = new WeakMap<Lesson, Map<string, Profile>>();

function baseProfile(lesson: Lesson, questions: readonly QuestionRef[], tol: Tolerance): Profile {
  let byQuestions = profiles.get(lesson);
  if (!byQuestions) profiles.set(lesson, (byQuestions = new Map()));
  const k = JSON.stringify([questions, tol]);
  let p = byQuestions.get(k);
  if (!p) byQuestions.set(k, (p = profile({ ...lesson, knownMistakes: [] }, questions, tol)));
  return p;
}

/**
 * The variant of `lesson` for `seed` (for example "<assignment>:<student>:<attempt>"): the first draw of the
 * seeded sequence that passes (a) and (b) on `questions` (default: the lesson's own questions). After
 * `maxDraws` rejected draws, the lesson's own numbers.
 */
export function drawVariant(
  lesson: Lesson,
  seed: string,
  opts: {
    questions?: readonly QuestionRef[];
    maxDraws?: number;
    tol?: Tolerance;
    /** Numbers already seen (the student's previous variant): a fresh variant never repeats them. */
    avoid?: readonly Draws[];
    onReject?: (reason: string, draws: Draws) => void;
  } = {},
): Variant {
  const own: Variant = { lesson, seed, draws: {}, rejected: 0, own: true };
  const space = variantSpace(lesson);
  if (space.params.length === 0 && !space.data && !space.lr) return own;
  if (!humane(lesson).ok) return own;
  const tol = opts.tol ?? {};
  const questions = opts.questions ?? defaultQuestions(lesson).map((q) => ({ checkpoint: q.checkpointId, quantity: q.quantity }));
  const base = baseProfile(lesson, questions, tol);
  const rng = seededRng(seed);
  const maxDraws = opts.maxDraws ?? 200;
  for (let n = 0; n < maxDraws; n++) {
    const draws: Draws = {};
    for (const p of space.params) draws[`init:${p.name}`] = rng.pick(VARIANT_CHOICES.init);
    if (space.data) {
      draws.slope = rng.pick(VARIANT_CHOICES.slope);
      draws.intercept = rng.pick(VARIANT_CHOICES.intercept);
    }
    if (space.lr) {
      const lr = lrOf(lesson, space)!;
      draws.lr = Number((lr * rng.pick(VARIANT_CHOICES.lrFactor)).toPrecision(6));
    }
    if (opts.avoid?.some((d) => JSON.stringify(d) === JSON.stringify(draws))) {
      opts.onReject?.("the same numbers as before", draws);
      continue;
    }
    let candidate: Lesson;
    try {
      candidate = resolveDerived(applyDraws(lesson, space, draws));
    } catch (e) {
      opts.onReject?.((e as Error).message, draws);
      continue;
    }
    const h = humane(candidate);
    if (!h.ok) {
      opts.onReject?.(h.reason, draws);
      continue;
    }
    // Only the asked questions are graded on a variant: its misconceptions' runs keep those lines' values only.
    askOnly(candidate, questions.map((q) => q.checkpoint));
    const d = keepsDiagnosticPower(base, candidate, questions, tol);
    if (!d.ok) {
      opts.onReject?.(d.reason, draws);
      continue;
    }
    return { lesson: candidate, seed, draws, rejected: n, own: false };
  }
  return { ...own, rejected: maxDraws };
}


/** What a self-paced student needs for one question of a variant. `key` holds the truth: server only. */
export interface VariantItem {
  question: Question;
  /** The state the line starts from (the values after the line before), without the quantity asked. */
  before: Record<string, Value>;
  key: AnswerKey;
  concepts: ConceptId[];
}

export interface VariantPlan {
  lessonId: string;
  seed: string;
  own: boolean;
  draws: Draws;
  source: string[];
  /**
   * Lines whose literal copies an earlier state (`value`, as the variant computed it): hidden ("…") until that
   * state is reached, and while it equals the truth of a question still to be answered.
   */
  copies: { line: number; fromIndex: number; value?: Value }[];
  /** By question id. */
  items: Record<string, VariantItem>;
}

/** The variant for `seed`, with everything the asked questions need: a self-paced run serves it by lookups. */
export function variantPlan(lesson: Lesson, seed: string, questions: readonly QuestionRef[], avoid: readonly Draws[] = []): VariantPlan {
  const v = drawVariant(lesson, seed, { questions, avoid });
  const trace = traceLesson(v.lesson);
  const indexOf = new Map(trace.checkpoints.map((c) => [c.id, c.index]));
  const items: Record<string, VariantItem> = {};
  for (const ref of questions) {
    const question = questionAt(v.lesson, ref.checkpoint, ref.quantity);
    const c = trace.checkpoints[indexOf.get(ref.checkpoint)!]!;
    // The state the line starts from, without the quantity asked, and without gradients that are None (a "b.grad:
    // None" beside "what is w.grad?" would give the answer away).
    const before = Object.fromEntries(
      Object.entries(c.index === 0 ? {} : trace.checkpoints[c.index - 1]!.values).filter(([q, v]) => q !== ref.quantity && v.kind !== "none"),
    );
    const key = answerKey(v.lesson, question);
    items[question.id] = { question, before, key, concepts: conceptsOf(v.lesson, ref.checkpoint, key) };
  }
  const copies = (v.lesson.copies ?? []).map((copy) => {
    const fromIndex = checkpointAt(v.lesson, copy.from)?.index ?? 0;
    const value = trace.checkpoints[fromIndex]?.values[copy.from.quantity];
    return { line: copy.line - 1, fromIndex, ...(value ? { value } : {}) };
  });
  return { lessonId: lesson.id, seed, own: v.own, draws: v.draws, source: v.lesson.source, copies, items };
}

/**
 * The code as a student sees it while answering a question at checkpoint `index`: a literal the code copies from
 * that line or a later one would give the answer away, and so would one equal to the truth of a question still to
 * be answered (`pending`, e.g. `w_no_zero = 0.4` while "w after zero_()" is to come): either shows as "…".
 */
export function codeForItem(plan: Pick<VariantPlan, "source" | "copies">, index: number, pending: readonly Value[] = []): string[] {
  const out = [...plan.source];
  for (const c of plan.copies) {
    if (c.fromIndex < index && !pending.some((t) => c.value !== undefined && sameValue(c.value, t))) continue;
    const line = out[c.line]!;
    // A scalar literal shows as "torch.tensor(…, …)"; anything else the line writes out is hidden whole.
    out[c.line] = TENSOR_LITERAL.test(line) ? line.replace(TENSOR_LITERAL, (_m, pre: string) => `${pre}…`) : line.replace(/=.*$/, "= …");
  }
  return out;
}

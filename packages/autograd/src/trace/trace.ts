/**
 * A lesson's trace: its program run by the interpreter (`src/python`), one checkpoint per line that runs, each
 * named by the section it falls in ("it2a.s5": the fifth line run in section "it2a"). The truth is the program
 * as PyTorch runs it; a mutant is the program as a student holding a misconception believes it runs.
 */
import type { Graph } from "../engine/graph";
import type { Lesson, LineRef, Section } from "../lesson/types";
import { getMisconception, misconceptionDefs } from "../misconceptions/library";
import { runProgram, type Checkpoint as LineCheckpoint, type Pass, type Quantity } from "../python/interpret";
import { parseProgram, type Program } from "../python/syntax";
import { type Hooks, hooksTouch, type LineKind, NO_HOOKS } from "../misconceptions/hooks";
import { errorValue, NONE, type Value } from "./value";

/** The state after one line of the program has run (once: a loop's lines make one checkpoint per pass). */
export interface Checkpoint {
  /** "<section id>.s<n>" with n counted from 1 in the section, e.g. "it2.s3". */
  id: string;
  /** Position in the trace, from 0. */
  index: number;
  /** The line and the passes of the loops around it ("L12.2"): the same line run in a mutant has the same key. */
  key: string;
  /** 1-based number of the section. */
  iteration: number;
  /** The section's id ("setup", "it1", "it2a", ...). */
  iterationId: string;
  iterationLabel: string;
  /** 0-based index into lesson.source. */
  line: number;
  /** The line's code without its comment, e.g. "loss.backward()". */
  label: string;
  /** Inside loops, the pass of each: [{ variable: "step", value: "1", … }]. */
  passes: Pass[];
  /** The passes as a reader says them: "step = 1" ("" outside loops). */
  passLabel: string;
  /** Quantity -> value after the line: every variable that holds a number or a tensor, and every leaf's `.grad`. */
  values: Record<string, Value>;
  /** The error the line raised, or null. */
  raised: Value | null;
  /** The quantities the line is about (see the interpreter's Checkpoint.about). */
  about: string[];
  /** What the line does where a misconception can act. */
  kinds: LineKind[];
  /** What the line printed (and nothing for a line that raised: its traceback is `raised`). */
  output: string;
  /** The graph behind the last tensor computed from parameters, as it is after the line (truth traces only). */
  graph?: Graph;
}

export interface Trace {
  lessonId: string;
  checkpoints: Checkpoint[];
  /** Every quantity that appears in some checkpoint, in order of first appearance. */
  quantities: string[];
  /** The sections that have checkpoints, in order. */
  sections: Section[];
}

const programCache = new WeakMap<Lesson, Program>();
/** By text too: a variant's lessons differ in their literals only, and are made again and again. */
const programsByText = new Map<string, Program>();
const PROGRAMS_KEPT = 64;

/** The lesson's program, parsed (and refused with ProgramRefused before anything runs). */
export function programOf(lesson: Lesson): Program {
  let p = programCache.get(lesson);
  if (!p) {
    const text = `${lesson.source.join("\n")}\n`;
    p = programsByText.get(text);
    if (p) programsByText.delete(text);
    else p = parseProgram(text);
    programsByText.set(text, p);
    if (programsByText.size > PROGRAMS_KEPT) programsByText.delete(programsByText.keys().next().value!);
    programCache.set(lesson, p);
  }
  return p;
}

const SETUP: Section = { id: "setup", label: "Setup", line: 1 };

function sectionsOf(lesson: Lesson): Section[] {
  return lesson.sections && lesson.sections.length > 0 ? lesson.sections : [{ id: "main", label: "The program", line: 1 }];
}

/** A quantity as a value (sharing its arrays: the interpreter made them for this checkpoint alone). */
function toValue(q: Quantity): Value | null {
  switch (q.kind) {
    case "tensor":
      return q.shape.length === 0 ? { kind: "number", value: q.values[0] ?? Number.NaN } : { kind: "vector", value: q.values, shape: q.shape };
    case "number":
      return { kind: "number", value: q.value };
    case "none":
      return NONE;
    case "list":
      return { kind: "vector", value: q.values, shape: [q.values.length] };
    default:
      return null;
  }
}

function codeOf(text: string): string {
  return text.replace(/\s+#.*$/, "").replace(/^\s*#.*$/, "").trim();
}

const codeCache = new WeakMap<Lesson, string[]>();

/** Each line's code without its comment (the labels of its checkpoints). */
function codesOf(lesson: Lesson): string[] {
  let codes = codeCache.get(lesson);
  if (!codes) codeCache.set(lesson, (codes = lesson.source.map(codeOf)));
  return codes;
}

/** Where each run line falls: its section, and its place in the section (cheap: no values). */
type Place = { id: string; section: Section; iteration: number };

function placesOf(lesson: Lesson, run: readonly LineCheckpoint[]): { places: Place[]; used: Section[] } {
  const declared = sectionsOf(lesson);
  const runs = new Map<number, number>();
  const used: Section[] = [];
  const places: Place[] = [];
  let next = 0;
  let current: Section | null = null;
  let n = 0;
  for (const c of run) {
    const count = (runs.get(c.line) ?? 0) + 1;
    runs.set(c.line, count);
    let s = declared[next];
    while (s && c.line >= s.line && (s.pass === undefined || (c.line === s.line && count === s.pass))) {
      current = s;
      n = 0;
      next++;
      s = declared[next];
    }
    const section = current ?? SETUP;
    if (used[used.length - 1] !== section) used.push(section);
    n++;
    places.push({ id: `${section.id}.s${n}`, section, iteration: used.length });
  }
  return { places, used };
}

/** One interpreter checkpoint as the grader and the views see it. */
function convert(lesson: Lesson, c: LineCheckpoint, place: Place, index: number): Checkpoint {
  const values: Record<string, Value> = {};
  for (const [q, v] of Object.entries(c.quantities)) {
    const value = toValue(v);
    if (value) values[q] = value;
  }
  const checkpoint: Checkpoint = {
    id: place.id,
    index,
    key: c.id,
    iteration: place.iteration,
    iterationId: place.section.id,
    iterationLabel: place.section.label,
    line: c.line - 1,
    label: codesOf(lesson)[c.line - 1] ?? "",
    passes: c.passes,
    passLabel: c.passes.map((p) => `${p.variable} = ${p.value}`).join(", "),
    values,
    raised: c.error ? errorValue(c.error.type, c.error.message) : null,
    about: c.about.filter((q) => Object.hasOwn(values, q)),
    kinds: c.kinds,
    output: c.output,
  };
  if (c.graph) checkpoint.graph = c.graph;
  return checkpoint;
}

/** The interpreter's checkpoints, named by section, with their values as the grader compares them. */
function toTrace(lesson: Lesson, run: LineCheckpoint[]): Trace {
  const { places, used } = placesOf(lesson, run);
  const checkpoints = run.map((c, i) => convert(lesson, c, places[i]!, i));
  const quantities: string[] = [];
  const seen = new Set<string>();
  for (const c of checkpoints)
    for (const q of Object.keys(c.values))
      if (!seen.has(q)) {
        seen.add(q);
        quantities.push(q);
      }
  return { lessonId: lesson.id, checkpoints, quantities, sections: used };
}

// Lessons are treated as immutable values: traces are cached per lesson object.
const truthCache = new WeakMap<Lesson, Trace>();
const carriedCache = new WeakMap<Lesson, Map<string, Trace>>();
/** Carried mutants' runs, converted line by line as questions need them. */
type Carried = { run: LineCheckpoint[]; places: Place[]; byKey: Map<string, number>; converted: Map<number, Checkpoint> };
const carriedRuns = new WeakMap<Lesson, Map<string, Carried>>();
const localCache = new WeakMap<Lesson, Map<string, Checkpoint>>();

/**
 * Lessons whose traces no one draws or steps through (a self-paced variant): traced without each line's graph and
 * without what each line is about.
 */
const withoutGraphs = new WeakSet<Lesson>();

export function traceWithoutGraphs(lesson: Lesson): Lesson {
  withoutGraphs.add(lesson);
  return lesson;
}

/** Lessons of which only some checkpoints are asked (a variant): their mutants keep the values of those only. */
const askedOnly = new WeakMap<Lesson, Set<string>>();

/** Only these checkpoints of the lesson will be asked about: carried mutants need not keep the others' values. */
export function askOnly(lesson: Lesson, checkpointIds: readonly string[]): void {
  const byId = new Map(traceLesson(lesson).checkpoints.map((c) => [c.id, c.key]));
  askedOnly.set(lesson, new Set(checkpointIds.map((id) => byId.get(id)).filter((k): k is string => k !== undefined)));
}

function run(lesson: Lesson, options: Parameters<typeof runProgram>[1] = {}): LineCheckpoint[] {
  return runProgram(programOf(lesson), { cells: true, dtype: lesson.dtype ?? "float64", ...options }).checkpoints;
}

/** What PyTorch does: the value of every quantity after every line that runs, or the error it raises. */
export function traceLesson(lesson: Lesson): Trace {
  let t = truthCache.get(lesson);
  if (!t) {
    const drawn = withoutGraphs.has(lesson);
    t = toTrace(lesson, run(lesson, { graphs: !drawn, about: !drawn }));
    truthCache.set(lesson, t);
  }
  return t;
}

function hooksOf(misconceptionId: string): Hooks {
  const m = getMisconception(misconceptionId);
  if (!m) throw new Error(`unknown misconception "${misconceptionId}"`);
  return m.hooks;
}

/** Whether a misconception acts anywhere in the lesson (on no line, its traces are the truth's). */
export function misconceptionApplies(lesson: Lesson, misconceptionId: string): boolean {
  const hooks = hooksOf(misconceptionId);
  return traceLesson(lesson).checkpoints.some((c) => hooksTouch(hooks, c.kinds));
}

const applicableCache = new WeakMap<Lesson, string[]>();

/** The misconceptions that act somewhere in the lesson. */
export function applicableMisconceptions(lesson: Lesson): string[] {
  let ids = applicableCache.get(lesson);
  if (!ids) applicableCache.set(lesson, (ids = misconceptionDefs.filter((m) => misconceptionApplies(lesson, m.id)).map((m) => m.id)));
  return ids;
}

/**
 * The lesson as a student holding the misconception from the start believes it runs: every line follows the
 * misconception's rules, so earlier mistakes carry into later values. Its lines can differ from the truth's
 * (an `if` on a value the student has wrong): match checkpoints by `key`, not by index.
 */
export function traceMutant(lesson: Lesson, misconceptionId: string): Trace {
  let byId = carriedCache.get(lesson);
  if (!byId) carriedCache.set(lesson, (byId = new Map()));
  let t = byId.get(misconceptionId);
  if (!t) {
    const hooks = hooksOf(misconceptionId);
    t = toTrace(lesson, run(lesson, { hooksAt: () => hooks, keepGraphs: hooks.reusesGraph === true, about: false }));
    byId.set(misconceptionId, t);
  }
  return t;
}

/** The checkpoint of a carried mutant that stands for the truth's checkpoint `c` (same line, same passes). */
export function carriedCheckpoint(lesson: Lesson, misconceptionId: string, c: Checkpoint): Checkpoint | undefined {
  let byId = carriedRuns.get(lesson);
  if (!byId) carriedRuns.set(lesson, (byId = new Map()));
  let carried = byId.get(misconceptionId);
  if (!carried) {
    const hooks = hooksOf(misconceptionId);
    const asked = askedOnly.get(lesson);
    const r = run(lesson, { hooksAt: () => hooks, keepGraphs: hooks.reusesGraph === true, about: false, ...(asked ? { snapshot: (_i: number, id: string) => asked.has(id) } : {}) });
    carried = { run: r, places: placesOf(lesson, r).places, byKey: new Map(r.map((k, i) => [k.id, i])), converted: new Map() };
    byId.set(misconceptionId, carried);
  }
  const i = carried.run[c.index]?.id === c.key ? c.index : carried.byKey.get(c.key);
  if (i === undefined) return undefined;
  let k = carried.converted.get(i);
  if (!k) carried.converted.set(i, (k = convert(lesson, carried.run[i]!, carried.places[i]!, i)));
  return k;
}

/**
 * The checkpoint as a student holding the misconception predicts it after seeing the true state so far:
 * every earlier line runs as PyTorch runs it, and only this one follows the misconception's rules.
 */
export function mutantCheckpoint(lesson: Lesson, misconceptionId: string, index: number): Checkpoint {
  let byKey = localCache.get(lesson);
  if (!byKey) localCache.set(lesson, (byKey = new Map()));
  const key = `${misconceptionId}@${index}`;
  let c = byKey.get(key);
  if (!c) {
    const hooks = hooksOf(misconceptionId);
    // Before the first line the hooks touch, a student holding the misconception from the start has seen the
    // true state too: up to that line, the carried run is this one (and is run already).
    const truth = traceLesson(lesson).checkpoints;
    const target = truth[index];
    if (target && !truth.slice(0, index).some((k) => hooksTouch(hooks, k.kinds))) {
      const carried = carriedCheckpoint(lesson, misconceptionId, target);
      if (carried && Object.keys(carried.values).length > 0) {
        byKey.set(key, carried);
        return carried;
      }
    }
    const checkpoints = run(lesson, { hooksAt: (i) => (i === index ? hooks : NO_HOOKS), until: index + 1, keepGraphs: hooks.reusesGraph === true, about: false, snapshot: (i) => i === index });
    const last = checkpoints[index];
    if (!last) throw new Error(`lesson ${lesson.id} has no checkpoint ${index}`);
    c = convert(lesson, last, placesOf(lesson, checkpoints).places[index]!, index);
    byKey.set(key, c);
  }
  return c;
}

/** The checkpoint a line reference names: the `pass`-th run of the line (1-based line, as the header writes it). */
export function checkpointAt(lesson: Lesson, ref: Pick<LineRef, "line" | "pass">): Checkpoint | undefined {
  let count = 0;
  for (const c of traceLesson(lesson).checkpoints) {
    if (c.line !== ref.line - 1) continue;
    count++;
    if (count === (ref.pass ?? 1)) return c;
  }
  return undefined;
}

/** A line reference's question, as a running lesson names it ({ checkpoint id, quantity }); throws if the line never runs. */
export function resolveRef(lesson: Lesson, ref: LineRef): { checkpoint: string; quantity: string } {
  const c = checkpointAt(lesson, ref);
  if (!c) throw new Error(`lesson ${lesson.id}: line ${ref.line}${ref.pass ? ` (pass ${ref.pass})` : ""} never runs`);
  return { checkpoint: c.id, quantity: ref.quantity };
}

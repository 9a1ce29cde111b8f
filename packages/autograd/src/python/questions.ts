/**
 * The questions a line of a PyTorch program offers: each quantity the line is about, its true value, the value
 * every misconception predicts there (acting on that line alone from the true state, "local", or held since the
 * start, "carried"), and the question's diagnostic power: how many distinct wrong answers it can explain. A
 * question no misconception tells apart (power 0) can still be asked, but its wrong answers say nothing.
 */
import { type AnswerKey, diagnosticPower, type MutantValue, valueClusters } from "../grade/grade";
import { misconceptionDefs } from "../misconceptions/library";
import type { Value } from "../trace/value";
import { type Checkpoint, type ProgramTrace, type RunOptions, runProgram } from "./interpret";
import { valueOfQuantity } from "./quantity";
import type { Program } from "./syntax";

export interface LineQuestion {
  quantity: string;
  truth: Value;
  mutants: MutantValue[];
  power: number;
  /** The distinct wrong values, each with the misconceptions that predict it. */
  clusters: { value: Value; ids: string[] }[];
}

function valueAt(c: Checkpoint | undefined, quantity: string): Value | null {
  if (!c) return null;
  if (c.error) return { kind: "error", pyType: c.error.type, message: c.error.message };
  return valueOfQuantity(c.quantities[quantity]);
}

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The quantities checkpoint `index` is about: those the line changed (or made), else (a print, a read, a line
 * that raises: the answer is then the error) those it names.
 */
export function quantitiesAbout(program: Program, trace: ProgramTrace, index: number): string[] {
  const c = trace.checkpoints[index]!;
  const before = index > 0 ? trace.checkpoints[index - 1]!.quantities : {};
  const askable = (q: string) => valueOfQuantity(c.quantities[q]) !== null;
  const changed = c.error ? [] : Object.keys(c.quantities).filter((q) => askable(q) && JSON.stringify(c.quantities[q]) !== JSON.stringify(before[q]));
  if (changed.length > 0) return changed;
  const text = program.source.split("\n")[c.line - 1] ?? "";
  // A name counts where it is not part of a longer name, nor the base of its own `.grad` (`w.grad` is not `w`).
  const names = (q: string) => new RegExp(`(^|[^\\w.])${q.replace(/\./g, "\\.")}(?![\\w]|\\.grad\\b)`);
  return Object.keys(c.quantities).filter((q) => askable(q) && names(q).test(text));
}

const carriedCache = new WeakMap<Program, Map<string, ProgramTrace>>();

/** Every question of checkpoint `index`, with what each misconception predicts there. */
export function questionsAt(program: Program, trace: ProgramTrace, index: number, options: Pick<RunOptions, "dtype" | "cells"> = {}): LineQuestion[] {
  const c = trace.checkpoints[index];
  if (!c) return [];
  let carried = carriedCache.get(program);
  if (!carried) carriedCache.set(program, (carried = new Map()));
  const quantities = quantitiesAbout(program, trace, index);
  const keys = new Map<string, AnswerKey>(quantities.map((q) => [q, { questionId: `${c.id}:${q}`, truth: valueAt(c, q)!, mutants: [] }]));
  for (const m of misconceptionDefs) {
    const keepGraphs = m.hooks.reusesGraph === true;
    const local = runProgram(program, { ...options, hooksAt: (j) => (j === index ? m.hooks : {}), until: index + 1, keepGraphs }).checkpoints[index];
    let all = carried.get(m.id);
    if (!all) carried.set(m.id, (all = runProgram(program, { ...options, hooksAt: () => m.hooks, keepGraphs })));
    // By id: a misconception may run lines the truth does not (an `if` it makes true).
    const held = all.checkpoints.find((x) => x.id === c.id);
    for (const [q, key] of keys) {
      const l = valueAt(local, q);
      const h = valueAt(held, q);
      if (l && !same(l, key.truth)) key.mutants.push({ misconceptionId: m.id, value: l, mode: "local" });
      if (h && !same(h, key.truth) && !(l && same(h, l))) key.mutants.push({ misconceptionId: m.id, value: h, mode: "carried" });
    }
  }
  return [...keys].map(([quantity, key]) => ({ quantity, truth: key.truth, mutants: key.mutants, power: diagnosticPower(key), clusters: valueClusters(key) }));
}

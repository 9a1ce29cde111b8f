/**
 * No truth before the reveal, by construction. While a line is highlighted, the host may ask about it at any
 * moment: the quantities the line is about (its default questions, what it changes or reads) and the question
 * asked. Until each is revealed, nothing the class is sent — the values so far, the printed output, the graph,
 * the pictures — may hold its true value after the line: neither the quantity itself (a line that does not
 * change `w.grad` leaves its value in the table) nor another name whose value equals it.
 */
import { sameValue, type Checkpoint, type Graph, type Picture, type Value } from "@descent/autograd";
import { consoleOutput, type ConsoleLine } from "./console.ts";
import type { SessionState } from "./engine.ts";
import type { LessonRuntime } from "./lesson-runtime.ts";

/** What the class may see at the highlighted line: the values so far with every withheld name taken out. */
export type ClassContext = {
  values: Record<string, Value>;
  /** Names whose values are withheld until the reveal (shown as hidden). */
  withheld: string[];
  output: ConsoleLine[];
  graph: Graph | null;
  picture: Picture | null;
};

/** The true values after the highlighted line that the class may still be asked to predict. */
export function secretsAt(runtime: LessonRuntime, state: SessionState, cursor: number): { quantities: Set<string>; truths: Value[] } {
  const revealed = new Set<string>();
  const asked = new Set<string>();
  for (const q of state.questions.values()) {
    if (q.checkpointIndex !== cursor) continue;
    if (q.status === "revealed") revealed.add(q.question.quantity);
    else asked.add(q.question.quantity);
  }
  const quantities = new Set<string>();
  for (const s of runtime.suggestions(cursor)) if (s.related && !revealed.has(s.quantity)) quantities.add(s.quantity);
  for (const quantity of asked) quantities.add(quantity);
  const truths: Value[] = [];
  for (const quantity of quantities) {
    const question = runtime.question(cursor, quantity);
    if (!question) continue;
    const t = runtime.truth(question);
    // A statement that raises is shown as raising only once it has run: no value of the class's equals an error.
    if (t.kind !== "error") truths.push(t);
  }
  return { quantities, truths };
}

const EPS = 1e-9;
const close = (x: number, y: number) => x === y || Math.abs(x - y) <= EPS * Math.max(1, Math.abs(x), Math.abs(y));

function numbersOf(v: Value): number[] {
  return v.kind === "number" ? [v.value] : v.kind === "vector" ? v.value : [];
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => close(x, b[i]!));
}

/** Whether the graph shows a secret: a node whose value or gradient is one, or a gradient that is None when one is. */
function graphShows(graph: Graph, quantities: Set<string>, truths: Value[]): boolean {
  for (const node of graph.nodes) {
    for (const t of truths) {
      if (t.kind === "none") {
        if (node.name !== undefined && node.grad === null && quantities.has(`${node.name}.grad`)) return true;
        continue;
      }
      const n = numbersOf(t);
      if (sameNumbers(node.value, n) || (node.grad !== null && sameNumbers(node.grad, n))) return true;
    }
  }
  return false;
}

/** Whether a picture plots a secret: any point or loss equal to a number of one. */
function pictureShows(picture: Picture, truths: Value[]): boolean {
  const secrets = truths.flatMap(numbersOf);
  if (secrets.length === 0) return false;
  const has = (x: number) => secrets.some((s) => close(s, x));
  return picture.paths.some((p) => p.points.some((pt) => has(pt.x) || has(pt.y)) || p.losses.some((l) => has(l.loss)));
}

/** Whether a line's printing showed a secret: it printed a withheld quantity, or a name whose value then equals one. */
function printedSecret(c: Checkpoint, quantities: Set<string>, truths: Value[]): boolean {
  if (!c.output) return false;
  return c.about.some((name) => {
    if (quantities.has(name) || quantities.has(`${name}.grad`)) return true;
    const v = c.values[name];
    return v !== undefined && truths.some((t) => sameValue(v, t));
  });
}

/**
 * The class's view of the values, output, graph and pictures at the highlighted line `cursor` (after `executed`
 * statements), with every secret withheld.
 */
export function classContext(runtime: LessonRuntime, state: SessionState, cursor: number | null): ClassContext {
  const executed = state.executed;
  const values = runtime.valuesAfter(executed);
  const output = runtime.consoleAfter(executed);
  const graph = runtime.graphAfter(executed);
  const picture = runtime.pictureAfter(executed);
  if (cursor === null) return { values, withheld: [], output, graph, picture };
  const { quantities, truths } = secretsAt(runtime, state, cursor);
  if (quantities.size === 0) return { values, withheld: [], output, graph, picture };
  // Built on every message to the class, and the same until the line, the lines run or the secrets change.
  let cache = contexts.get(runtime);
  if (!cache) contexts.set(runtime, (cache = new Map()));
  const key = `${cursor}|${executed}|${[...quantities].join("\u0000")}`;
  const known = cache.get(key);
  if (known) return known;
  const made = withhold(runtime, executed, quantities, truths, { values, output, graph, picture });
  if (cache.size >= CONTEXTS_KEPT) cache.delete(cache.keys().next().value!);
  cache.set(key, made);
  return made;
}

/** Class contexts already made, per lesson (a few per line of a lecture). */
const contexts = new WeakMap<LessonRuntime, Map<string, ClassContext>>();
const CONTEXTS_KEPT = 256;

function withhold(
  runtime: LessonRuntime,
  executed: number,
  quantities: Set<string>,
  truths: Value[],
  { values, output, graph, picture }: Omit<ClassContext, "withheld">,
): ClassContext {

  const shown: Record<string, Value> = {};
  const withheld: string[] = [];
  for (const [name, v] of Object.entries(values)) {
    if (truths.some((t) => sameValue(v, t))) withheld.push(name);
    else shown[name] = v;
  }
  // A line that printed a secret prints nothing until the reveal (its traceback, if it raised, stays).
  const checkpoints = runtime.trace.checkpoints.slice(0, executed);
  const silenced = checkpoints.map((c) => (printedSecret(c, quantities, truths) ? { ...c, output: "" } : c));
  return {
    values: shown,
    withheld,
    output: silenced.some((c, i) => c !== checkpoints[i]) ? consoleOutput(silenced, executed) : output,
    graph: graph && graphShows(graph, quantities, truths) ? null : graph,
    picture: picture && pictureShows(picture, truths) ? null : picture,
  };
}

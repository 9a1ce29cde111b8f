import { checkpointPlaces, parseQuantity, type CheckpointPlace } from "../lesson/structure";
import type { Lesson, NestedNumbers, Statement } from "../lesson/types";
import {
  exportGraph,
  gradZero_,
  isTorchError,
  makeOptimizer,
  noGrad,
  tensor,
  TorchAttributeError,
  TorchRuntimeError,
  TorchTypeError,
  type Graph,
  type Optimizer,
  type Tensor,
} from "./engine";
import { TRUTH, type Rules } from "./rules";
import { errorValue, NONE, numbersValue, type Value } from "./value";

/** The state after one statement of one iteration. */
export interface Checkpoint {
  /** "<iteration id>.s<n>" with n counted from 1, e.g. "it2.s3" (iteration "it2", statement 3). */
  id: string;
  /** Position in the trace, from 0: one checkpoint per statement of the lesson, in execution order. */
  index: number;
  /** 1-based. */
  iteration: number;
  /** The iteration's id ("it1", "it2a", ...). */
  iterationId: string;
  iterationLabel: string;
  /** 0-based index into the iteration's statements. */
  statementIndex: number;
  /** 0-based index into lesson.source. */
  line: number;
  /** The line's code, e.g. "loss.backward()". */
  label: string;
  /** Quantity -> value after the statement (unchanged from before it when it raised). */
  values: Record<string, Value>;
  /** The error the statement raised, or null. */
  raised: Value | null;
  /**
   * The quantities the line is about: what it computes, the gradients backward() fills, the parameters
   * (and gradients) an update, a step or a zeroing acts on, what it prints.
   */
  about: string[];
  /**
   * The graph behind the last tensor a forward or loss line built, with every value and `.grad` as they are
   * after this statement (truth traces only): what the projector draws.
   */
  graph?: Graph;
}

export interface Trace {
  lessonId: string;
  /** The state before the first statement: the parameters as created, their `.grad` None. */
  initial: Record<string, Value>;
  checkpoints: Checkpoint[];
  /** Every quantity that appears in some checkpoint, in order of first appearance. */
  quantities: string[];
}

/** A forward or loss result bound to a name. */
interface Held {
  t: Tensor;
  /** The parameters it was computed from: the leaves backward() reaches. */
  deps: Set<Tensor>;
  /** Rows of X / y it was computed from ([0, n) for the whole batch). */
  rows: [number, number];
  /** forward: the affine parameters, for the bias-gradient rule. */
  affine?: { weight: Tensor; bias: Tensor };
  /** loss: how it was reduced and over how many elements; which prediction it compares. */
  loss?: { reduction: "mean" | "sum"; n: number; pred: Held };
  /** loss: backward() ran without retain_graph, so PyTorch has freed the graph. */
  freed?: boolean;
}

/** A Python error the engine has no class for (a name used before it is defined). */
class PyError extends Error {
  constructor(
    readonly pyType: string,
    message: string,
  ) {
    super(message);
  }
}

const notDefined = (name: string) => new PyError("NameError", `name '${name}' is not defined`);

const FREED_GRAPH =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have " +
  "already been freed). Saved intermediate values of the graph are freed when you call .backward() or " +
  "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if " +
  "you need to access saved tensors after calling backward.";

function rowsOf(data: NestedNumbers): number {
  return typeof data === "number" ? 1 : data.length;
}

function slice(data: NestedNumbers, [lo, hi]: [number, number]): NestedNumbers {
  if (typeof data === "number") return data;
  return (data as (number | number[])[]).slice(lo, hi) as NestedNumbers;
}

function values(t: Tensor): number[] {
  return t.flatValues();
}

function valueOf(t: Tensor): Value {
  return numbersValue(values(t), t.shape);
}

/**
 * Runs a lesson one statement at a time on the engine. The rules passed to `exec` say where to depart from
 * PyTorch; with no rules it is PyTorch. Every departure is done here, around the engine's own operations,
 * so that the truth is always exactly what the engine computes.
 */
export class Machine {
  private readonly lesson: Lesson;
  private readonly dtype: "float64" | "float32";
  /** Names bound to leaf parameters, in order of creation. */
  private readonly params = new Map<string, Tensor>();
  private readonly held = new Map<string, Held>();
  private readonly reads: string[] = [];
  private optimizer: Optimizer | null = null;
  /** Each parameter's value before the last step or update that changed it. */
  private readonly beforeStep = new Map<Tensor, number[]>();
  /** Values a misconception shows in place of the state, until the name is bound again. */
  private readonly shown = new Map<string, Value>();
  /** Values shown at this checkpoint only. */
  private transient = new Map<string, Value>();
  /** What the last statement is about (see Checkpoint.about). */
  private touched: string[] = [];

  /**
   * Keep every graph alive (for the graph-reusable misconception); PyTorch's freeing is then emulated per loss
   * name. Otherwise the engine frees graphs exactly as PyTorch does.
   */
  private readonly keepGraphs: boolean;
  /** The last tensor a forward or loss statement built (the root of the graph to draw). */
  private lastBuilt: Tensor | null = null;

  constructor(lesson: Lesson, rules: Rules = TRUTH, keepGraphs = false) {
    this.lesson = lesson;
    this.keepGraphs = keepGraphs;
    this.dtype = lesson.dtype ?? "float64";
    for (const p of lesson.params) this.bindParam(p.name, p.value, rules);
    const spec = lesson.optimizer;
    if (spec) {
      const names = spec.params ?? lesson.params.map((p) => p.name);
      if (names.every((n) => this.params.has(n))) this.createOptimizer(names);
    }
  }

  private bindParam(name: string, value: NestedNumbers, rules: Rules): void {
    const t = tensor(value, { requiresGrad: true, dtype: this.dtype, name });
    if (rules.gradStartsAtZero) t.grad = tensor(value, { dtype: this.dtype }).mul(0);
    this.params.set(name, t);
    this.held.delete(name);
    this.forget(name);
  }

  private forget(name: string): void {
    this.shown.delete(name);
    this.shown.delete(`${name}.grad`);
  }

  private createOptimizer(names: string[]): void {
    const spec = this.lesson.optimizer;
    if (!spec) throw new Error(`lesson ${this.lesson.id} creates an optimizer but has no "optimizer" settings`);
    this.optimizer = makeOptimizer(
      spec,
      names.map((n) => this.params.get(n)!),
    );
  }

  private param(name: string): Tensor {
    const p = this.params.get(name);
    if (!p) throw notDefined(name);
    return p;
  }

  private input(name: string): Held {
    const h = this.held.get(name);
    if (!h) throw notDefined(name);
    return h;
  }

  private opt(): Optimizer {
    if (!this.optimizer) throw notDefined("optimizer");
    return this.optimizer;
  }

  private setValues(p: Tensor, data: readonly number[]): void {
    noGrad(() => {
      p.zero_().add_(tensor(p.shape.length === 0 ? data[0]! : reshape(data, p.shape), { dtype: p.dtype }));
    });
  }

  private setGrad(p: Tensor, data: readonly number[] | null): void {
    p.grad = data === null ? null : tensor(p.shape.length === 0 ? data[0]! : reshape(data, p.shape), { dtype: p.dtype });
  }

  private namesOf(t: Tensor): string[] {
    return [...this.params].filter(([, p]) => p === t).map(([n]) => n);
  }

  /** The quantities the last statement executed is about. */
  get about(): string[] {
    return [...this.touched];
  }

  private touch(...quantities: string[]): void {
    for (const q of quantities) if (!this.touched.includes(q)) this.touched.push(q);
  }

  private touchParams(ps: readonly Tensor[], what: { values: boolean; grads: boolean }): void {
    for (const p of ps)
      for (const n of this.namesOf(p)) {
        if (what.values) this.touch(n);
        if (what.grads) this.touch(`${n}.grad`);
      }
  }

  /** Runs one statement; a PyTorch error is returned as a Value and leaves the state as it was. */
  exec(st: Statement, rules: Rules = TRUTH): Value | null {
    this.transient = new Map();
    this.touched = [];
    try {
      this.run(st, rules);
      return null;
    } catch (e) {
      if (isTorchError(e) || e instanceof PyError) return errorValue(e.pyType, e.message);
      throw e;
    }
  }

  private zeroingRules(ps: readonly Tensor[], rules: Rules): void {
    for (const p of ps) {
      if (rules.zeroingResetsParams) this.setValues(p, new Array<number>(p.numel()).fill(0));
      else if (rules.zeroingUndoesStep) {
        const before = this.beforeStep.get(p);
        if (before) this.setValues(p, before);
      }
    }
  }

  private run(st: Statement, rules: Rules): void {
    switch (st.op) {
      case "zero_grad": {
        const opt = this.opt();
        this.touchParams(opt.params, { values: true, grads: true });
        const setToNone = rules.zeroGradWritesZeros ? false : (st.setToNone ?? true);
        opt.zeroGrad({ setToNone });
        this.zeroingRules(opt.params, rules);
        for (const p of opt.params) for (const n of this.namesOf(p)) this.shown.delete(`${n}.grad`);
        return;
      }
      case "grad_zero": {
        const p = this.param(st.param);
        this.touch(st.param, `${st.param}.grad`);
        if (p.grad === null && rules.zeroNoneGradWorks) this.setGrad(p, new Array<number>(p.numel()).fill(0));
        else gradZero_(p);
        this.zeroingRules([p], rules);
        this.shown.delete(`${st.param}.grad`);
        return;
      }
      case "set_grad": {
        const p = this.param(st.param);
        this.touch(`${st.param}.grad`);
        p.grad = st.value === null ? null : tensor(st.value, { dtype: this.dtype });
        this.shown.delete(`${st.param}.grad`);
        return;
      }
      case "param":
        this.touch(st.name, `${st.name}.grad`);
        this.bindParam(st.name, st.value, rules);
        return;
      case "optimizer":
        this.createOptimizer(st.params ?? this.lesson.optimizer?.params ?? [...this.params.keys()]);
        return;
      case "forward":
        return this.forward(st);
      case "loss":
        return this.loss(st, rules);
      case "backward":
        return this.backward(st, rules);
      case "step":
        return this.step(rules);
      case "update":
        return this.update(st, rules);
      case "read":
        return this.read(st, rules);
    }
  }

  private forward(st: Extract<Statement, { op: "forward" }>): void {
    const inputName = st.input ?? "X";
    const n = rowsOf(this.lesson.data.X);
    let x: Tensor;
    let rows: [number, number];
    const deps = new Set<Tensor>();
    if (inputName === "X") {
      rows = st.batch ?? [0, n];
      x = tensor(slice(this.lesson.data.X, rows), { dtype: this.dtype, name: "X" });
    } else {
      const h = this.input(inputName);
      x = h.t;
      rows = h.rows;
      for (const d of h.deps) deps.add(d);
    }
    const w = this.param(st.weight ?? "w");
    const b = this.param(st.bias ?? "b");
    deps.add(w).add(b);
    const affine = (st.kind ?? "affine") === "affine";
    let out = affine ? w.mul(x).add(b) : x.matmul(w).add(b);
    switch (st.activation ?? "none") {
      case "sigmoid":
        out = out.sigmoid();
        break;
      case "tanh":
        out = out.tanh();
        break;
      case "relu":
        out = out.relu();
        break;
      case "none":
        break;
    }
    const name = st.out ?? "y_pred";
    this.touch(name);
    out.name = name;
    this.lastBuilt = out;
    // Kept so that a misconception can show what a non-leaf's gradient would be; PyTorch's value stays None.
    if (out.requiresGrad) out.retainGrad();
    this.held.set(name, affine ? { t: out, deps, rows, affine: { weight: w, bias: b } } : { t: out, deps, rows });
    this.params.delete(name);
    this.forget(name);
  }

  private loss(st: Extract<Statement, { op: "loss" }>, rules: Rules): void {
    const pred = this.input(st.pred ?? "y_pred");
    const reduction = st.reduction ?? this.lesson.loss.reduction;
    const scale = st.scale ?? this.lesson.loss.scale ?? 1;
    const y = tensor(slice(this.lesson.data.y, pred.rows), { dtype: this.dtype, name: "y" });
    const sq = pred.t.sub(y).pow(2);
    let loss = reduction === "mean" ? sq.mean() : sq.sum();
    if (scale !== 1) loss = loss.mul(scale);
    const name = st.out ?? "loss";
    this.touch(name);
    loss.name = name;
    this.lastBuilt = loss;
    if (loss.requiresGrad) loss.retainGrad();
    const n = sq.numel();
    this.held.set(name, { t: loss, deps: pred.deps, rows: pred.rows, loss: { reduction, n, pred } });
    this.params.delete(name);
    this.forget(name);
    if (rules.sumInsteadOfMean && reduction === "mean") this.shown.set(name, numbersValue([loss.item() * n], []));
  }

  private backward(st: Extract<Statement, { op: "backward" }>, rules: Rules): void {
    const name = st.loss ?? "loss";
    const held = this.input(name);
    const ps = [...held.deps].filter((p) => p.requiresGrad);
    this.touchParams(ps, { values: false, grads: true });
    const before = new Map(ps.map((p) => [p, p.grad ? values(p.grad) : null] as const));
    // Normally the engine frees the graph as PyTorch does, so whether a second backward raises is decided by
    // the graph itself (which nodes saved tensors), not by the name of the loss.
    if (this.keepGraphs && held.freed && !rules.graphReusable) throw new TorchRuntimeError(FREED_GRAPH);
    held.t.backward({ retainGraph: this.keepGraphs || st.retainGraph === true });
    if (!st.retainGraph) held.freed = true;
    for (const p of ps) for (const n of this.namesOf(p)) this.shown.delete(`${n}.grad`);

    const meanN = held.loss?.reduction === "mean" ? held.loss.n : 1;
    const factor = (rules.squareFactorForgotten ? 0.5 : 1) * (rules.sumInsteadOfMean ? meanN : 1);
    const affine = held.loss?.pred.affine;
    const biasRule = rules.biasGradTimesX && affine !== undefined;
    if (factor === 1 && !rules.backwardOverwrites && !biasRule) return;

    const contribution = new Map<Tensor, number[]>();
    for (const p of ps) {
      if (!p.grad) continue;
      const old = before.get(p) ?? null;
      const now = values(p.grad);
      contribution.set(
        p,
        now.map((v, i) => (v - (old ? old[i]! : 0)) * factor),
      );
    }
    if (biasRule) {
      const cw = contribution.get(affine.weight);
      if (cw && contribution.has(affine.bias)) contribution.set(affine.bias, [...cw]);
    }
    for (const [p, c] of contribution) {
      const old = before.get(p) ?? null;
      this.setGrad(p, rules.backwardOverwrites || !old ? c : c.map((v, i) => old[i]! + v));
    }
  }

  private step(rules: Rules): void {
    const opt = this.opt();
    this.touchParams(opt.params, { values: true, grads: true });
    const ps = opt.params.filter((p) => p.grad !== null);
    const p0 = new Map(ps.map((p) => [p, values(p)] as const));
    opt.step();
    const spec = this.lesson.optimizer!;
    const lr = spec.lr;
    for (const p of ps) {
      const old = p0.get(p)!;
      let now = values(p);
      if (rules.momentumIgnored && spec.kind === "sgd") {
        const g = values(p.grad!);
        const wd = spec.weightDecay ?? 0;
        now = old.map((v, i) => v - lr * (g[i]! + wd * v));
      }
      if (rules.updateSignFlipped || rules.updateForgetsLr) {
        const k = (rules.updateSignFlipped ? -1 : 1) * (rules.updateForgetsLr && lr > 0 ? 1 / lr : 1);
        now = old.map((v, i) => v + k * (now[i]! - v));
      }
      if (rules.momentumIgnored || rules.updateSignFlipped || rules.updateForgetsLr) this.setValues(p, now);
      this.beforeStep.set(p, old);
      if (rules.stepClearsGrad) this.setGrad(p, new Array<number>(p.numel()).fill(0));
      for (const n of this.namesOf(p)) {
        if (rules.reportsBeforeStep) this.transient.set(n, numbersValue(old, p.shape));
        if (rules.stepClearsGrad) this.shown.delete(`${n}.grad`);
      }
    }
  }

  private update(st: Extract<Statement, { op: "update" }>, rules: Rules): void {
    const p = this.param(st.param);
    this.touch(st.param);
    const lr = this.lesson.lr ?? 0;
    if (p.grad === null) throw new TorchTypeError("unsupported operand type(s) for *: 'float' and 'NoneType'");
    if (st.noGrad && rules.noGradStopsUpdate) return;
    const k = (rules.updateSignFlipped ? -1 : 1) * (rules.updateForgetsLr ? 1 : lr);
    const old = values(p);
    const delta = p.grad.mul(k);
    const outsideAllowed = rules.leafUpdateAllowed || rules.noGradStopsUpdate;
    if (st.noGrad || outsideAllowed) noGrad(() => p.sub_(delta));
    else p.sub_(delta);
    this.beforeStep.set(p, old);
    this.forget(st.param);
    if (rules.reportsBeforeStep) this.transient.set(st.param, numbersValue(old, p.shape));
  }

  private read(st: Extract<Statement, { op: "read" }>, rules: Rules): void {
    this.touch(st.quantity);
    const { base, grad } = parseQuantity(st.quantity);
    const retained = grad ? this.held.get(base)?.t.grad : null;
    const kept = rules.nonLeafGradKept && retained ? valueOf(retained) : undefined;
    const v = kept ?? this.quantity(st.quantity);
    if (v === undefined) throw notDefined(base);
    if (st.item) {
      if (v.kind === "none") throw new TorchAttributeError("'NoneType' object has no attribute 'item'");
      if (v.kind === "vector" && v.value.length !== 1)
        throw new TorchRuntimeError(`a Tensor with ${v.value.length} elements cannot be converted to Scalar`);
    }
    if (kept) this.shown.set(st.quantity, kept);
    if (!this.reads.includes(st.quantity)) this.reads.push(st.quantity);
  }

  /** A quantity's value now, as a student sees it: None for a non-leaf's `.grad`. */
  quantity(q: string): Value | undefined {
    const t = this.transient.get(q) ?? this.shown.get(q);
    if (t) return t;
    const { base, grad } = parseQuantity(q);
    const p = this.params.get(base);
    if (p) return grad ? (p.grad ? valueOf(p.grad) : NONE) : valueOf(p);
    const h = this.held.get(base);
    if (h) return grad ? NONE : valueOf(h.t);
    return undefined;
  }

  /** Every quantity defined now, with its value. */
  /** The computation graph behind the last forward or loss line, as it is now; null before there is one. */
  graph(): Graph | null {
    return this.lastBuilt ? exportGraph(this.lastBuilt) : null;
  }

  snapshot(): Record<string, Value> {
    const out: Record<string, Value> = {};
    const put = (q: string) => {
      const v = this.quantity(q);
      if (v) out[q] = v;
    };
    for (const name of this.params.keys()) {
      put(name);
      put(`${name}.grad`);
    }
    for (const name of this.held.keys()) put(name);
    for (const q of this.reads) if (!(q in out)) put(q);
    return out;
  }
}

function reshape(data: readonly number[], shape: readonly number[]): NestedNumbers {
  if (shape.length <= 1) return [...data];
  const cols = shape[1]!;
  return Array.from({ length: shape[0]! }, (_, i) => data.slice(i * cols, (i + 1) * cols));
}

/**
 * Runs the lesson and records a checkpoint after every statement, up to checkpoint `until` (inclusive).
 * `setup` are the rules under which the parameters are created; `rulesAt(i)` those of statement i.
 */
export function runLesson(
  lesson: Lesson,
  opts: {
    setup?: Rules;
    rulesAt?: (checkpointIndex: number) => Rules;
    until?: number;
    keepGraphs?: boolean;
    graphs?: boolean;
    /** Record only the checkpoint at `until` (the others stay holes in `checkpoints`): a mutant's one line. */
    lastOnly?: boolean;
  } = {},
): { initial: Record<string, Value>; checkpoints: Checkpoint[] } {
  const { setup = TRUTH, rulesAt = () => TRUTH, until = Infinity, keepGraphs = false, graphs = false, lastOnly = false } = opts;
  const places = checkpointPlaces(lesson);
  const m = new Machine(lesson, setup, keepGraphs);
  const initial = m.snapshot();
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i < places.length && i <= until; i++) {
    const place = places[i]!;
    const raised = m.exec(place.statement, rulesAt(i));
    if (lastOnly && i !== until) {
      checkpoints.length = i + 1;
      continue;
    }
    const values = m.snapshot();
    const checkpoint = toCheckpoint(lesson, place, values, raised, m.about.filter((q) => Object.hasOwn(values, q)));
    if (graphs) {
      const graph = m.graph();
      if (graph) checkpoint.graph = graph;
    }
    checkpoints.push(checkpoint);
  }
  return { initial, checkpoints };
}

function toCheckpoint(
  lesson: Lesson,
  p: CheckpointPlace,
  values: Record<string, Value>,
  raised: Value | null,
  about: string[],
): Checkpoint {
  return {
    id: p.id,
    index: p.index,
    iteration: p.iteration,
    iterationId: p.iterationId,
    iterationLabel: lesson.iterations[p.iteration - 1]?.label ?? "",
    statementIndex: p.statementIndex,
    line: p.line,
    label: p.label,
    values,
    raised,
    about,
  };
}

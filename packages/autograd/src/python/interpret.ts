/**
 * Runs a PyTorch training loop of the subset on the engine, line by line, as Python would: a checkpoint after
 * every executed simple statement (a loop's lines once per pass), holding every variable and every leaf's
 * `.grad`, and the output the line printed; or the error the line raised, with Python's type and message, where
 * the program then stops. Lines that do not run (a false `if`) have no checkpoint.
 */
import { exportGraph, type Graph } from "../engine/graph";
import { AccumulateGrad, freedGraphError, isGradEnabled, type Node, noGrad } from "../engine/autograd";
import type { Dtype } from "../engine/dtype";
import { pyFloat, TorchError } from "../engine/errors";
import { add, div, mul, pow, sub } from "../engine/ops/binary";
import { copy_, div_, fill_, mul_, sub_, add_, zero_ } from "../engine/ops/inplace";
import { matmul } from "../engine/ops/matmul";
import { mean, mseLoss, sum } from "../engine/ops/reduce";
import { clone, reshape, selectRow, sliceRows, transpose } from "../engine/ops/shape";
import { exp, log, neg, relu, sigmoid, tanh } from "../engine/ops/unary";
import { type NestedNumbers, Tensor, tensor } from "../engine/tensor";
import { chargeWork, WorkLimitExceeded } from "../engine/work";
import { Adam } from "../optim/adam";
import { SGD } from "../optim/sgd";
import { type Hooks, type LineKind, NO_HOOKS } from "../misconceptions/hooks";
import { chargeIntOp, chargeText, checkPrinted, intText } from "./cost";
import { FormatError, formatSpec, tensorRepr } from "./format";
import { numberArith, roundHalfEven, stringRepr } from "./numbers";
import { type Expr, gradReadsOf, type Program, parseProgram, type Stmt, type Target } from "./syntax";
import {
  DtypeObject,
  GradFnObject,
  type Kwargs,
  LinearModule,
  MSELossModule,
  NoGradContext,
  NotSupported,
  OpaqueObject,
  OptimizerObject,
  PyBuiltin,
  PyException,
  PyList,
  PyModule,
  PyRange,
  PyTuple,
  type PyValue,
  typeName,
} from "./values";

/** A value at a checkpoint, as plain data (what the UI shows, what a question asks, what PyTorch is compared to). */
export type Quantity =
  | { kind: "tensor"; shape: number[]; values: number[] }
  | { kind: "number"; value: number; int: boolean }
  | { kind: "bool"; value: boolean }
  | { kind: "str"; value: string }
  | { kind: "none" }
  | { kind: "list"; values: number[] }
  /** nn.Linear's weights before the program sets them: random in PyTorch, so not a value to compare or ask. */
  | { kind: "unset" };

/** One pass of an enclosing loop: `for epoch in range(3)` on its second pass is { variable: "epoch", index: 1, value: "1" }. */
export interface Pass {
  line: number;
  variable: string;
  index: number;
  value: string;
}

export interface ProgramError {
  /** Python's exception class (RuntimeError, AttributeError, …), or "NotSupported" for what Descent refuses. */
  type: string;
  message: string;
}

export interface Checkpoint {
  /** `L12`, or `L12.2` on the second pass of the loop around line 12 (`L12.2.1` for nested loops). */
  id: string;
  line: number;
  passes: Pass[];
  /** `line 12`, `line 12 (epoch = 1)`. */
  label: string;
  /** Every variable after the line, and `<name>.grad` of every leaf that requires grad (or retains its grad). */
  quantities: Record<string, Quantity>;
  /** What the line printed. */
  output: string;
  error: ProgramError | null;
  /** What the line did where a misconception can act (a backward, a step, a new parameter…), in order. */
  kinds: LineKind[];
  /**
   * The quantities the line is about: what it binds or changes, the gradients a backward fills, the parameters
   * (and gradients) a step, an update or a zeroing acts on, what it prints.
   */
  about: string[];
  /** With the `graphs` option: the graph behind the last tensor computed from parameters, as it is after the line. */
  graph?: Graph;
}

export interface ProgramTrace {
  checkpoints: Checkpoint[];
  output: string;
  /** The error that stopped the program, if one did (its line's checkpoint holds it too). */
  error: ProgramError | null;
}

export interface RunOptions {
  /** "float64" (default) computes PyTorch's float32 programs in float64; "float32" rounds as PyTorch does. */
  dtype?: Dtype;
  /** At most this many lines are run (a loop that runs away is stopped with an error). Default 20,000. */
  maxLines?: number;
  /**
   * Each top-level statement runs as a notebook cell: one that raises is recorded and the next still runs (a
   * lesson shows an error and goes on). Without it the program stops at its first error, as Python does.
   */
  cells?: boolean;
  /**
   * A misconception's hooks (src/misconceptions/hooks.ts), per checkpoint index: the statement that makes
   * checkpoint i runs as a student holding the misconception believes it runs. Default: PyTorch (no hook) everywhere.
   */
  hooksAt?: (checkpoint: number) => Readonly<Hooks>;
  /** Stop once this many checkpoints are made (a local mutant needs the trace up to its checkpoint only). */
  until?: number;
  /**
   * Keep every graph, and decide here whether a second backward through a freed graph raises: then a rule can
   * let one through ("the graph is reusable") at any checkpoint. PyTorch's own freeing otherwise.
   */
  keepGraphs?: boolean;
  /** Export each checkpoint's graph (what a projector draws). */
  graphs?: boolean;
  /** Work out what each line is about (Checkpoint.about); default true. A mutant's run does without. */
  about?: boolean;
  /**
   * Which checkpoints hold their values (by index and id); default all. The others have empty `quantities`: a
   * mutant's run that is read at one line only does not copy every tensor at every line.
   */
  snapshot?: (index: number, id: string) => boolean;
}

function sameQuantity(a: Quantity, b: Quantity | undefined): boolean {
  if (!b || a.kind !== b.kind) return false;
  switch (a.kind) {
    case "tensor": {
      const o = b as typeof a;
      return a.shape.length === o.shape.length && a.shape.every((d, i) => d === o.shape[i]) && a.values.length === o.values.length && a.values.every((v, i) => Object.is(v, o.values[i]));
    }
    case "list": {
      const o = b as typeof a;
      return a.values.length === o.values.length && a.values.every((v, i) => Object.is(v, o.values[i]));
    }
    case "number":
    case "bool":
    case "str":
      return Object.is(a.value, (b as typeof a).value);
    default:
      return true;
  }
}

/** Thrown once `until` checkpoints are made. */
class Done {}

class Halt extends Error {
  constructor(readonly error: ProgramError) {
    super(error.message);
  }
}

export function runProgram(program: string | Program, options: RunOptions = {}): ProgramTrace {
  const parsed = typeof program === "string" ? parseProgram(program) : program;
  return new Interpreter(options).run(parsed);
}

class Interpreter {
  private readonly env = new Map<string, PyValue>();
  /** Names the program bound itself (imports and builtins are not quantities). */
  private readonly userNames = new Set<string>();
  private readonly checkpoints: Checkpoint[] = [];
  private readonly passes: Pass[] = [];
  private output = "";
  private lineOutput = "";
  private linesRun = 0;
  /** Inside an `if` test (comparisons of tensors are bools there). */
  private inCondition = 0;
  private readonly dtype: Dtype;
  private readonly maxLines: number;
  private readonly cells: boolean;
  /** nn.Linear weights still holding PyTorch's random values. */
  private readonly unset = new WeakSet<Tensor>();
  /** Views (`X[i:j]`, `W.T`…): the tensor they view and its version when they were made. */
  private readonly views = new WeakMap<Tensor, { base: Tensor; version: number }>();
  /**
   * In the float64 mode every tensor is computed in float64: these are the ones that are float64 in PyTorch too
   * (made with dtype=torch.float64, or computed from one), so that dtype errors, `.dtype` and repr follow PyTorch.
   */
  private readonly wide = new WeakSet<Tensor>();
  /** Transposed matrices (not contiguous in PyTorch: view() refuses them). */
  private readonly transposed = new WeakSet<Tensor>();
  /** nn.Linear's weights and biases: nn.Parameter, which prints as "Parameter containing:". */
  private readonly linearParams = new WeakSet<Tensor>();
  private readonly builtins: Record<string, PyValue>;
  private readonly torch: PyModule;
  private readonly hooksAt: (checkpoint: number) => Readonly<Hooks>;
  private readonly until: number;
  /** Names whose `.grad` the program reads: a non-leaf's is a quantity too (None, as PyTorch gives it). */
  private gradReads = new Set<string>();
  /** Each parameter's values before its last update or step (for "zeroing undoes the step"). */
  private readonly beforeStep = new Map<Tensor, number[]>();
  /** Values shown at the checkpoint being made instead of the tensor's own ("reports before the step"). */
  private transient = new Map<Tensor, number[]>();
  /** `w * X`: the product's weight, so that `w * X + b` names b as w's bias ("bias grad times x"). */
  private readonly productWeight = new WeakMap<Tensor, Tensor>();
  private readonly biasOf = new Map<Tensor, Tensor>();
  /** The mean a loss was reduced by, and over how many values ("sum instead of mean" at backward). */
  private readonly meanOver = new WeakMap<Tensor, number>();
  /** The gradient each read non-leaf got in the last backward (shown by "a non-leaf keeps its .grad"). */
  private readonly nonLeafGrads = new WeakMap<Tensor, number[]>();
  private readonly keepGraphs: boolean;
  /** With keepGraphs: the nodes a backward without retain_graph would have freed. */
  private readonly freedNodes = new Set<Node>();

  private readonly graphs: boolean;
  private readonly withAbout: boolean;
  private readonly snapshot: (index: number, id: string) => boolean;
  /** The last tensor computed from parameters and bound to a name: the root of the graph to draw. */
  private lastBuilt: Tensor | null = null;
  /** Tensors whose values the line being run acted on (stepped, updated, zeroed). */
  private touched = new Set<Tensor>();
  /** Tensors whose gradients the line being run acted on (filled by backward, zeroed, stepped). */
  private touchedGrads = new Set<Tensor>();
  /** Names and `.grad`s a print on the line being run reads. */
  private printed = new Set<string>();
  private printing = 0;
  private previous: Record<string, Quantity> = {};

  constructor(options: RunOptions) {
    this.graphs = options.graphs ?? false;
    this.withAbout = options.about ?? true;
    this.snapshot = options.snapshot ?? (() => true);
    this.dtype = options.dtype ?? "float64";
    this.maxLines = options.maxLines ?? 20_000;
    this.cells = options.cells ?? false;
    this.hooksAt = options.hooksAt ?? (() => NO_HOOKS);
    this.until = options.until ?? Number.POSITIVE_INFINITY;
    this.keepGraphs = options.keepGraphs ?? false;
    this.torch = this.torchModule();
    this.builtins = this.builtinFunctions();
  }

  run(program: Program): ProgramTrace {
    this.gradReads = gradReadsOf(program.body);
    let error: ProgramError | null = null;
    try {
      for (const cell of this.cells ? program.body.map((s) => [s]) : [program.body]) {
        try {
          this.block(cell);
        } catch (err) {
          if (!(err instanceof Halt)) throw err;
          error = err.error;
          if (!this.cells) break;
        }
      }
    } catch (err) {
      if (!(err instanceof Done)) throw err;
    }
    return { checkpoints: this.checkpoints, output: this.output, error };
  }

  /** The hooks of the statement being run (it makes the next checkpoint). */
  private get hooks(): Readonly<Hooks> {
    return this.hooksAt(this.checkpoints.length);
  }

  /** What the line being run does, where a misconception may act. */
  private kinds: LineKind[] = [];

  private touch(t: Tensor, value: boolean, grad: boolean): void {
    if (value) this.touched.add(t);
    if (grad) this.touchedGrads.add(t);
  }

  /** Notes what the line does, and gives the hooks it runs under. */
  private at(kind: LineKind): Readonly<Hooks> {
    if (!this.kinds.includes(kind)) this.kinds.push(kind);
    return this.hooks;
  }

  // --- statements ----------------------------------------------------------------------------------------

  private block(body: Stmt[]): void {
    for (const s of body) this.statement(s);
  }

  private statement(s: Stmt): void {
    if (++this.linesRun > this.maxLines) this.halt(s.line, { type: "NotSupported", message: `the program ran more than ${this.maxLines} lines: Descent stops it there` });
    switch (s.k) {
      case "if": {
        for (const b of s.branches) {
          if (this.guard(s.line, () => this.condition(b.test))) return this.block(b.body);
        }
        if (s.orelse) this.block(s.orelse);
        return;
      }
      case "for": {
        const items = this.guard(s.line, () => this.iterate(this.eval(s.iter)));
        const pass: Pass = { line: s.line, variable: s.target, index: 0, value: "" };
        this.passes.push(pass);
        try {
          let index = 0;
          for (const item of items) {
            pass.index = index++;
            pass.value = this.str(item);
            this.bind(s.target, item);
            this.block(s.body);
          }
        } finally {
          this.passes.pop();
        }
        return;
      }
      case "with": {
        const ctx = this.guard(s.line, () => this.eval(s.context));
        if (!(ctx instanceof NoGradContext)) {
          this.halt(s.line, { type: "NotSupported", message: `with ${typeName(ctx)}: only with torch.no_grad(): is in the subset` });
        }
        noGrad(() => this.block(s.body));
        return;
      }
      default:
        this.guard(s.line, () => {
          this.simple(s);
          const stale = this.staleViews();
          if (stale.length > 0) {
            throw new NotSupported(`${stale.join(", ")} ${stale.length === 1 ? "is a slice, a row or a transpose" : "are slices, rows or transposes"} of a tensor this line changed in place: in PyTorch ${stale.length === 1 ? "it shares" : "they share"} its memory and would show the change, which is outside the subset. Make the slice after the change.`);
          }
        });
        this.checkpoint(s.line, null);
    }
  }

  /** An `if`/`elif` test: there a comparison of tensors may be read as the bool it becomes. */
  private condition(test: Expr): boolean {
    this.inCondition++;
    try {
      return this.truthy(this.eval(test));
    } finally {
      this.inCondition--;
    }
  }

  /** Runs `f` for the line; a Python error becomes the line's checkpoint and stops the program. */
  private guard<T>(line: number, f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof WorkLimitExceeded && err.line === null) err.line = line;
      const e = asProgramError(err);
      if (!e) throw err;
      this.halt(line, e);
    }
  }

  private halt(line: number, e: ProgramError): never {
    this.checkpoint(line, e);
    throw new Halt(e);
  }

  private simple(s: Stmt): void {
    switch (s.k) {
      case "expr": {
        const printing = s.e.k === "call" && s.e.fn.k === "name" && s.e.fn.id === "print";
        if (printing) this.printing++;
        try {
          this.eval(s.e);
        } finally {
          if (printing) this.printing--;
        }
        return;
      }
      case "pass":
        return;
      case "import":
        for (const b of s.bindings) this.env.set(b.name, this.importModule(b.module));
        return;
      case "assign": {
        const value = this.eval(s.value);
        // A tensor computed from parameters: a scalar is a loss (what backward() is called on), else a forward pass.
        if (value instanceof Tensor && !value.isLeaf && value.requiresGrad) {
          this.at(value.shape.length === 0 ? "loss" : "forward");
          this.lastBuilt = value;
        }
        for (const t of s.targets) this.assign(t, value);
        return;
      }
      case "aug": {
        // Python: target = target.__iop__(value); a tensor's __isub__ changes it in place.
        const current = this.eval(s.target);
        let value: PyValue;
        if (isParameter(current) && this.at("update").dropsLearningRate && s.value.k === "bin" && s.value.op === "*") {
          // `w -= lr * w.grad` as a student who forgets the learning rate reads it: the number factor dropped.
          const l = this.eval(s.value.l);
          const r = this.eval(s.value.r);
          value = isNumber(l) ? r : isNumber(r) ? l : this.arith("*", l, r);
        } else value = this.eval(s.value);
        this.assign(s.target, this.inplace(s.op, current, value));
        return;
      }
      default:
        throw new Error(`not a simple statement: ${s.k}`);
    }
  }

  private checkpoint(line: number, error: ProgramError | null): void {
    const passes = this.passes.map((p) => ({ ...p }));
    const id = `L${line}${passes.map((p) => `.${p.index + 1}`).join("")}`;
    const label = passes.length === 0 ? `line ${line}` : `line ${line} (${passes.map((p) => `${p.variable} = ${p.value}`).join(", ")})`;
    let quantities: Record<string, Quantity> = {};
    try {
      if (this.snapshot(this.checkpoints.length, id)) quantities = this.quantities();
    } catch (e) {
      if (e instanceof WorkLimitExceeded && e.line === null) e.line = line;
      throw e;
    }
    const checkpoint: Checkpoint = { id, line, passes, label, quantities, output: this.lineOutput, error, kinds: this.kinds, about: this.withAbout ? this.aboutNow(quantities) : [] };
    if (this.graphs && this.lastBuilt) checkpoint.graph = exportGraph(this.lastBuilt);
    this.checkpoints.push(checkpoint);
    if (this.withAbout) this.previous = quantities;
    this.kinds = [];
    this.touched = new Set();
    this.touchedGrads = new Set();
    this.printed = new Set();
    this.lineOutput = "";
    this.transient = new Map();
    if (this.checkpoints.length >= this.until) throw new Done();
  }

  private aboutNow(now: Record<string, Quantity>): string[] {
    const about: string[] = [];
    const touched = new Set<string>();
    for (const name of this.userNames) {
      const v = this.env.get(name);
      if (!(v instanceof Tensor)) continue;
      if (this.touched.has(v)) touched.add(name);
      if (this.touchedGrads.has(v)) touched.add(`${name}.grad`);
    }
    for (const q of Object.keys(now)) {
      if (touched.has(q) || this.printed.has(q) || !sameQuantity(now[q]!, this.previous[q])) about.push(q);
    }
    return about;
  }

  private quantities(): Record<string, Quantity> {
    const out: Record<string, Quantity> = {};
    const put = (name: string, v: PyValue) => {
      // Every line's values are kept in the trace (and a class may be sent them): copying them is charged, so a
      // compiled lesson's size in memory is bounded by the work limit however many lines run.
      chargeWork(v instanceof Tensor ? 2 * v.numel() : typeof v === "string" ? v.length : v instanceof PyList || v instanceof PyTuple ? v.items.length : 1);
      if (v instanceof Tensor) {
        out[name] = this.unset.has(v) ? { kind: "unset" } : { kind: "tensor", shape: [...v.shape], values: this.transient.get(v) ?? v.flatValues() };
        if ((v.isLeaf && v.requiresGrad) || v._gradFn?.retainedBy === v || this.gradReads.has(name)) {
          const kept = !v.isLeaf && v.grad === null && this.at("read").keepsNonLeafGrad ? this.nonLeafGrads.get(v) : undefined;
          if (kept) {
            out[`${name}.grad`] = { kind: "tensor", shape: [...v.shape], values: kept };
            return;
          }
          const g = v.grad;
          out[`${name}.grad`] = g === null ? { kind: "none" } : { kind: "tensor", shape: [...g.shape], values: g.flatValues() };
        }
      } else if (typeof v === "number") out[name] = { kind: "number", value: v, int: false };
      else if (typeof v === "bigint") out[name] = { kind: "number", value: Number(v), int: true };
      else if (typeof v === "boolean") out[name] = { kind: "bool", value: v };
      else if (typeof v === "string") out[name] = { kind: "str", value: v };
      else if (v === null) out[name] = { kind: "none" };
      else if ((v instanceof PyList || v instanceof PyTuple) && v.items.every((x) => typeof x === "number" || typeof x === "bigint")) {
        out[name] = { kind: "list", values: v.items.map(Number) };
      } else if (v instanceof LinearModule) {
        put(`${name}.weight`, v.weight);
        if (v.bias) put(`${name}.bias`, v.bias);
      }
    };
    for (const name of this.userNames) put(name, this.env.get(name)!);
    return out;
  }

  private bind(name: string, value: PyValue): void {
    if (value instanceof Tensor && value.name === undefined) value.name = name;
    this.env.set(name, value);
    this.userNames.add(name);
  }

  private assign(t: Target, value: PyValue): void {
    if (t.k === "name") return this.bind(t.id, value);
    const obj = this.eval(t.obj);
    if (t.k === "attr") return this.setAttr(obj, t.name, value);
    const index = this.eval(t.index);
    if (obj instanceof PyList) {
      obj.items[this.listIndex(obj.items.length, index, "list assignment index out of range")] = value;
      return;
    }
    if (obj instanceof Tensor) throw new NotSupported("assigning into a tensor (t[i] = …) is outside the subset: build a new tensor, or use copy_() under torch.no_grad()");
    throw new PyException("TypeError", `'${typeName(obj)}' object does not support item assignment`);
  }

  private setAttr(obj: PyValue, name: string, value: PyValue): void {
    if (obj instanceof Tensor) {
      if (name === "grad") {
        this.at("set_grad");
        if (value !== null && !(value instanceof Tensor)) throw new PyException("TypeError", `assigned grad expected to be a Tensor or None but got grad of type ${typeName(value)}`);
        if (value instanceof Tensor && this.dtype === "float64" && this.isWide(value) !== this.isWide(obj)) {
          const [g, w] = [value, obj].map((x) => (this.isWide(x) ? "double" : "float"));
          throw new PyException("RuntimeError", `attempting to assign a gradient with dtype '${g}' to a tensor with dtype '${w}'. Please ensure that the gradient and the tensor have the same dtype`);
        }
        obj.grad = value;
        return;
      }
      if (name === "requires_grad") {
        obj.requiresGrad = this.truthy(value);
        this.newParameter(obj);
        return;
      }
      throw new NotSupported(`setting .${name} of a tensor is outside the subset (only .grad and .requires_grad)`);
    }
    if (obj instanceof OptimizerObject && name === "lr") throw new NotSupported("set the learning rate when the optimizer is created");
    throw new NotSupported(`setting .${name} of a ${typeName(obj)} is outside the subset`);
  }

  // --- expressions ---------------------------------------------------------------------------------------

  private eval(e: Expr): PyValue {
    switch (e.k) {
      case "num":
        return e.value;
      case "str":
        return e.value;
      case "const":
        return e.value;
      case "fstr":
        return this.concat(e.parts.map((p) => (typeof p === "string" ? p : this.format(this.eval(p.expr), p.spec, p.conversion))), "");
      case "name": {
        if (this.printing > 0 && this.userNames.has(e.id)) this.printed.add(e.id);
        if (this.env.has(e.id)) return this.env.get(e.id)!;
        if (e.id in this.builtins) return this.builtins[e.id]!;
        throw new PyException("NameError", `name '${e.id}' is not defined`);
      }
      case "attr":
        if (this.printing > 0 && e.name === "grad" && e.obj.k === "name") this.printed.add(`${e.obj.id}.grad`);
        return this.getAttr(this.eval(e.obj), e.name);
      case "index":
        return this.index(this.eval(e.obj), this.eval(e.index));
      case "slice": {
        const obj = this.eval(e.obj);
        const bound = (x: Expr | null) => {
          if (x === null) return null;
          const v = this.eval(x);
          if (v === null) return null;
          return Number(this.intOf(v, "slice indices must be integers or None or have an __index__ method"));
        };
        const start = bound(e.start);
        const end = bound(e.end);
        if (obj instanceof Tensor) return this.view(obj, sliceRows(this.ready(obj), start, end));
        if (obj instanceof PyList || obj instanceof PyTuple) {
          const n = obj.items.length;
          const clamp = (i: number) => Math.min(n, Math.max(0, i < 0 ? i + n : i));
          const items = obj.items.slice(start === null ? 0 : clamp(start), end === null ? n : clamp(end));
          return obj instanceof PyList ? new PyList(items) : new PyTuple(items, obj.size);
        }
        if (typeof obj === "string") return obj.slice(start ?? 0, end ?? undefined);
        throw new PyException("TypeError", `'${typeName(obj)}' object is not subscriptable`);
      }
      case "call": {
        if (e.fn.k === "attr" && e.fn.name === "zero_" && e.fn.obj.k === "attr" && e.fn.obj.name === "grad") {
          const owner = this.eval(e.fn.obj.obj);
          if (owner instanceof Tensor) return this.gradZero(owner);
        }
        const fn = this.eval(e.fn);
        const args = e.args.map((a) => this.eval(a));
        const kwargs: Kwargs = new Map(e.kwargs.map(([k, v]) => [k, this.eval(v)]));
        return this.call(fn, args, kwargs);
      }
      case "list":
        return new PyList(e.items.map((x) => this.eval(x)));
      case "tuple":
        return new PyTuple(e.items.map((x) => this.eval(x)));
      case "unary": {
        const v = this.eval(e.e);
        if (e.op === "not") return !this.truthy(v);
        if (v instanceof Tensor) return e.op === "-" ? this.follow(neg(this.ready(v)), [v]) : v;
        const n = this.numeric(v, e.op);
        if (e.op === "+") return n;
        return typeof n === "bigint" ? -n : -n;
      }
      case "bin": {
        if (e.op === "and") {
          const l = this.eval(e.l);
          return this.truthy(l) ? this.eval(e.r) : l;
        }
        if (e.op === "or") {
          const l = this.eval(e.l);
          return this.truthy(l) ? l : this.eval(e.r);
        }
        const l = this.eval(e.l);
        const r = this.eval(e.r);
        return COMPARISONS.has(e.op) ? this.compare(e.op, l, r) : this.arith(e.op, l, r);
      }
    }
  }

  private format(v: PyValue, spec: string, conversion: string): string {
    if (conversion === "r") v = this.repr(v);
    else if (conversion === "s") v = this.str(v);
    if (v instanceof Tensor && v.shape.length === 0) {
      // Tensor.__format__: a 0-dim tensor formats its item, even with an empty spec (f"{loss}" prints 25.0).
      const x = this.ready(v).item();
      return spec === "" ? pyFloat(x) : formatSpec(x, spec);
    }
    if (spec === "") return this.str(v);
    if (v instanceof Tensor) {
      throw new PyException("TypeError", "unsupported format string passed to Tensor.__format__");
    }
    if (typeof v === "number" || typeof v === "bigint" || typeof v === "string" || typeof v === "boolean") return formatSpec(v, spec);
    throw new PyException("TypeError", `unsupported format string passed to ${typeName(v)}.__format__`);
  }

  /** Joined text, charged before it is built (an f-string or a list's repr grows with what the program made). */
  private concat(parts: string[], sep: string): string {
    chargeText(parts.reduce((n, p) => n + p.length, 0) + sep.length * Math.max(0, parts.length - 1));
    return parts.join(sep);
  }

  /** Python's str(). */
  str(v: PyValue): string {
    if (typeof v === "string") return v;
    return this.repr(v);
  }

  /** Python's repr(). */
  repr(v: PyValue): string {
    if (v === null) return "None";
    if (typeof v === "boolean") return v ? "True" : "False";
    if (typeof v === "bigint") return intText(v);
    if (typeof v === "number") return pyFloat(v);
    if (typeof v === "string") return stringRepr(v);
    if (v instanceof Tensor) {
      if (this.unset.has(v)) throw new NotSupported("nn.Linear's weights are random in PyTorch: set them under torch.no_grad() before printing them");
      const suffix: string[] = [];
      if (this.isWide(v)) suffix.push("dtype=torch.float64");
      if (v.gradFn) suffix.push(`grad_fn=<${v.gradFn}>`);
      else if (v.requiresGrad) suffix.push("requires_grad=True");
      return (this.linearParams.has(v) ? "Parameter containing:\n" : "") + tensorRepr(v, suffix);
    }
    if (v instanceof PyList) return `[${this.concat(v.items.map((x) => this.repr(x)), ", ")}]`;
    if (v instanceof PyTuple) {
      if (v.size) return `torch.Size([${v.items.map((x) => this.repr(x)).join(", ")}])`;
      return v.items.length === 1 ? `(${this.repr(v.items[0]!)},)` : `(${v.items.map((x) => this.repr(x)).join(", ")})`;
    }
    if (v instanceof PyRange) return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    if (v instanceof GradFnObject) return `<${v.name} object>`;
    if (v instanceof DtypeObject) return `torch.${v.dtype}`;
    if (v instanceof LinearModule) return `Linear(in_features=${v.inFeatures}, out_features=${v.outFeatures}, bias=${v.bias ? "True" : "False"})`;
    if (v instanceof MSELossModule) return "MSELoss()";
    if (v instanceof PyModule) return `<module '${v.name}'>`;
    if (v instanceof PyBuiltin) return `<built-in function ${v.name}>`;
    return `<${typeName(v)} object>`;
  }

  private truthy(v: PyValue): boolean {
    if (v === null) return false;
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    if (typeof v === "bigint") return v !== 0n;
    if (typeof v === "string") return v.length > 0;
    if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
    if (v instanceof Tensor) {
      if (v.numel() !== 1) throw new PyException("RuntimeError", `Boolean value of Tensor with more than one value is ambiguous`);
      return this.ready(v)._data[0] !== 0;
    }
    return true;
  }

  private iterate(v: PyValue): Iterable<PyValue> {
    if (v instanceof PyRange) return v;
    if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
    if (typeof v === "string") return [...v];
    if (v instanceof Tensor) {
      if (v.shape.length === 0) throw new PyException("TypeError", "iteration over a 0-d tensor");
      return Array.from({ length: v.shape[0]! }, (_, i) => this.view(v, selectRow(this.ready(v), i, "UnbindBackward0")));
    }
    throw new PyException("TypeError", `'${typeName(v)}' object is not iterable`);
  }

  /**
   * `X[i:j]`, `X[i]`, `W.T`, `W.t()`, a row of `for row in X`: views of `base` in PyTorch, sharing its memory.
   * Descent copies them: so a view is never changed in place (`writable`), and a view the program keeps is refused
   * once its base has changed in place (`staleViews`), where PyTorch's would show the change.
   */
  private view(base: Tensor, out: Tensor): Tensor {
    this.follow(out, [base]);
    const root = this.views.get(base)?.base ?? base;
    this.views.set(out, { base: root, version: root._version });
    this.anyViews = true;
    return out;
  }

  /** A transpose: a view whose memory order is not its shape's (a matrix of more than one row and column). */
  private transposedView(base: Tensor, out: Tensor): Tensor {
    if (out.shape.length === 2 && out.shape[0]! > 1 && out.shape[1]! > 1) this.transposed.add(out);
    return this.view(base, out);
  }

  /** The sizes of view()/reshape(): numbers or one tuple, at most two, one of them may be -1. */
  private shapeArgs(args: PyValue[], name: string): number[] {
    const list = args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList) ? args[0].items : args;
    if (list.length > 2) throw new NotSupported("tensors of more than two dimensions are outside the subset");
    return list.map((x) => Number(this.intOf(x, `${name}(): argument 'size' must be tuple of ints, but found element of type ${typeName(x)}`)));
  }

  /** A tensor about to be changed in place: refused if it is a view (PyTorch would change its base too). */
  private writable(t: Tensor): void {
    if (this.views.has(t)) {
      throw new NotSupported("changing a slice, a row or a transpose in place (it shares its tensor's memory in PyTorch) is outside the subset: change the tensor itself, or build a new one");
    }
  }

  /** The program's variables that are views of a tensor changed in place since (they would show the change). */
  /** Whether the program has made a view yet (until it has, no line can leave one stale). */
  private anyViews = false;

  private staleViews(): string[] {
    if (!this.anyViews) return [];
    const stale = (v: PyValue): boolean => {
      if (v instanceof Tensor) {
        const view = this.views.get(v);
        return view !== undefined && view.base._version !== view.version;
      }
      return (v instanceof PyList || v instanceof PyTuple) && v.items.some(stale);
    };
    return [...this.userNames].filter((name) => stale(this.env.get(name)!));
  }

  /** A tensor about to be used: nn.Linear's random weights must have been set first. */
  private ready(t: Tensor): Tensor {
    if (this.unset.has(t)) {
      throw new NotSupported("nn.Linear's weights are random in PyTorch: set them under torch.no_grad() first (model.weight.copy_(torch.tensor([[…]])))");
    }
    return t;
  }

  private numeric(v: PyValue, op: string): number | bigint {
    if (typeof v === "number" || typeof v === "bigint") return v;
    if (typeof v === "boolean") return v ? 1n : 0n;
    throw new PyException("TypeError", `bad operand type for unary ${op}: '${typeName(v)}'`);
  }

  private intOf(v: PyValue, message: string): bigint {
    if (typeof v === "bigint") return v;
    if (typeof v === "boolean") return v ? 1n : 0n;
    throw new PyException("TypeError", message);
  }

  private listIndex(n: number, index: PyValue, message: string): number {
    const i = Number(this.intOf(index, `list indices must be integers or slices, not ${typeName(index)}`));
    if (i < -n || i >= n) throw new PyException("IndexError", message);
    return i < 0 ? i + n : i;
  }

  private index(obj: PyValue, index: PyValue): PyValue {
    if (obj instanceof Tensor) {
      if (index instanceof Tensor || index instanceof PyList || typeof index === "boolean") throw new NotSupported("indexing a tensor with a tensor, a list or a bool is outside the subset: use X[i] or X[i:j]");
      return this.view(obj, selectRow(this.ready(obj), Number(this.intOf(index, "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables or byte Tensors are valid indices"))));
    }
    if (obj instanceof PyList) return obj.items[this.listIndex(obj.items.length, index, "list index out of range")]!;
    if (obj instanceof PyTuple) return obj.items[this.listIndex(obj.items.length, index, "tuple index out of range")]!;
    if (typeof obj === "string") return obj[this.listIndex(obj.length, index, "string index out of range")]!;
    throw new PyException("TypeError", `'${typeName(obj)}' object is not subscriptable`);
  }

  // --- operators -----------------------------------------------------------------------------------------

  private operand(v: PyValue): Tensor | number | null {
    if (v instanceof Tensor) return this.ready(v);
    if (typeof v === "number") return v;
    if (typeof v === "bigint") return Number(v);
    if (typeof v === "boolean") return v ? 1 : 0;
    return null;
  }

  private arith(op: string, l: PyValue, r: PyValue): PyValue {
    return this.follow(this.arithOf(op, l, r), [l, r]);
  }

  private arithOf(op: string, l: PyValue, r: PyValue): PyValue {
    if (l instanceof Tensor || r instanceof Tensor) {
      const a = this.operand(l);
      const b = this.operand(r);
      if (a === null || b === null) {
        throw new PyException("TypeError", `unsupported operand type(s) for ${op}: '${typeName(l)}' and '${typeName(r)}'`);
      }
      const both = a as Tensor;
      switch (op) {
        case "+": {
          if (a instanceof Tensor && isParameter(b) && this.productWeight.has(a)) this.biasOf.set(b, this.productWeight.get(a)!);
          return typeof a === "number" ? add(a, b as Tensor) : add(both, b);
        }
        case "-":
          return typeof a === "number" ? sub(a, b as Tensor) : sub(both, b);
        case "*": {
          const out = typeof a === "number" ? mul(a, b as Tensor) : mul(both, b);
          // `w * X`: remember w (a parameter times data), for the bias-gradient misconception.
          // A mean scaled by a number (`loss * 0.5`) is still a mean over the same values.
          const scaled = a instanceof Tensor && typeof b === "number" ? a : b instanceof Tensor && typeof a === "number" ? b : null;
          if (scaled && this.meanOver.has(scaled)) this.meanOver.set(out, this.meanOver.get(scaled)!);
          if (isParameter(a) && !(b instanceof Tensor && b.requiresGrad)) this.productWeight.set(out, a);
          else if (isParameter(b) && !(a instanceof Tensor && a.requiresGrad)) this.productWeight.set(out, b);
          return out;
        }
        case "/": {
          const out = typeof a === "number" ? div(a, b as Tensor) : div(both, b);
          if (a instanceof Tensor && typeof b === "number" && this.meanOver.has(a)) this.meanOver.set(out, this.meanOver.get(a)!);
          return out;
        }
        case "**":
          return typeof a === "number" ? pow(a, b as Tensor) : pow(both, b);
        case "@":
          if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
            throw new PyException("TypeError", `unsupported operand type(s) for @: '${typeName(l)}' and '${typeName(r)}'`);
          }
          this.sameDtype(a, b);
          return matmul(a, b);
        default:
          throw new NotSupported(`the operator ${op} on tensors is outside the subset`);
      }
    }
    if (typeof l === "string" || typeof r === "string" || l instanceof PyList || r instanceof PyList) return this.sequenceArith(op, l, r);
    const a = this.numberOf(l, op, l, r);
    const b = this.numberOf(r, op, l, r);
    if (typeof a === "bigint" && typeof b === "bigint") chargeIntOp(op, a, b);
    return numberArith(op, a, b);
  }

  private numberOf(v: PyValue, op: string, l: PyValue, r: PyValue): number | bigint {
    if (typeof v === "number" || typeof v === "bigint") return v;
    if (typeof v === "boolean") return v ? 1n : 0n;
    throw new PyException("TypeError", `unsupported operand type(s) for ${op}: '${typeName(l)}' and '${typeName(r)}'`);
  }

  private sequenceArith(op: string, l: PyValue, r: PyValue): PyValue {
    if (op === "+" && typeof l === "string" && typeof r === "string") {
      chargeText(l.length + r.length);
      return l + r;
    }
    if (op === "+" && l instanceof PyList && r instanceof PyList) {
      chargeWork(l.items.length + r.items.length);
      return new PyList([...l.items, ...r.items]);
    }
    if (op === "*") {
      const [seq, n] = typeof l === "bigint" || typeof l === "boolean" ? [r, l] : [l, r];
      if (typeof n === "bigint" || typeof n === "boolean") {
        const times = Math.max(0, Number(n));
        if (typeof seq === "string") {
          chargeText(seq.length * times);
          return seq.repeat(times);
        }
        if (seq instanceof PyList) {
          chargeWork(seq.items.length * times);
          return new PyList(Array.from({ length: times }, () => seq.items).flat());
        }
      }
      if (typeof n === "number") throw new PyException("TypeError", `can't multiply sequence by non-int of type 'float'`);
    }
    if (op === "%" && typeof l === "string") throw new NotSupported("%-formatting is outside the subset: use an f-string");
    if (typeof l === "string" && op === "+") throw new PyException("TypeError", `can only concatenate str (not "${typeName(r)}") to str`);
    throw new PyException("TypeError", `unsupported operand type(s) for ${op}: '${typeName(l)}' and '${typeName(r)}'`);
  }

  private inplace(op: string, current: PyValue, value: PyValue): PyValue {
    if (current instanceof Tensor) {
      const self = this.ready(current);
      const other = this.operand(value);
      if (other === null) throw new PyException("TypeError", `unsupported operand type(s) for ${op}=: 'Tensor' and '${typeName(value)}'`);
      if (isParameter(self) && (op === "+" || op === "-")) return this.update(self, op, other);
      return this.inplaceOp(op, self, other);
    }
    return this.arith(op, current, value);
  }

  /** `w -= …` / `w += …` on a parameter: an update, where the update misconceptions act. */
  private update(p: Tensor, op: "+" | "-", other: Tensor | number): Tensor {
    const hooks = this.at("update");
    this.touch(p, true, false);
    const inNoGrad = !isGradEnabled();
    if (inNoGrad && hooks.updatesUnderNoGrad === false) return p;
    const old = p.flatValues();
    const apply = () => this.inplaceOp(op, p, other);
    if (!inNoGrad && hooks.updatesOutsideNoGrad) noGrad(apply);
    else apply();
    if (hooks.change) {
      const now = p.flatValues();
      const change = hooks.change(now.map((v, i) => v - old[i]!), null);
      p._write(old.map((v, i) => v + change[i]!));
    }
    this.beforeStep.set(p, old);
    if (hooks.showsValueBefore) this.transient.set(p, old);
    return p;
  }

  private inplaceOp(op: string, self: Tensor, other: Tensor | number): Tensor {
    this.writable(self);
    {
      switch (op) {
        case "+":
          return add_(self, other);
        case "-":
          return sub_(self, other);
        case "*":
          return mul_(self, other);
        case "/":
          return div_(self, other);
      }
    }
    throw new Error(`no in-place ${op}`);
  }

  private compare(op: string, l: PyValue, r: PyValue): boolean {
    if ((l instanceof Tensor || r instanceof Tensor) && op !== "is" && op !== "is not" && this.inCondition === 0) {
      // PyTorch gives a bool tensor, which Descent does not model; in an `if` only its truth counts.
      throw new NotSupported(`comparing a tensor (${op}) outside an if makes a bool tensor, which is outside the subset: compare .item() instead`);
    }
    switch (op) {
      case "is":
        return same(l, r);
      case "is not":
        return !same(l, r);
      case "in":
      case "not in": {
        if (!(r instanceof PyList || r instanceof PyTuple || typeof r === "string")) throw new PyException("TypeError", `argument of type '${typeName(r)}' is not iterable`);
        const found = typeof r === "string" ? typeof l === "string" && r.includes(l) : r.items.some((x) => this.equal(x, l));
        return op === "in" ? found : !found;
      }
      case "==":
        return this.equal(l, r);
      case "!=":
        return !this.equal(l, r);
    }
    const a = this.ordered(l, op, l, r);
    const b = this.ordered(r, op, l, r);
    if (typeof a === "string" || typeof b === "string") {
      if (typeof a !== typeof b) throw new PyException("TypeError", `'${op}' not supported between instances of '${typeName(l)}' and '${typeName(r)}'`);
    }
    switch (op) {
      case "<":
        return a < b;
      case ">":
        return a > b;
      case "<=":
        return a <= b;
      default:
        return a >= b;
    }
  }

  /** A value that <, >, <=, >= can compare: numbers, strings, one-value tensors (as bools, see the README). */
  private ordered(v: PyValue, op: string, l: PyValue, r: PyValue): number | bigint | string {
    if (typeof v === "number" || typeof v === "bigint" || typeof v === "string") return v;
    if (typeof v === "boolean") return v ? 1n : 0n;
    if (v instanceof Tensor) {
      if (v.numel() !== 1) throw new NotSupported("comparing a tensor of several values (an elementwise comparison) is outside the subset");
      return this.ready(v)._data[0]!;
    }
    throw new PyException("TypeError", `'${op}' not supported between instances of '${typeName(l)}' and '${typeName(r)}'`);
  }

  private equal(l: PyValue, r: PyValue): boolean {
    if (l instanceof Tensor || r instanceof Tensor) {
      const a = l instanceof Tensor ? l : null;
      const b = r instanceof Tensor ? r : null;
      for (const t of [a, b]) if (t && t.numel() !== 1) throw new NotSupported("comparing a tensor of several values (an elementwise comparison) is outside the subset");
      const x = a ? a._data[0]! : this.operand(l);
      const y = b ? b._data[0]! : this.operand(r);
      return x !== null && y !== null && x === y;
    }
    const num = (v: PyValue) => (typeof v === "bigint" ? Number(v) : typeof v === "boolean" ? (v ? 1 : 0) : v);
    const x = num(l);
    const y = num(r);
    if (typeof x === "number" && typeof y === "number") return x === y;
    if ((l instanceof PyList && r instanceof PyList) || (l instanceof PyTuple && r instanceof PyTuple)) {
      return l.items.length === r.items.length && l.items.every((v, i) => this.equal(v, r.items[i]!));
    }
    return l === r;
  }

  // --- attributes and calls ------------------------------------------------------------------------------

  private getAttr(obj: PyValue, name: string): PyValue {
    if (obj instanceof PyModule) {
      if (name in obj.members) return obj.members[name]!;
      throw new PyException("AttributeError", `module '${obj.name}' has no attribute '${name}'`);
    }
    if (obj instanceof Tensor) return this.tensorAttr(obj, name);
    if (obj instanceof LinearModule) {
      switch (name) {
        case "weight":
          return obj.weight;
        case "bias":
          return obj.bias;
        case "in_features":
          return BigInt(obj.inFeatures);
        case "out_features":
          return BigInt(obj.outFeatures);
        case "parameters":
          return new PyBuiltin("parameters", () => new PyList(obj.bias ? [obj.weight, obj.bias] : [obj.weight]));
        case "train":
        case "eval":
          // Training and evaluation modes differ only for dropout and batch norm, which nn.Linear has not.
          return new PyBuiltin(name, () => obj);
        case "zero_grad":
          return new PyBuiltin("zero_grad", (args, kw) => {
            const params = obj.bias ? [obj.weight, obj.bias] : [obj.weight];
            this.zeroGrads(params, args[0] ?? kw.get("set_to_none"), (setToNone) => {
              for (const p of params) {
                if (p.grad === null) continue;
                if (setToNone) p.grad = null;
                else zero_(p.grad);
              }
            });
            return null;
          });
      }
    }
    if (obj instanceof OptimizerObject) {
      if (name === "zero_grad") {
        return new PyBuiltin("zero_grad", (args, kw) => {
          this.zeroGrads(obj.optimizer.params, args[0] ?? kw.get("set_to_none"), (setToNone) => obj.optimizer.zeroGrad({ setToNone }));
          return null;
        });
      }
      if (name === "step") {
        return new PyBuiltin("step", () => {
          this.step(obj);
          return null;
        });
      }
    }
    if (obj instanceof PyList && name === "append") {
      return new PyBuiltin("append", ([x]) => {
        chargeWork(1);
        obj.items.push(x ?? null);
        return null;
      });
    }
    if (obj === null) throw new PyException("AttributeError", `'NoneType' object has no attribute '${name}'`);
    throw new PyException("AttributeError", `'${typeName(obj)}' object has no attribute '${name}'`);
  }

  private tensorAttr(t: Tensor, name: string): PyValue {
    const method = (f: (args: PyValue[], kw: Kwargs) => PyValue) => new PyBuiltin(name, (args, kw) => this.follow(f(args, kw), [t, ...args]));
    const unary = (f: (x: Tensor) => Tensor) => method(() => f(this.ready(t)));
    switch (name) {
      case "grad":
        // A non-leaf's is None unless it retains its grad (PyTorch also warns). A float64 tensor's grad is float64.
        if (t.grad && this.wide.has(t)) this.wide.add(t.grad);
        return t.grad;
      case "requires_grad":
        return t.requiresGrad;
      case "is_leaf":
        return t.isLeaf;
      case "grad_fn":
        return t.gradFn === null ? null : new GradFnObject(t.gradFn);
      case "shape":
        return new PyTuple(t.shape.map(BigInt), true);
      case "ndim":
        return BigInt(t.shape.length);
      case "T":
        return this.transposedView(t, transpose(this.ready(t), "PermuteBackward0"));
      case "dtype":
        return new DtypeObject(this.isWide(t) ? "float64" : "float32");
      case "size":
        return method(([d]) => {
          if (d === undefined) return new PyTuple(t.shape.map(BigInt), true);
          const n = t.shape.length;
          const i = Number(this.intOf(d, "size(): argument 'dim' must be int"));
          const lo = n === 0 ? -1 : -n;
          const hi = n === 0 ? 0 : n - 1;
          if (i < lo || i > hi) throw new PyException("IndexError", `Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${i})`);
          return BigInt(n === 0 ? 1 : t.shape[i < 0 ? i + n : i]!);
        });
      case "dim":
        return method(() => BigInt(t.shape.length));
      case "numel":
        return method(() => BigInt(t.numel()));
      case "item":
        return method(() => this.ready(t).item());
      case "tolist":
        return method(() => toPy(this.ready(t).tolist()));
      case "detach":
        return method(() => this.ready(t).detach());
      case "clone":
        return method(() => clone(this.ready(t)));
      case "requires_grad_":
        return method((args, kw) => {
          const v = this.truthy(args[0] ?? kw.get("requires_grad") ?? true);
          // On a tensor an op made (it already requires grad), only requires_grad_(False) is refused.
          if (!t.isLeaf && v) return t;
          t.requiresGrad = v;
          this.newParameter(t);
          return t;
        });
      case "retain_grad":
        return method(() => {
          t.retainGrad();
          return null;
        });
      case "backward":
        return method((args, kw) => {
          const gradient = args[0] ?? kw.get("gradient") ?? null;
          const retain = args[1] ?? kw.get("retain_graph") ?? null;
          if (gradient !== null && !(gradient instanceof Tensor)) throw new PyException("TypeError", "gradient must be a Tensor or None");
          this.backward(this.ready(t), gradient, retain === null ? false : this.truthy(retain));
          return null;
        });
      case "zero_":
        return method(() => {
          this.writable(t);
          zero_(t);
          this.unset.delete(t);
          return t;
        });
      case "fill_":
        return method(([v]) => {
          const x = this.operand(v ?? null);
          if (typeof x !== "number") throw new PyException("TypeError", "fill_() expects a number");
          this.writable(t);
          fill_(t, x);
          this.unset.delete(t);
          return t;
        });
      case "copy_":
        return method(([src]) => {
          if (!(src instanceof Tensor)) throw new PyException("TypeError", `copy_(): argument 'src' (position 1) must be Tensor, not ${typeName(src ?? null)}`);
          this.writable(t);
          copy_(t, this.ready(src));
          this.unset.delete(t);
          return t;
        });
      case "add_":
      case "sub_":
      case "mul_":
      case "div_":
        return method(([v]) => {
          const o = this.operand(v ?? null);
          if (o === null) throw new PyException("TypeError", `${name}(): argument 'other' must be Tensor or Number`);
          return this.inplace({ add_: "+", sub_: "-", mul_: "*", div_: "/" }[name], t, o);
        });
      case "mean":
        return unary((x) => this.mean(x));
      case "sum":
        return unary(sum);
      case "sigmoid":
        return unary(sigmoid);
      case "tanh":
        return unary(tanh);
      case "relu":
        return unary(relu);
      case "exp":
        return unary(exp);
      case "log":
        return unary(log);
      case "t":
        return method(() => this.transposedView(t, transpose(this.ready(t))));
      case "view":
      case "reshape":
        return method((args) => {
          const shape = this.shapeArgs(args, name);
          // A transposed matrix is not contiguous in PyTorch: view() refuses it (reshape copies).
          if (name === "view" && this.transposed.has(t)) {
            throw new PyException("RuntimeError", "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
          }
          return this.view(t, reshape(this.ready(t), shape, "ViewBackward0"));
        });
      case "flatten":
        return method(() => this.view(t, reshape(this.ready(t), [t.numel()], "ViewBackward0")));
      case "unsqueeze":
        return method(([d]) => {
          const n = t.shape.length;
          const dim = Number(this.intOf(d ?? null, "unsqueeze(): argument 'dim' must be int"));
          if (dim < -(n + 1) || dim > n) throw new PyException("IndexError", `Dimension out of range (expected to be in range of [${-(n + 1)}, ${n}], but got ${dim})`);
          const at = dim < 0 ? dim + n + 1 : dim;
          const shape = [...t.shape.slice(0, at), 1, ...t.shape.slice(at)];
          if (shape.length > 2) throw new NotSupported("tensors of more than two dimensions are outside the subset");
          return this.view(t, reshape(this.ready(t), shape, "UnsqueezeBackward0"));
        });
      case "squeeze":
        return method(([d]) => {
          const n = t.shape.length;
          if (d === undefined) return this.view(t, reshape(this.ready(t), t.shape.filter((x) => x !== 1), "SqueezeBackward0"));
          const dim = Number(this.intOf(d, "squeeze(): argument 'dim' must be int"));
          const lo = n === 0 ? -1 : -n;
          const hi = n === 0 ? 0 : n - 1;
          if (dim < lo || dim > hi) throw new PyException("IndexError", `Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})`);
          const at = dim < 0 ? dim + n : dim;
          const shape = t.shape[at] === 1 ? t.shape.filter((_, i) => i !== at) : [...t.shape];
          return this.view(t, reshape(this.ready(t), shape, "SqueezeBackward1"));
        });
      case "pow":
        return method(([v]) => this.arith("**", t, v ?? null));
      case "matmul":
        return method(([v]) => this.arith("@", t, v ?? null));
    }
    throw new PyException("AttributeError", `'Tensor' object has no attribute '${name}'`);
  }

  private call(fn: PyValue, args: PyValue[], kwargs: Kwargs): PyValue {
    if (fn instanceof PyBuiltin) return fn.call(args, kwargs);
    if (fn instanceof LinearModule) {
      const [x] = args;
      if (!(x instanceof Tensor)) throw new PyException("TypeError", `linear(): argument 'input' (position 1) must be Tensor, not ${typeName(x ?? null)}`);
      this.sameDtype(x, fn.weight);
      const out = matmul(this.ready(x), transpose(this.ready(fn.weight)));
      return this.follow(fn.bias ? add(out, this.ready(fn.bias)) : out, [x, fn.weight]);
    }
    if (fn instanceof MSELossModule) return this.mseLoss(args[0] ?? null, args[1] ?? null, fn.reduction);
    if (fn instanceof NoGradContext) return fn;
    throw new PyException("TypeError", `'${typeName(fn)}' object is not callable`);
  }

  private mseLoss(input: PyValue, target: PyValue, reduction: "mean" | "sum"): Tensor {
    if (!(input instanceof Tensor) || !(target instanceof Tensor)) {
      throw new PyException("TypeError", `mse_loss(): argument 'input' must be Tensor, not ${typeName(input instanceof Tensor ? target : input)}`);
    }
    const hooks = this.at("loss");
    if (reduction === "mean" && hooks.mean === "sum") return this.follow(mseLoss(this.ready(input), this.ready(target), "sum"), [input, target]) as Tensor;
    const out = mseLoss(this.ready(input), this.ready(target), reduction);
    this.follow(out, [input, target]);
    if (reduction === "mean") this.meanOver.set(out, Math.max(input.numel(), target.numel()));
    return out;
  }

  // --- where the misconceptions act (the hooks of src/misconceptions/hooks.ts) -------------------------------

  /** A tensor with these values, shaped as `like`. */
  private valued(like: Tensor, values: readonly number[]): Tensor {
    const t = zerosLike(like);
    t._write(values);
    return t;
  }

  /** A tensor became a parameter (a leaf that requires grad): its .grad is None, or what a hook says. */
  private newParameter(t: Tensor): void {
    if (!t.isLeaf || !t.requiresGrad) return;
    const grad = this.at("param").newGrad?.(t.flatValues());
    if (grad && t.grad === null) t.grad = this.valued(t, grad);
  }

  /** `optimizer.zero_grad(set_to_none=…)` / `model.zero_grad(…)`. */
  private zeroGrads(params: readonly Tensor[], setToNone: PyValue | undefined, zero: (setToNone: boolean) => void): void {
    const hooks = this.at("zero_grad");
    for (const p of params) this.touch(p, true, true);
    const asked = setToNone === undefined ? true : this.truthy(setToNone);
    zero(hooks.setToNone ? hooks.setToNone(asked) : asked);
    this.afterZeroing(params, hooks);
  }

  /** `w.grad.zero_()`. */
  private gradZero(p: Tensor): Tensor {
    const hooks = this.at("grad_zero");
    this.touch(p, true, true);
    if (p.grad === null && hooks.zeroesNone) p.grad = zerosLike(p);
    if (p.grad === null) throw new PyException("AttributeError", "'NoneType' object has no attribute 'zero_'");
    const grad = p.grad;
    const old = hooks.gradZero ? grad.flatValues() : null;
    zero_(grad);
    if (hooks.gradZero && old) {
      // What the student believes the line leaves in .grad.
      const left = hooks.gradZero(old);
      p.grad = left === null ? null : this.valued(p, left);
    }
    this.afterZeroing([p], hooks);
    return grad;
  }

  private afterZeroing(params: readonly Tensor[], hooks: Readonly<Hooks>): void {
    if (!hooks.afterZeroing) return;
    for (const p of params) p._write(hooks.afterZeroing(p.flatValues(), this.beforeStep.get(p) ?? null));
  }

  /** `loss.backward(gradient, retain_graph)`. */
  private backward(t: Tensor, gradient: Tensor | null, retainGraph: boolean): void {
    const hooks = this.at("backward");
    const leaves = leavesOf(t);
    for (const p of leaves) this.touch(p, false, true);
    const before = new Map(leaves.map((p) => [p, p.grad ? p.grad.flatValues() : null] as const));
    // The read non-leaves' gradients, kept aside (their .grad stays None, as in PyTorch).
    const watched: Tensor[] = [];
    for (const [name, v] of this.env) {
      if (v instanceof Tensor && !v.isLeaf && v.requiresGrad && this.gradReads.has(name) && v._gradFn?.retainedBy !== v) {
        v.retainGrad();
        watched.push(v);
      }
    }
    const factor = hooks.gradientFactor ? hooks.gradientFactor(this.meanOver.get(t) ?? 1) : 1;
    let seed = gradient ?? undefined;
    if (factor !== 1) seed = mul(seed ?? tensor(t.shape.length === 0 ? 1 : t.flatValues().map(() => 1), { dtype: t.dtype }), factor);
    let retain = retainGraph || hooks.reusesGraph === true;
    let nodes: Node[] = [];
    if (this.keepGraphs && t._gradFn) {
      nodes = nodesOf(t._gradFn);
      if (!hooks.reusesGraph && nodes.some((x) => this.freedNodes.has(x))) throw freedGraphError();
      retain = true;
    }
    try {
      t.backward({ ...(seed ? { gradient: seed } : {}), retainGraph: retain });
    } finally {
      for (const v of watched) {
        if (v.grad) this.nonLeafGrads.set(v, v.grad.flatValues());
        v.grad = null;
        if (v._gradFn) v._gradFn.retainedBy = null;
      }
    }
    if (this.keepGraphs && !retainGraph && !hooks.reusesGraph) for (const x of nodes) if (x.savesTensors) this.freedNodes.add(x);
    const biasGradient = leaves.some((p) => this.biasOf.has(p)) ? hooks.biasGradient : undefined;
    if (!hooks.accumulate && !biasGradient) return;
    // What this backward added to each .grad, then put back as the misconception has it.
    const added = new Map<Tensor, number[]>();
    for (const p of leaves) {
      if (!p.grad) continue;
      const old = before.get(p) ?? null;
      added.set(p, p.grad.flatValues().map((v, i) => v - (old ? old[i]! : 0)));
    }
    if (biasGradient) {
      for (const [b, w] of this.biasOf) {
        const cw = added.get(w);
        const cb = added.get(b);
        if (cw && cb && cw.length === cb.length) added.set(b, biasGradient(cw, cb));
      }
    }
    for (const [p, a] of added) {
      const old = before.get(p) ?? null;
      p.grad!._write(hooks.accumulate ? hooks.accumulate(old, a) : old ? a.map((v, i) => old[i]! + v) : a);
    }
  }

  /** `optimizer.step()`. */
  private step(o: OptimizerObject): void {
    const hooks = this.at("step");
    const opt = o.optimizer;
    for (const p of opt.params) this.touch(p, true, true);
    const stepped = opt.params.filter((p) => p.grad !== null);
    const old = new Map(stepped.map((p) => [p, p.flatValues()] as const));
    opt.step();
    const lr = opt.options.lr;
    for (const p of stepped) {
      const was = old.get(p)!;
      let now = p.flatValues();
      const ignoresMomentum = opt instanceof SGD && opt.options.momentum !== 0 && this.at("momentum").ignoresMomentum;
      if (ignoresMomentum) {
        const g = p.grad!.flatValues();
        const wd = (opt as SGD).options.weightDecay;
        now = was.map((v, i) => v - lr * (g[i]! + wd * v));
      }
      if (hooks.change) {
        const change = hooks.change(now.map((v, i) => v - was[i]!), lr);
        now = was.map((v, i) => v + change[i]!);
      }
      if (ignoresMomentum || hooks.change) p._write(now);
      this.beforeStep.set(p, was);
      if (hooks.gradAfterStep && p.grad) p.grad = this.valued(p, hooks.gradAfterStep(p.grad.flatValues()));
      if (hooks.showsValueBefore) this.transient.set(p, was);
    }
  }

  /** `.mean()`: a sum for a student who takes the mean for the sum. */
  private mean(t: Tensor): Tensor {
    if (this.at("loss").mean === "sum") return sum(t);
    const out = mean(t);
    this.meanOver.set(out, t.numel());
    return out;
  }

  // --- torch and the builtins ----------------------------------------------------------------------------

  private importModule(path: string[]): PyValue {
    let v: PyValue = this.torch;
    if (path[0] !== "torch") throw new NotSupported(`import ${path.join(".")}: only torch and its nn, optim and nn.functional modules are in the subset`);
    for (const part of path.slice(1)) {
      if (!(v instanceof PyModule) || !(part in v.members)) throw new NotSupported(`${path.join(".")} is outside the subset`);
      v = v.members[part]!;
    }
    return v;
  }

  /** A tensor of the program's data: floats only (an integer tensor, int64 in PyTorch, is refused). */
  private makeTensor(data: PyValue, kw: Kwargs, from: string): Tensor {
    const dtype = this.dtypeOf(kw.get("dtype"));
    if (data instanceof Tensor) {
      const copy = this.withGrad(tensor(this.ready(data).tolist(), { dtype: dtype ?? data.dtype }), kw);
      if (!kw.has("dtype") && this.isWide(data)) this.wide.add(copy);
      return copy;
    }
    const nested = this.nested(data);
    if (dtype === null && nested.allInts) {
      throw new NotSupported(`${from} of whole numbers makes an integer tensor (int64) in PyTorch, which is outside the subset: write them as floats (1.0, or 1.)`);
    }
    return this.withGrad(tensor(nested.value, { dtype: dtype ?? this.dtype }), kw);
  }

  /** Whether PyTorch holds `t` as float64. */
  private isWide(t: Tensor): boolean {
    return this.dtype === "float64" ? this.wide.has(t) : t.dtype === "float64";
  }

  /** A new tensor computed from `sources` is float64 in PyTorch if one of them is (type promotion). */
  private follow(out: PyValue, sources: readonly PyValue[]): PyValue {
    if (this.dtype === "float64" && out instanceof Tensor && !sources.includes(out) && sources.some((x) => x instanceof Tensor && this.wide.has(x))) this.wide.add(out);
    return out;
  }

  /** matmul and nn.Linear refuse operands of two dtypes. */
  private sameDtype(a: Tensor, b: Tensor): void {
    if (this.dtype === "float64" && this.isWide(a) !== this.isWide(b)) {
      throw new PyException("RuntimeError", `expected m1 and m2 to have the same dtype, but got: ${this.isWide(a) ? "double" : "float"} != ${this.isWide(b) ? "double" : "float"}`);
    }
  }

  private withGrad(t: Tensor, kw: Kwargs): Tensor {
    const d = kw.get("dtype");
    if (d instanceof DtypeObject && d.dtype === "float64") this.wide.add(t);
    if (this.truthy(kw.get("requires_grad") ?? false)) {
      t.requiresGrad = true;
      this.newParameter(t);
    }
    return t;
  }

  private dtypeOf(v: PyValue | undefined): Dtype | null {
    if (v === undefined || v === null) return null;
    if (!(v instanceof DtypeObject)) throw new PyException("TypeError", `dtype must be torch.dtype, not ${typeName(v)}`);
    return v.dtype === "float64" ? "float64" : this.dtype;
  }

  private nested(v: PyValue): { value: NestedNumbers; allInts: boolean } {
    let allInts = true;
    let depth = -1;
    const walk = (x: PyValue, d: number): NestedNumbers | number => {
      if (typeof x === "number") {
        allInts = false;
        if (depth === -1) depth = d;
        return x;
      }
      if (typeof x === "bigint" || typeof x === "boolean") {
        if (depth === -1) depth = d;
        return Number(x);
      }
      if (x instanceof Tensor && x.numel() === 1) {
        allInts = false;
        return x.item();
      }
      if (x instanceof PyList || x instanceof PyTuple) {
        if (d >= 2) throw new NotSupported("tensors of more than two dimensions are outside the subset");
        return x.items.map((y) => walk(y, d + 1)) as number[];
      }
      throw new PyException("TypeError", `Could not infer dtype of ${typeName(x)}`);
    };
    const value = walk(v, 0) as NestedNumbers;
    if (Array.isArray(value) && value.length === 0) allInts = false;
    return { value, allInts };
  }

  private sizeArgs(args: PyValue[]): number[] {
    const list = args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList) ? args[0].items : args;
    if (list.length > 2) throw new NotSupported("tensors of more than two dimensions are outside the subset");
    return list.map((x) => Number(this.intOf(x, `zeros(): argument 'size' must be tuple of ints, but found element of type ${typeName(x)}`)));
  }

  /** zeros_like / ones_like: the shape and the dtype of `t`. */
  private like(t: Tensor, value: number, kw: Kwargs): Tensor {
    return this.filled([...t.shape], value, kw.has("dtype") ? kw : new Map([...kw, ["dtype", new DtypeObject(t.dtype === "float64" ? "float64" : "float32")]]));
  }

  private filled(shape: number[], value: number, kw: Kwargs): Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    chargeWork(n);
    const flat = new Array<number>(n).fill(value);
    const data: NestedNumbers = shape.length === 0 ? value : shape.length === 1 ? flat : Array.from({ length: shape[0]! }, (_, i) => flat.slice(i * shape[1]!, (i + 1) * shape[1]!));
    return this.withGrad(tensor(data, { dtype: this.dtypeOf(kw.get("dtype")) ?? this.dtype }), kw);
  }

  private torchModule(): PyModule {
    const fn = (name: string, f: (args: PyValue[], kw: Kwargs) => PyValue) => new PyBuiltin(name, (args, kw) => this.follow(f(args, kw), args));
    const tensorArg = (name: string, v: PyValue | undefined): Tensor => {
      if (!(v instanceof Tensor)) throw new PyException("TypeError", `${name}(): argument 'input' (position 1) must be Tensor, not ${typeName(v ?? null)}`);
      return this.ready(v);
    };
    const unaryFn = (name: string, f: (t: Tensor) => Tensor) => fn(name, ([x]) => f(tensorArg(name, x)));
    const num = (v: PyValue | undefined, what: string): number => {
      const x = this.operand(v ?? null);
      if (typeof x !== "number") throw new PyException("TypeError", `${what} must be a number`);
      return x;
    };
    const functional = new PyModule("torch.nn.functional", {
      mse_loss: fn("mse_loss", ([a, b], kw) => this.mseLoss(a ?? null, b ?? null, this.reduction(kw))),
      relu: unaryFn("relu", relu),
      sigmoid: unaryFn("sigmoid", sigmoid),
      tanh: unaryFn("tanh", tanh),
    });
    const nn = new PyModule("torch.nn", {
      Linear: fn("Linear", (args, kw) => {
        const inF = Number(this.intOf(args[0] ?? kw.get("in_features") ?? null, "Linear(): in_features must be an int"));
        const outF = Number(this.intOf(args[1] ?? kw.get("out_features") ?? null, "Linear(): out_features must be an int"));
        const hasBias = this.truthy(args[2] ?? kw.get("bias") ?? true);
        const weight = this.filled([outF, inF], Number.NaN, new Map());
        weight.requiresGrad = true;
        this.unset.add(weight);
        this.linearParams.add(weight);
        let bias: Tensor | null = null;
        if (hasBias) {
          bias = this.filled([outF], Number.NaN, new Map());
          bias.requiresGrad = true;
          this.unset.add(bias);
          this.linearParams.add(bias);
        }
        return new LinearModule(inF, outF, weight, bias);
      }),
      MSELoss: fn("MSELoss", (_, kw) => new MSELossModule(this.reduction(kw))),
      functional,
    });
    const params = (v: PyValue | undefined): Tensor[] => {
      if (!(v instanceof PyList || v instanceof PyTuple)) throw new PyException("TypeError", `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(v ?? null)}`);
      return v.items.map((p) => {
        if (!(p instanceof Tensor)) throw new PyException("TypeError", `optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`);
        return p;
      });
    };
    const option = (kw: Kwargs, key: string): number | undefined => (kw.has(key) ? num(kw.get(key), key) : undefined);
    const optim = new PyModule("torch.optim", {
      SGD: fn("SGD", ([ps, lr], kw) => {
        const o = {
          lr: lr !== undefined ? num(lr, "lr") : option(kw, "lr"),
          momentum: option(kw, "momentum"),
          dampening: option(kw, "dampening"),
          weightDecay: option(kw, "weight_decay"),
          nesterov: kw.has("nesterov") ? this.truthy(kw.get("nesterov")!) : undefined,
          maximize: kw.has("maximize") ? this.truthy(kw.get("maximize")!) : undefined,
        };
        this.at("optimizer");
        return new OptimizerObject("SGD", new SGD(params(ps), defined(o)));
      }),
      Adam: fn("Adam", ([ps, lr], kw) => {
        const betas = kw.get("betas");
        let pair: [number, number] | undefined;
        if (betas !== undefined) {
          if (!(betas instanceof PyTuple || betas instanceof PyList) || betas.items.length !== 2) throw new PyException("TypeError", "betas must be a pair of numbers");
          pair = [num(betas.items[0], "betas"), num(betas.items[1], "betas")];
        }
        const o = {
          lr: lr !== undefined ? num(lr, "lr") : option(kw, "lr"),
          betas: pair,
          eps: option(kw, "eps"),
          weightDecay: option(kw, "weight_decay"),
          amsgrad: kw.has("amsgrad") ? this.truthy(kw.get("amsgrad")!) : undefined,
          maximize: kw.has("maximize") ? this.truthy(kw.get("maximize")!) : undefined,
        };
        this.at("optimizer");
        return new OptimizerObject("Adam", new Adam(params(ps), defined(o)));
      }),
    });
    const float32 = new DtypeObject("float32");
    const float64 = new DtypeObject("float64");
    return new PyModule("torch", {
      tensor: fn("tensor", ([data], kw) => this.makeTensor(data ?? null, kw, "torch.tensor")),
      zeros: fn("zeros", (args, kw) => this.filled(this.sizeArgs(args), 0, kw)),
      ones: fn("ones", (args, kw) => this.filled(this.sizeArgs(args), 1, kw)),
      full: fn("full", ([size, value], kw) => {
        if (typeof value === "bigint" && !kw.has("dtype")) throw new NotSupported("torch.full with a whole number makes an integer tensor (int64) in PyTorch, which is outside the subset: write the value as a float");
        return this.filled(this.sizeArgs([size ?? null]), num(value, "fill_value"), kw);
      }),
      zeros_like: fn("zeros_like", ([t], kw) => this.like(tensorArg("zeros_like", t), 0, kw)),
      ones_like: fn("ones_like", ([t], kw) => this.like(tensorArg("ones_like", t), 1, kw)),
      arange: fn("arange", (args, kw) => {
        const [start, end, step] = args.length === 1 ? [0n, args[0]!, 1n] : [args[0]!, args[1] ?? null, args[2] ?? 1n];
        if (![start, end, step].some((x) => typeof x === "number") && !kw.has("dtype")) {
          throw new NotSupported("torch.arange of whole numbers makes an integer tensor (int64) in PyTorch, which is outside the subset: write torch.arange(1.0, 6.0) or pass dtype=torch.float32");
        }
        const [a, b, s] = [num(start, "start"), num(end, "end"), num(step, "step")];
        if (s === 0) throw new PyException("RuntimeError", "step must be nonzero");
        const n = Math.max(0, Math.ceil((b - a) / s));
        chargeWork(Number.isFinite(n) ? n : Number.POSITIVE_INFINITY);
        return this.withGrad(tensor(Array.from({ length: n }, (_, i) => a + i * s), { dtype: this.dtypeOf(kw.get("dtype")) ?? this.dtype }), kw);
      }),
      linspace: fn("linspace", ([start, end, steps], kw) => {
        const a = num(start, "start");
        const b = num(end, "end");
        const n = Number(this.intOf(steps ?? kw.get("steps") ?? null, "linspace(): argument 'steps' must be int"));
        chargeWork(n);
        // PyTorch fills the first half from the start and the second half from the end.
        const step = n > 1 ? (b - a) / (n - 1) : 0;
        const half = Math.floor(n / 2);
        const values = Array.from({ length: n }, (_, i) => (i < half ? a + step * i : b - step * (n - 1 - i)));
        return this.withGrad(tensor(values, { dtype: this.dtypeOf(kw.get("dtype")) ?? this.dtype }), kw);
      }),
      sigmoid: unaryFn("sigmoid", sigmoid),
      tanh: unaryFn("tanh", tanh),
      relu: unaryFn("relu", relu),
      exp: unaryFn("exp", exp),
      log: unaryFn("log", log),
      mean: unaryFn("mean", (x) => this.mean(x)),
      sum: unaryFn("sum", sum),
      matmul: fn("matmul", ([a, b]) => this.arith("@", tensorArg("matmul", a), tensorArg("matmul", b))),
      no_grad: fn("no_grad", () => new NoGradContext()),
      // Nothing in the subset is random: seeding changes nothing (PyTorch returns its generator).
      manual_seed: fn("manual_seed", () => new OpaqueObject("torch._C.Generator")),
      is_grad_enabled: fn("is_grad_enabled", () => isGradEnabled()),
      float32,
      float: float32,
      float64,
      double: float64,
      nn,
      optim,
    });
  }

  /** Python's min() / max(): the first of the smallest (largest) items, itself (a tensor stays a tensor). */
  private extreme(args: PyValue[], name: "min" | "max"): PyValue {
    const list = args.length === 1 && (args[0] instanceof PyList || args[0] instanceof PyTuple) ? args[0].items : args;
    if (list.length === 0) throw new PyException("ValueError", `${name}() arg is an empty sequence`);
    let best: PyValue = list[0] ?? null;
    for (const x of list.slice(1)) {
      const a = this.ordered(x, name === "max" ? ">" : "<", x, best);
      const b = this.ordered(best, name === "max" ? ">" : "<", x, best);
      if (name === "max" ? a > b : a < b) best = x;
    }
    return best;
  }

  private reduction(kw: Kwargs): "mean" | "sum" {
    const r = kw.get("reduction") ?? "mean";
    if (r === "none") throw new NotSupported("reduction='none' (a loss per element) is outside the subset: use 'mean' or 'sum'");
    if (r !== "mean" && r !== "sum") throw new PyException("ValueError", `${this.str(r)} is not a valid value for reduction`);
    return r;
  }

  private builtinFunctions(): Record<string, PyValue> {
    const fn = (name: string, f: (args: PyValue[], kw: Kwargs) => PyValue) => new PyBuiltin(name, f);
    const toFloat = (v: PyValue): number => {
      if (typeof v === "number") return v;
      if (typeof v === "bigint") return Number(v);
      if (typeof v === "boolean") return v ? 1 : 0;
      if (v instanceof Tensor) {
        if (v.numel() !== 1) throw new PyException("ValueError", "only one element tensors can be converted to Python scalars");
        return this.ready(v)._data[0]!;
      }
      if (typeof v === "string") {
        const t = v.trim().toLowerCase();
        const x = t === "inf" || t === "+inf" ? Infinity : t === "-inf" ? -Infinity : t === "nan" ? NaN : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) ? Number(t) : undefined;
        if (x === undefined) throw new PyException("ValueError", `could not convert string to float: ${this.repr(v)}`);
        return x;
      }
      throw new PyException("TypeError", `float() argument must be a string or a real number, not '${typeName(v)}'`);
    };
    return {
      print: fn("print", (args, kw) => {
        const sep = kw.has("sep") ? this.str(kw.get("sep")!) : " ";
        const end = kw.has("end") ? this.str(kw.get("end")!) : "\n";
        const text = this.concat(args.map((a) => this.str(a)), sep) + end;
        checkPrinted(this.output, text);
        this.output += text;
        this.lineOutput += text;
        return null;
      }),
      range: fn("range", (args) => {
        const ints = args.map((a) => this.intOf(a, `'${typeName(a)}' object cannot be interpreted as an integer`));
        if (ints.length === 0 || ints.length > 3) throw new PyException("TypeError", `range expected at most 3 arguments, got ${ints.length}`);
        const [start, stop, step] = ints.length === 1 ? [0n, ints[0]!, 1n] : [ints[0]!, ints[1]!, ints[2] ?? 1n];
        if (step === 0n) throw new PyException("ValueError", "range() arg 3 must not be zero");
        return new PyRange(start, stop, step);
      }),
      len: fn("len", ([v]) => {
        if (v instanceof PyList || v instanceof PyTuple) return BigInt(v.items.length);
        if (typeof v === "string") return BigInt(v.length);
        if (v instanceof Tensor) {
          if (v.shape.length === 0) throw new PyException("TypeError", "len() of a 0-d tensor");
          return BigInt(v.shape[0]!);
        }
        throw new PyException("TypeError", `object of type '${typeName(v ?? null)}' has no len()`);
      }),
      float: fn("float", ([v]) => (v === undefined ? 0 : toFloat(v))),
      int: fn("int", ([v]) => {
        if (v === undefined) return 0n;
        if (typeof v === "bigint") return v;
        const x = toFloat(v);
        if (!Number.isFinite(x)) throw new PyException(Number.isNaN(x) ? "ValueError" : "OverflowError", Number.isNaN(x) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
        return BigInt(Math.trunc(x));
      }),
      abs: fn("abs", ([v]) => {
        if (typeof v === "bigint") return v < 0n ? -v : v;
        if (typeof v === "boolean") return v ? 1n : 0n;
        if (typeof v === "number") return Math.abs(v);
        if (v instanceof Tensor) throw new NotSupported("abs() of a tensor is outside the subset");
        throw new PyException("TypeError", `bad operand type for abs(): '${typeName(v ?? null)}'`);
      }),
      round: fn("round", ([v, n]) => {
        if (v instanceof Tensor) throw new PyException("TypeError", "type Tensor doesn't define __round__ method");
        if (typeof v === "bigint" || typeof v === "boolean") {
          const i = typeof v === "bigint" ? v : BigInt(v);
          if (n === undefined || n === null) return i;
          const d = Number(this.intOf(n, "'float' object cannot be interpreted as an integer"));
          if (d >= 0) return i;
          // round(1234, -2): to a multiple of 10^-d, ties to even.
          chargeIntOp("**", 10n, BigInt(-d));
          const unit = 10n ** BigInt(-d);
          const q = i / unit - (i % unit < 0n ? 1n : 0n);
          const r = i - q * unit;
          return (2n * r > unit || (2n * r === unit && q % 2n !== 0n) ? q + 1n : q) * unit;
        }
        const x = toFloat(v ?? null);
        if (n === undefined || n === null) {
          if (Number.isNaN(x)) throw new PyException("ValueError", "cannot convert float NaN to integer");
          if (!Number.isFinite(x)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
          return BigInt(roundHalfEven(x));
        }
        const d = Number(this.intOf(n, "'float' object cannot be interpreted as an integer"));
        if (!Number.isFinite(x)) return x;
        if (d >= 0) return Number(formatSpec(x, `.${d}f`));
        const unit = 10 ** -d;
        return roundHalfEven(x / unit) * unit;
      }),
      min: fn("min", (args) => this.extreme(args, "min")),
      max: fn("max", (args) => this.extreme(args, "max")),
      str: fn("str", ([v]) => (v === undefined ? "" : this.str(v))),
    };
  }
}

const COMPARISONS = new Set(["<", ">", "<=", ">=", "==", "!=", "is", "is not", "in", "not in"]);

/** Python's `is`: the same object (None, True and small ints are shared, so numbers compare by value). */
function same(a: PyValue, b: PyValue): boolean {
  return a === b;
}

function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function toPy(v: NestedNumbers): PyValue {
  if (typeof v === "number") return v;
  return new PyList((v as (number | number[])[]).map((x) => (typeof x === "number" ? x : new PyList(x))));
}

/** A Python error (ours, PyTorch's, a format error) as the trace records it; anything else is a bug and rethrown. */
function asProgramError(err: unknown): ProgramError | null {
  if (err instanceof Halt) throw err;
  if (err instanceof PyException || err instanceof TorchError || err instanceof FormatError) return { type: err.pyType, message: err.message };
  if (err instanceof NotSupported) return { type: "NotSupported", message: err.message };
  if (err instanceof WorkLimitExceeded) throw err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) return { type: "RecursionError", message: "maximum recursion depth exceeded" };
  return null;
}

/** A leaf that requires grad: a parameter the program trains. */
function isParameter(v: PyValue | number): v is Tensor {
  return v instanceof Tensor && v.isLeaf && v.requiresGrad;
}

function isNumber(v: PyValue): boolean {
  return typeof v === "number" || typeof v === "bigint";
}

function zerosLike(t: Tensor): Tensor {
  return zero_(tensor(t.tolist(), { dtype: t.dtype }));
}

/** Every node a backward from `root` reaches. */
function nodesOf(root: Node): Node[] {
  const seen = new Set<Node>();
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const next of n.next) if (next) stack.push(next);
  }
  return [...seen];
}

/** The leaves that require grad which a backward from `t` reaches. */
function leavesOf(t: Tensor): Tensor[] {
  if (t.isLeaf) return t.requiresGrad ? [t] : [];
  const out: Tensor[] = [];
  const seen = new Set<Node>();
  const stack: Node[] = [t._gradFn!];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n instanceof AccumulateGrad) out.push(n.variable);
    for (const next of n.next) if (next) stack.push(next);
  }
  return out;
}

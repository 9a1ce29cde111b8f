// The Tensor: a flat Float64Array with a shape, plus what autograd needs (requiresGrad, grad, grad_fn).
// Ops live in ./ops, one file per family; the methods below forward to them so that `w.mul(x)` and
// `mul(w, x)` are the same call, as `w * x` and `torch.mul(w, x)` are in PyTorch.

import { AccumulateGrad, type Node, runBackward } from "./autograd";
import { chargeWork } from "./work";
import { type Dtype, getDefaultDtype, rounder, scalarTypeName } from "./dtype";
import {
  formatSizes,
  TorchAttributeError,
  TorchRuntimeError,
  TorchTypeError,
  TorchValueError,
} from "./errors";
import { add, div, mul, type Operand, pow, sub } from "./ops/binary";
import { add_, mul_, sub_, zero_ } from "./ops/inplace";
import { matmul } from "./ops/matmul";
import { mean, sum } from "./ops/reduce";
import { exp, log, neg, reciprocal, relu, sigmoid, tanh } from "./ops/unary";

export type NestedNumbers = number | number[] | number[][];

/** The memory of a tensor, shared with its `detach()`ed aliases, with PyTorch's version counter. */
export interface Storage {
  data: Float64Array;
  version: number;
}

/** What creating any tensor costs beyond its elements, in units of work (measured: it dwarfs small tensors). */
const TENSOR_OVERHEAD = 100;

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export class Tensor {
  readonly shape: number[];
  readonly dtype: Dtype;
  /** A label for the UI (`w`, `y_pred`); not part of PyTorch's tensor. */
  name?: string;
  /** @internal */ readonly _storage: Storage;
  /** @internal */ _gradFn: Node | null = null;
  private _requiresGrad = false;
  private _grad: Tensor | null = null;
  private _acc: AccumulateGrad | null = null;

  /** @internal Use `tensor()`. */
  constructor(storage: Storage, shape: readonly number[], dtype: Dtype) {
    chargeWork(numelOf(shape) + TENSOR_OVERHEAD);
    this._storage = storage;
    this.shape = Object.freeze([...shape]) as number[];
    this.dtype = dtype;
  }

  /** @internal The values, row-major. Writing to it bypasses autograd; ops use `_write`. */
  get _data(): Float64Array {
    return this._storage.data;
  }

  /** @internal How many in-place changes the memory has seen (`tensor._version`). */
  get _version(): number {
    return this._storage.version;
  }

  // --- autograd state ---------------------------------------------------------------------------------

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  /** `t.requires_grad = …`: only on a leaf, as in PyTorch. */
  set requiresGrad(value: boolean) {
    if (this._gradFn) {
      throw new TorchRuntimeError(
        "you can only change requires_grad flags of leaf variables." +
          (value
            ? ""
            : " If you want to use a computed variable in a subgraph that doesn't require differentiation use " +
              "var_no_grad = var.detach()."),
      );
    }
    this._requiresGrad = value;
  }

  /** True for tensors not produced by a recorded op: parameters, data, anything made under noGrad. */
  get isLeaf(): boolean {
    return this._gradFn === null;
  }

  /** PyTorch's printed name of the function that produced this tensor, e.g. "MulBackward0"; null on a leaf. */
  get gradFn(): string | null {
    return this._gradFn?.name ?? null;
  }

  /**
   * PyTorch's `.grad`: null (None) until a backward pass reaches this leaf, then the sum of every gradient
   * backward has sent it. Stays null on a non-leaf unless `retainGrad()` was called.
   */
  get grad(): Tensor | null {
    return this._grad;
  }

  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!(g instanceof Tensor)) {
        throw new TorchTypeError(`assigned grad expected to be a Tensor or None but got grad of type ${typeof g}`);
      }
      if (g === this) throw new TorchRuntimeError("can't assign Variable as its own grad");
      if (g.dtype !== this.dtype) {
        throw new TorchRuntimeError(
          `attempting to assign a gradient with dtype '${scalarTypeName(g.dtype)}' to a tensor with dtype ` +
            `'${scalarTypeName(this.dtype)}'. Please ensure that the gradient and the tensor have the same dtype`,
        );
      }
      if (formatSizes(g.shape) !== formatSizes(this.shape)) {
        throw new TorchRuntimeError(
          `attempting to assign a gradient of size '${formatSizes(g.shape)}' to a tensor of size ` +
            `'${formatSizes(this.shape)}'. Please ensure that the gradient and the tensor are the same size`,
        );
      }
    }
    this._grad = g;
  }

  /** Keep `.grad` on this non-leaf tensor after backward (a no-op on a leaf that requires grad). */
  retainGrad(): void {
    if (!this._requiresGrad) throw new TorchRuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (this._gradFn) this._gradFn.retainedBy = this;
  }

  /** A new leaf sharing this tensor's memory, cut from the graph (`requiresGrad` false). */
  detach(): Tensor {
    const t = new Tensor(this._storage, this.shape, this.dtype);
    t.name = this.name;
    return t;
  }

  // --- values ---------------------------------------------------------------------------------------

  numel(): number {
    return this._storage.data.length;
  }

  /** The single value of a one-element tensor, as a JavaScript number (a float32 value widened exactly). */
  item(): number {
    const n = this.numel();
    if (n !== 1) throw new TorchRuntimeError(`a Tensor with ${n} elements cannot be converted to Scalar`);
    return this._data[0]!;
  }

  /** The values in row-major order, as a plain array (a copy). */
  flatValues(): number[] {
    const src = this._data;
    const out = new Array<number>(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i]!;
    return out;
  }

  /** The values as nested arrays (a plain number for a 0-d tensor). */
  tolist(): NestedNumbers {
    const d = this.flatValues();
    if (this.shape.length === 0) return d[0]!;
    if (this.shape.length === 1) return d;
    const cols = this.shape[1]!;
    return Array.from({ length: this.shape[0]! }, (_, i) => d.slice(i * cols, (i + 1) * cols));
  }

  // --- ops ------------------------------------------------------------------------------------------

  add(o: Operand): Tensor {
    return add(this, o);
  }
  sub(o: Operand): Tensor {
    return sub(this, o);
  }
  mul(o: Operand): Tensor {
    return mul(this, o);
  }
  div(o: Operand): Tensor {
    return div(this, o);
  }
  pow(o: Operand): Tensor {
    return pow(this, o);
  }
  neg(): Tensor {
    return neg(this);
  }
  exp(): Tensor {
    return exp(this);
  }
  log(): Tensor {
    return log(this);
  }
  tanh(): Tensor {
    return tanh(this);
  }
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  relu(): Tensor {
    return relu(this);
  }
  reciprocal(): Tensor {
    return reciprocal(this);
  }
  sum(): Tensor {
    return sum(this);
  }
  mean(): Tensor {
    return mean(this);
  }
  matmul(o: Tensor): Tensor {
    return matmul(this, o);
  }
  add_(o: Operand): Tensor {
    return add_(this, o);
  }
  sub_(o: Operand): Tensor {
    return sub_(this, o);
  }
  mul_(o: Operand): Tensor {
    return mul_(this, o);
  }
  zero_(): Tensor {
    return zero_(this);
  }

  // --- backward -------------------------------------------------------------------------------------

  /**
   * `tensor.backward(gradient=None, retain_graph=None)`: adds d(this)/d(leaf) into `.grad` of every leaf
   * that requires grad. Without `gradient`, this must hold a single value (the gradient is then 1).
   */
  backward(opts: { gradient?: Tensor; retainGraph?: boolean } = {}): void {
    const { gradient, retainGraph = false } = opts;
    let seed: Float64Array;
    if (gradient === undefined) {
      if (this._requiresGrad && this.numel() !== 1) {
        throw new TorchRuntimeError("grad can be implicitly created only for scalar outputs");
      }
      seed = new Float64Array(this.numel()).fill(1);
    } else {
      if (formatSizes(gradient.shape) !== formatSizes(this.shape)) {
        throw new TorchRuntimeError(
          `Mismatch in shape: grad_output[0] has a shape of torch.Size(${formatSizes(gradient.shape)}) and ` +
            `output[0] has a shape of torch.Size(${formatSizes(this.shape)}).`,
        );
      }
      seed = gradient._data.map(rounder(this.dtype));
    }
    if (!this._requiresGrad) {
      throw new TorchRuntimeError("element 0 of tensors does not require grad and does not have a grad_fn");
    }
    runBackward(this._gradFn ?? this._accumulator(), seed, this.dtype, retainGraph);
  }

  // --- internals used by autograd and the optimizers ------------------------------------------------

  /** @internal The AccumulateGrad node of a leaf that requires grad, created once. */
  _accumulator(): AccumulateGrad {
    this._acc ??= new AccumulateGrad(this);
    return this._acc;
  }

  /** @internal Called by `record`: this tensor is now the output of `node`. */
  _setGradFn(node: Node): void {
    const previous = this._gradFn;
    if (previous?.retainedBy === this) {
      // An in-place op moves retain_grad to the new grad_fn, as PyTorch does.
      previous.retainedBy = null;
      node.retainedBy = this;
    }
    this._gradFn = node;
    this._requiresGrad = true;
    node.output = this;
  }

  /** @internal AccumulateGrad: `.grad` is created on first use, then added to in place. */
  _accumulateGrad(g: Float64Array): void {
    if (this._grad === null) {
      this._grad = new Tensor({ data: g.slice(), version: 0 }, this.shape, this.dtype);
      return;
    }
    const r = rounder(this._grad.dtype);
    const old = this._grad._data;
    const sum = old.map((v, i) => r(v + g[i]!));
    this._grad._write(sum);
  }

  /** @internal retain_grad: a non-leaf's `.grad` is replaced by a new tensor each time (not in place). */
  _retainGrad(g: Float64Array): void {
    const r = rounder(this.dtype);
    const data = this._grad ? this._grad._data.map((v, i) => r(v + g[i]!)) : g.slice();
    this._grad = new Tensor({ data, version: 0 }, this.shape, this.dtype);
  }

  /** @internal `detach_()`: cut from the graph in place. */
  _detach_(): void {
    this._gradFn = null;
    this._requiresGrad = false;
  }

  /** @internal Overwrites the values in place and bumps the version counter. */
  _write(values: ArrayLike<number>): void {
    this._storage.data.set(values);
    this._storage.version++;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Creating tensors

function parse(data: unknown): { values: number[]; shape: number[] } {
  const element = (x: unknown): number => {
    if (typeof x === "number") return x;
    if (typeof x === "boolean") return x ? 1 : 0;
    throw new TorchTypeError(`must be real number, not ${Array.isArray(x) ? "list" : typeof x}`);
  };
  if (!Array.isArray(data)) return { values: [element(data)], shape: [] };
  if (data.length === 0 || !data.some(Array.isArray)) {
    return { values: data.map(element), shape: [data.length] };
  }
  const first = data[0] as unknown;
  if (!Array.isArray(first)) throw new TorchTypeError("must be real number, not list");
  const cols = first.length;
  const values: number[] = [];
  data.forEach((row: unknown) => {
    if (!Array.isArray(row)) throw new TorchTypeError(`must be real number, not ${typeof row}`);
    if (row.length !== cols) throw new TorchValueError(`expected sequence of length ${cols} at dim 1 (got ${row.length})`);
    for (const x of row as unknown[]) {
      if (Array.isArray(x)) throw new TorchValueError("tensor(): only 0-D, 1-D and 2-D data are supported");
      values.push(element(x));
    }
  });
  return { values, shape: [data.length, cols] };
}

/**
 * `torch.tensor(data, requires_grad=..., dtype=...)` for a number, a 1-D or a 2-D array. Always floating
 * point: float64 unless `dtype` or `setDefaultDtype` says float32.
 */
export function tensor(
  data: NestedNumbers,
  opts: { requiresGrad?: boolean; dtype?: Dtype; name?: string } = {},
): Tensor {
  const { values, shape } = parse(data);
  const dtype = opts.dtype ?? getDefaultDtype();
  const t = new Tensor({ data: Float64Array.from(values, rounder(dtype)), version: 0 }, shape, dtype);
  if (opts.requiresGrad) t.requiresGrad = true;
  if (opts.name !== undefined) t.name = opts.name;
  return t;
}

/** @internal A fresh tensor with no history, for op results. */
export function fromData(data: Float64Array, shape: readonly number[], dtype: Dtype): Tensor {
  return new Tensor({ data, version: 0 }, shape, dtype);
}

/**
 * `t.grad.zero_()`, the Python line. JavaScript has no `.grad` object to call on when it is null, so this
 * helper stands in for the line and fails as Python does: with `t.grad` None, Python raises
 * AttributeError ("'NoneType' object has no attribute 'zero_'"), not the TypeError one might expect.
 */
export function gradZero_(t: Tensor): Tensor {
  return gradAttr(t, "zero_").zero_();
}

/**
 * `t.grad`, about to be used as `t.grad.<attr>`: the grad, or the AttributeError Python raises when it
 * is None — e.g. `gradAttr(w, "item").item()` for `w.grad.item()` after `zero_grad()`.
 */
export function gradAttr(t: Tensor, attr: string): Tensor {
  if (t.grad === null) throw new TorchAttributeError(`'NoneType' object has no attribute '${attr}'`);
  return t.grad;
}

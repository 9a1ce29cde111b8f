// Elementwise binary ops with broadcasting: add, sub, mul, div, pow.
//
// Each op computes its result and, right beside it, the gradient of each operand. A gradient is computed
// per element of the (broadcast) result, then summed back to the operand's shape. Either operand may be a
// plain number, which plays the part of a Python scalar: it never gets a gradient and never changes the
// result's dtype.

import { needsGrad, record } from "../autograd";
import { type Dtype, resultType, type Round, rounder } from "../dtype";
import { TorchRuntimeError, TorchTypeError } from "../errors";
import { sumTo } from "../summation";
import { fromData, numelOf, type Tensor } from "../tensor";
import { reciprocal } from "./unary";

export type Operand = Tensor | number;

/** At least one operand is a tensor. */
export type BinaryOp = { (a: Tensor, b: Operand): Tensor; (a: number, b: Tensor): Tensor };

const shapeOf = (x: Operand): readonly number[] => (typeof x === "number" ? [] : x.shape);

/** The shape two shapes broadcast to, aligned from the right; a size 1 stretches. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const sa = a[a.length - n + i] ?? 1;
    const sb = b[b.length - n + i] ?? 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new TorchRuntimeError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
    }
    out.push(sa === 1 ? sb : sa);
  }
  return out;
}

/** For each element of a result of shape `to`, the index of the element of `from` it reads. */
function indexMap(from: readonly number[], to: readonly number[]): Int32Array | null {
  if (from.length === to.length && from.every((d, i) => d === to[i])) return null;
  const offset = to.length - from.length;
  const strides = to.map((_, d) => {
    const k = d - offset;
    if (k < 0 || from[k] === 1) return 0;
    let s = 1;
    for (let j = k + 1; j < from.length; j++) s *= from[j]!;
    return s;
  });
  const map = new Int32Array(numelOf(to));
  for (let i = 0; i < map.length; i++) {
    let rest = i;
    let index = 0;
    for (let d = to.length - 1; d >= 0; d--) {
      const size = to[d]!;
      const c = rest % size;
      rest = (rest - c) / size;
      index += c * strides[d]!;
    }
    map[i] = index;
  }
  return map;
}

/** Reads an operand at each element of the broadcast result, converted to the result's dtype. */
export type Reader = (i: number) => number;

export function reader(x: Operand, to: readonly number[], r: Round): Reader {
  if (typeof x === "number") {
    const v = r(x);
    return () => v;
  }
  const data = x._data;
  const map = indexMap(x.shape, to);
  return map ? (i) => r(data[map[i]!]!) : (i) => r(data[i]!);
}

/** The dtype of `a op b`. */
export function binaryDtype(a: Operand, b: Operand): Dtype {
  const tensors = [a, b].filter((x): x is Tensor => typeof x !== "number");
  return resultType(tensors.map((t) => ({ dtype: t.dtype, dims: t.shape.length })));
}

interface Elementwise {
  out: Tensor;
  x: Reader;
  y: Reader;
  r: Round;
}

function elementwise(a: Operand, b: Operand, f: (x: number, y: number) => number): Elementwise {
  if (typeof a === "number" && typeof b === "number") {
    throw new TorchTypeError("expected at least one Tensor operand, got two numbers");
  }
  const shape = broadcastShapes(shapeOf(a), shapeOf(b));
  const dtype = binaryDtype(a, b);
  const r = rounder(dtype);
  const x = reader(a, shape, r);
  const y = reader(b, shape, r);
  const data = new Float64Array(numelOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = r(f(x(i), y(i)));
  return { out: fromData(data, shape, dtype), x, y, r };
}

/** An operand's gradient: `local(i)` at each element of the result, summed back to the operand's shape. */
export function gradFor(x: Operand, out: Tensor, local: (i: number) => number): Float64Array {
  const g = new Float64Array(out.numel());
  for (let i = 0; i < g.length; i++) g[i] = local(i);
  return sumTo(g, out.shape, shapeOf(x), out.dtype);
}

/** The operands a backward formula reads: `other` when `self` needs a gradient, and vice versa. */
function savedForProduct(a: Operand, b: Operand): Operand[] {
  return [...(needsGrad(a) ? [b] : []), ...(needsGrad(b) ? [a] : [])];
}

// ---------------------------------------------------------------------------------------------------------

export const add: BinaryOp = (a: Operand, b: Operand): Tensor => {
  if (typeof a === "number") return add(b as Tensor, a); // `2 + x` runs as x.__radd__(2): x + 2
  const { out } = elementwise(a, b, (x, y) => x + y);
  // d(a+b)/da = d(a+b)/db = 1
  return record(out, "AddBackward0", [a, b], (g, [da, db]) => [
    da ? gradFor(a, out, (i) => g[i]!) : null,
    db ? gradFor(b, out, (i) => g[i]!) : null,
  ]);
};

export const sub: BinaryOp = (a: Operand, b: Operand): Tensor => {
  if (typeof a === "number") return rsub(b as Tensor, a);
  const { out } = elementwise(a, b, (x, y) => x - y);
  // d(a-b)/da = 1, d(a-b)/db = -1
  return record(out, "SubBackward0", [a, b], (g, [da, db]) => [
    da ? gradFor(a, out, (i) => g[i]!) : null,
    db ? gradFor(b, out, (i) => -g[i]!) : null,
  ]);
};

/** `2 - x` runs as x.__rsub__(2), which is torch.rsub: its own node, RsubBackward1. */
function rsub(t: Tensor, c: number): Tensor {
  const { out } = elementwise(c, t, (x, y) => x - y);
  return record(out, "RsubBackward1", [t], (g) => [gradFor(t, out, (i) => -g[i]!)]);
}

export const mul: BinaryOp = (a: Operand, b: Operand): Tensor => {
  if (typeof a === "number") return mul(b as Tensor, a); // `2 * x` runs as x * 2
  const { out, x, y, r } = elementwise(a, b, (x, y) => x * y);
  // d(ab)/da = b, d(ab)/db = a
  return record(
    out,
    "MulBackward0",
    [a, b],
    (g, [da, db]) => [
      da ? gradFor(a, out, (i) => r(g[i]! * y(i))) : null,
      db ? gradFor(b, out, (i) => r(g[i]! * x(i))) : null,
    ],
    savedForProduct(a, b),
  );
};

export const div: BinaryOp = (a: Operand, b: Operand): Tensor => {
  // `2 / x` runs as x.__rtruediv__(2), which PyTorch computes as x.reciprocal() * 2.
  if (typeof a === "number") return mul(reciprocal(b as Tensor), a);
  const { out, x, y, r } = elementwise(a, b, (x, y) => x / y);
  // d(a/b)/da = 1/b, d(a/b)/db = -a/b², computed as PyTorch does: -g * ((a / b) / b)
  return record(
    out,
    "DivBackward0",
    [a, b],
    (g, [da, db]) => [
      da ? gradFor(a, out, (i) => r(g[i]! / y(i))) : null,
      db ? gradFor(b, out, (i) => r(-g[i]! * r(r(x(i) / y(i)) / y(i)))) : null,
    ],
    [...(needsGrad(a) || needsGrad(b) ? [b] : []), ...(needsGrad(b) ? [a] : [])],
  );
};

/** C's pow (which PyTorch calls): unlike Math.pow, pow(1, NaN) and pow(-1, ±Infinity) are 1. */
function cPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return Math.pow(x, y);
}

/** `x ** e` as PyTorch's CPU kernel computes it, with its shortcuts for common exponents. */
export function powScalar(x: number, e: number, r: Round): number {
  if (e === 0) return 1;
  if (e === 1) return x;
  if (e === 0.5) return r(Math.sqrt(x));
  if (e === -0.5) return r(1 / r(Math.sqrt(x)));
  if (e === -1) return r(1 / x);
  if (e === 2) return r(x * x);
  if (e === 3) return r(r(x * x) * x);
  if (e === -2) return r(1 / r(x * x));
  return r(cPow(x, e));
}

export const pow: BinaryOp = (a: Operand, b: Operand): Tensor => {
  if (typeof a === "number") return powScalarBase(a, b as Tensor);
  if (typeof b === "number") return powScalarExponent(a, b);
  const { out, x, y, r } = elementwise(a, b, (x, y) => cPow(x, y));
  const result = out._data;
  // d(a^b)/da = b·a^(b-1) (0 where b = 0); d(a^b)/db = a^b·ln a (0 where a = 0 and b ≥ 0)
  return record(
    out,
    "PowBackward1",
    [a, b],
    (g, [da, db]) => [
      da ? gradFor(a, out, (i) => (y(i) === 0 ? 0 : r(g[i]! * r(y(i) * r(cPow(x(i), r(y(i) - 1))))))) : null,
      db
        ? gradFor(b, out, (i) =>
            r(g[i]! * (x(i) === 0 && y(i) >= 0 ? 0 : r(result[i]! * r(Math.log(x(i)))))),
          )
        : null,
    ],
    [a, b, ...(needsGrad(b) ? [out] : [])],
  );
};

/** `x ** 2`: PowBackward0. The exponent stays a double, as PyTorch passes it to the kernel. */
function powScalarExponent(t: Tensor, e: number): Tensor {
  const r = rounder(t.dtype);
  const { out, x } = elementwise(t, e, (x) => powScalar(x, e, r));
  // d(x^e)/dx = e·x^(e-1)
  return record(
    out,
    "PowBackward0",
    [t, e],
    (g) => [e === 0 ? new Float64Array(t.numel()) : gradFor(t, out, (i) => r(g[i]! * r(r(e) * powScalar(x(i), e - 1, r))))],
    [t],
  );
}

/** `2 ** x`: torch.pow(2, x), PowBackward2. */
function powScalarBase(c: number, t: Tensor): Tensor {
  const { out, y, r } = elementwise(c, t, (base, y) => (c === 1 ? 1 : cPow(base, y)));
  const result = out._data;
  // d(c^x)/dx = c^x·ln c (0 where c = 0 and x ≥ 0)
  return record(
    out,
    "PowBackward2",
    [t],
    (g) => [
      gradFor(t, out, (i) => r(g[i]! * (c === 0 && y(i) >= 0 ? 0 : r(result[i]! * r(Math.log(c)))))),
    ],
    [t, out],
  );
}

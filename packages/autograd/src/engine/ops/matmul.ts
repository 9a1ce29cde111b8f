// matmul, dispatched on the operands' dimensions as torch.matmul does, so the grad_fn is the one PyTorch
// prints: DotBackward0 (vector·vector), MvBackward0 (matrix·vector), MmBackward0 (matrix·matrix), and for
// vector·matrix an unsqueeze, an mm and an in-place squeeze (SqueezeBackward4).

import { needsGrad, record } from "../autograd";
import { type Dtype, type Round, rounder, scalarTypeName } from "../dtype";
import { TorchRuntimeError } from "../errors";
import { fromData, Tensor } from "../tensor";
import { chargeWork } from "../work";

/** Σ_k a(k)·b(k), one product and one addition at a time. */
function dotOf(n: number, a: (k: number) => number, b: (k: number) => number, r: Round): number {
  if (n === 0) return 0;
  // From the first product, not from 0: a single product of -0 stays -0 (an outer product's 0 · -2), as in PyTorch.
  let acc = r(a(0) * b(0));
  for (let k = 1; k < n; k++) acc = r(acc + r(a(k) * b(k)));
  return acc;
}

/** rows × cols result of Σ_k A(i, k)·B(k, j). */
function product(
  rows: number,
  cols: number,
  inner: number,
  a: (i: number, k: number) => number,
  b: (k: number, j: number) => number,
  r: Round,
): Float64Array {
  chargeWork(rows * cols * inner);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      out[i * cols + j] = dotOf(inner, (k) => a(i, k), (k) => b(k, j), r);
    }
  }
  return out;
}

function sameDtype(a: Tensor, b: Tensor): Dtype {
  if (a.dtype !== b.dtype) {
    throw new TorchRuntimeError(
      `expected m1 and m2 to have the same dtype, but got: ${scalarTypeName(a.dtype)} != ${scalarTypeName(b.dtype)}`,
    );
  }
  return a.dtype;
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.shape.length;
  const db = b.shape.length;
  if (da === 0 || db === 0) {
    throw new TorchRuntimeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) return squeezeFirst(mm(unsqueezeFirst(a), b));
  return mm(a, b);
}

function dot(a: Tensor, b: Tensor): Tensor {
  const n = a.numel();
  if (n !== b.numel()) {
    throw new TorchRuntimeError(
      `inconsistent tensor size, expected tensor [${n}] and src [${b.numel()}] to have the same number of ` +
        `elements, but got ${n} and ${b.numel()} elements respectively`,
    );
  }
  const dtype = sameDtype(a, b);
  const r = rounder(dtype);
  const [x, y] = [a._data, b._data];
  chargeWork(n);
  const out = fromData(Float64Array.of(dotOf(n, (k) => x[k]!, (k) => y[k]!, r)), [], dtype);
  // d(a·b)/da = b, d(a·b)/db = a
  return record(
    out,
    "DotBackward0",
    [a, b],
    (g, [ga, gb]) => [ga ? y.map((v) => r(g[0]! * v)) : null, gb ? x.map((v) => r(g[0]! * v)) : null],
    [...(needsGrad(a) ? [b] : []), ...(needsGrad(b) ? [a] : [])],
  );
}

function mv(m: Tensor, v: Tensor): Tensor {
  const [rows, cols] = m.shape as [number, number];
  if (v.numel() !== cols) {
    throw new TorchRuntimeError(`size mismatch, got input (${rows}), mat (${rows}x${cols}), vec (${v.numel()})`);
  }
  const dtype = sameDtype(m, v);
  const r = rounder(dtype);
  const [A, x] = [m._data, v._data];
  const out = fromData(product(rows, 1, cols, (i, k) => A[i * cols + k]!, (k) => x[k]!, r), [rows], dtype);
  // d(Ax)/dA = g ⊗ x (outer product), d(Ax)/dx = Aᵀg
  return record(
    out,
    "MvBackward0",
    [m, v],
    (g, [gm, gv]) => [
      gm ? product(rows, cols, 1, (i) => g[i]!, (_, j) => x[j]!, r) : null,
      gv ? product(cols, 1, rows, (j, i) => A[i * cols + j]!, (i) => g[i]!, r) : null,
    ],
    [...(needsGrad(m) ? [v] : []), ...(needsGrad(v) ? [m] : [])],
  );
}

function mm(a: Tensor, b: Tensor): Tensor {
  const [n, k] = a.shape as [number, number];
  const [k2, m] = b.shape as [number, number];
  if (k !== k2) throw new TorchRuntimeError(`mat1 and mat2 shapes cannot be multiplied (${n}x${k} and ${k2}x${m})`);
  const dtype = sameDtype(a, b);
  const r = rounder(dtype);
  const [A, B] = [a._data, b._data];
  const out = fromData(product(n, m, k, (i, p) => A[i * k + p]!, (p, j) => B[p * m + j]!, r), [n, m], dtype);
  // d(AB)/dA = g·Bᵀ, d(AB)/dB = Aᵀ·g
  return record(
    out,
    "MmBackward0",
    [a, b],
    (g, [ga, gb]) => [
      ga ? product(n, k, m, (i, j) => g[i * m + j]!, (j, p) => B[p * m + j]!, r) : null,
      gb ? product(k, m, n, (p, i) => A[i * k + p]!, (i, j) => g[i * m + j]!, r) : null,
    ],
    [...(needsGrad(a) ? [b] : []), ...(needsGrad(b) ? [a] : [])],
  );
}

/** `x.unsqueeze(0)`: a [1, n] view of the same memory. */
function unsqueezeFirst(t: Tensor): Tensor {
  const view = new Tensor(t._storage, [1, ...t.shape], t.dtype);
  return record(view, "UnsqueezeBackward0", [t], (g) => [g]);
}

/** `m.squeeze_(0)` on the [1, n] result of mm. */
function squeezeFirst(t: Tensor): Tensor {
  const view = new Tensor(t._storage, t.shape.slice(1), t.dtype);
  return record(view, "SqueezeBackward4", [t], (g) => [g]);
}

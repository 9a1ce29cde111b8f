// Indexing along the first dimension and the transpose of a matrix: `X[i:j]`, `X[i]`, `W.t()`.
// Each result is a copy of the selected values (PyTorch's are views; nothing in the subset writes through one),
// and its gradient is scattered back to the selected places.

import { record } from "../autograd";
import { TorchIndexError, TorchRuntimeError } from "../errors";
import { fromData, numelOf, type Tensor } from "../tensor";

/** The number of values in one entry along the first dimension. */
const rowSize = (t: Tensor) => numelOf(t.shape.slice(1));

/** `t[start:end]` with Python's rules for negative and out-of-range bounds (step 1). */
export function sliceRows(t: Tensor, start: number | null, end: number | null): Tensor {
  if (t.shape.length === 0) throw new TorchIndexError("slice() cannot be applied to a 0-dim tensor.");
  const n = t.shape[0]!;
  const clamp = (i: number) => Math.min(n, Math.max(0, i < 0 ? i + n : i));
  const from = start === null ? 0 : clamp(start);
  const to = Math.max(from, end === null ? n : clamp(end));
  const size = rowSize(t);
  const out = fromData(t._data.slice(from * size, to * size), [to - from, ...t.shape.slice(1)], t.dtype);
  return record(out, "SliceBackward0", [t], (g) => {
    const full = new Float64Array(t.numel());
    full.set(g, from * size);
    return [full];
  });
}

/**
 * `t[i]`: one entry along the first dimension, that dimension dropped (SelectBackward0; iterating a tensor,
 * `for row in X`, unbinds it: UnbindBackward0).
 */
export function selectRow(t: Tensor, index: number, name: "SelectBackward0" | "UnbindBackward0" = "SelectBackward0"): Tensor {
  if (t.shape.length === 0) throw new TorchIndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
  const n = t.shape[0]!;
  if (index < -n || index >= n) throw new TorchIndexError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
  const i = index < 0 ? index + n : index;
  const size = rowSize(t);
  const out = fromData(t._data.slice(i * size, (i + 1) * size), t.shape.slice(1), t.dtype);
  return record(out, name, [t], (g) => {
    const full = new Float64Array(t.numel());
    full.set(g, i * size);
    return [full];
  });
}

/** `t.t()` (TBackward0) / `t.T` (PermuteBackward0): a matrix transposed (a vector or a number unchanged). */
export function transpose(t: Tensor, name: "TBackward0" | "PermuteBackward0" = "TBackward0"): Tensor {
  if (t.shape.length > 2) throw new TorchRuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${t.shape.length}D`);
  if (t.shape.length < 2) return record(fromData(t._data.slice(), t.shape, t.dtype), name, [t], (g) => [g]);
  const [rows, cols] = t.shape as [number, number];
  const swap = (src: Float64Array, r: number, c: number) => {
    const out = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = src[i * c + j]!;
    return out;
  };
  const out = fromData(swap(t._data, rows, cols), [cols, rows], t.dtype);
  return record(out, name, [t], (g) => [swap(g, cols, rows)]);
}


/** `t.clone()`: a copy that stays in the graph. */
export function clone(t: Tensor): Tensor {
  return record(fromData(t._data.slice(), t.shape, t.dtype), "CloneBackward0", [t], (g) => [g]);
}

/**
 * `t.view(shape)` / `t.reshape(shape)` / `unsqueeze` / `squeeze` / `flatten`: the same values in another shape of at
 * most two dimensions (one size may be -1, worked out from the others). A copy here; its gradient goes back in the
 * input's shape.
 */
export function reshape(t: Tensor, shape: readonly number[], name: string): Tensor {
  const n = t.numel();
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) throw new TorchRuntimeError("only one dimension can be inferred");
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (shape.some((d) => d < -1)) throw new TorchRuntimeError(`invalid shape dimension ${shape.find((d) => d < -1)}`);
  const full = shape.map((d) => (d === -1 ? (known === 0 ? 0 : n / known) : d));
  if (full.some((d) => !Number.isInteger(d)) || numelOf(full) !== n) {
    throw new TorchRuntimeError(`shape '[${shape.join(", ")}]' is invalid for input of size ${n}`);
  }
  if (full.length > 2) throw new TorchRuntimeError(`tensors of more than two dimensions are outside the subset (shape [${full.join(", ")}])`);
  return record(fromData(t._data.slice(), full, t.dtype), name, [t], (g) => [g]);
}

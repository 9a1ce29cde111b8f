// Reductions over all elements: sum and mean, in the order PyTorch's CPU kernel adds (see ../summation).

import { record } from "../autograd";
import { rounder } from "../dtype";
import { innerSum } from "../summation";
import { fromData, type Tensor } from "../tensor";

export function sum(t: Tensor): Tensor {
  const x = t._data;
  const out = fromData(Float64Array.of(innerSum((i) => x[i]!, x.length, t.dtype)), [], t.dtype);
  // d(Σx)/dx_i = 1: the output's gradient, copied to every element
  return record(out, "SumBackward0", [t], (g) => [new Float64Array(x.length).fill(g[0]!)]);
}

export function mean(t: Tensor): Tensor {
  const x = t._data;
  const n = x.length;
  const r = rounder(t.dtype);
  // PyTorch's CPU mean is the sum divided by the count (0/0 = NaN for an empty tensor).
  const out = fromData(Float64Array.of(r(innerSum((i) => x[i]!, n, t.dtype) / n)), [], t.dtype);
  // d(Σx/n)/dx_i = 1/n
  return record(out, "MeanBackward0", [t], (g) => [new Float64Array(n).fill(r(g[0]! / n))]);
}

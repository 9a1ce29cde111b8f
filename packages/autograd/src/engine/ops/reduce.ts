// Reductions over all elements: sum and mean, in the order PyTorch's CPU kernel adds (see ../summation).

import { record } from "../autograd";
import { rounder } from "../dtype";
import { innerSum } from "../summation";
import { fromData, numelOf, type Tensor } from "../tensor";
import { broadcastShapes, reader } from "./binary";
import { sumTo } from "../summation";

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

/**
 * `F.mse_loss(input, target, reduction)`: the mean (or sum) of (input - target)², one op as in PyTorch
 * (MseLossBackward0), broadcasting the two. Its gradient is PyTorch's kernel's: norm · (input - target) · g, with
 * norm = 2/n for the mean and 2 for the sum.
 */
export function mseLoss(input: Tensor, target: Tensor, reduction: "mean" | "sum"): Tensor {
  const dtype = input.dtype === "float64" || target.dtype === "float64" ? "float64" : "float32";
  const r = rounder(dtype);
  const shape = broadcastShapes(input.shape, target.shape);
  const a = reader(input, shape, r);
  const b = reader(target, shape, r);
  const n = numelOf(shape);
  const diff = new Float64Array(n);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    diff[i] = r(a(i) - b(i));
    sq[i] = r(diff[i]! * diff[i]!);
  }
  const total = innerSum((i) => sq[i]!, n, dtype);
  const value = reduction === "mean" ? r(total / n) : total;
  const out = fromData(Float64Array.of(value), [], dtype);
  const norm = r(reduction === "mean" ? 2 / n : 2);
  return record(
    out,
    "MseLossBackward0",
    [input, target],
    (g, [gi, gt]) => {
      const local = Float64Array.from(diff, (d) => r(r(norm * d) * g[0]!));
      // Each operand's gradient, summed back to its own shape where it was broadcast.
      return [gi ? sumTo(local, shape, input.shape, dtype) : null, gt ? sumTo(local.map((v) => -v), shape, target.shape, dtype) : null];
    },
    [input, target],
  );
}

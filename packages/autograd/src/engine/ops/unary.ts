// Elementwise unary ops: neg, exp, log, tanh, sigmoid, relu, reciprocal.
// Each backward formula is written in the order PyTorch evaluates it, rounding after every step, so that a
// float32 gradient has the bits PyTorch's would.

import { record } from "../autograd";
import { type Round, rounder } from "../dtype";
import { fromData, type Tensor } from "../tensor";

function map(t: Tensor, f: (x: number, r: Round) => number): { out: Tensor; r: Round } {
  const r = rounder(t.dtype);
  const out = fromData(
    t._data.map((x) => r(f(x, r))),
    t.shape,
    t.dtype,
  );
  return { out, r };
}

export function neg(t: Tensor): Tensor {
  const { out } = map(t, (x) => -x);
  return record(out, "NegBackward0", [t], (g) => [g.map((v) => -v)]);
}

export function exp(t: Tensor): Tensor {
  const { out, r } = map(t, (x) => Math.exp(x));
  const y = out._data;
  // d(e^x)/dx = e^x, read from the saved result
  return record(out, "ExpBackward0", [t], (g) => [g.map((v, i) => r(v * y[i]!))], [out]);
}

export function log(t: Tensor): Tensor {
  const { out, r } = map(t, (x) => Math.log(x));
  const x = t._data;
  // d(ln x)/dx = 1/x
  return record(out, "LogBackward0", [t], (g) => [g.map((v, i) => r(v / x[i]!))], [t]);
}

export function tanh(t: Tensor): Tensor {
  const { out, r } = map(t, (x) => Math.tanh(x));
  const y = out._data;
  // d(tanh x)/dx = 1 - tanh²x
  return record(out, "TanhBackward0", [t], (g) => [g.map((v, i) => r(v * r(1 - r(y[i]! * y[i]!))))], [out]);
}

export function sigmoid(t: Tensor): Tensor {
  const { out, r } = map(t, (x, r) => 1 / r(1 + r(Math.exp(-x))));
  const y = out._data;
  // dσ/dx = σ(1 - σ), as PyTorch's kernel computes it: g * (1 - σ) * σ
  return record(out, "SigmoidBackward0", [t], (g) => [g.map((v, i) => r(r(v * r(1 - y[i]!)) * y[i]!))], [out]);
}

export function relu(t: Tensor): Tensor {
  // max(x, 0); NaN stays NaN, as in PyTorch.
  const { out } = map(t, (x) => (x > 0 || Number.isNaN(x) ? x : 0));
  const y = out._data;
  // 1 where the result is positive, else 0 — so the gradient at exactly 0 is 0.
  return record(out, "ReluBackward0", [t], (g) => [g.map((v, i) => (y[i]! <= 0 ? 0 : v))], [out]);
}

export function reciprocal(t: Tensor): Tensor {
  const { out, r } = map(t, (x) => 1 / x);
  const y = out._data;
  // d(1/x)/dx = -1/x², computed from the result: -g * y²
  return record(out, "ReciprocalBackward0", [t], (g) => [g.map((v, i) => r(-v * r(y[i]! * y[i]!)))], [out]);
}

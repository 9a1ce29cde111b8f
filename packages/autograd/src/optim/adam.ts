// torch.optim.Adam. The update rule of PyTorch's documentation, in the order its implementation
// (`_single_tensor_adam`) evaluates it, for one parameter θ with gradient ∇ at step t = 1, 2, …:
//
//   g ← ∇                              (−∇ when maximize)
//   g ← g + λθ                         if weight_decay λ ≠ 0
//   m ← m + (1 − β1)(g − m)            = β1·m + (1 − β1)·g, computed as exp_avg.lerp_(g, 1 − β1)
//   v ← β2·v + (1 − β2)·g·g
//   v_max ← max(v_max, v)              if amsgrad (then v_max replaces v below)
//   denom ← √v / √(1 − β2^t) + ε
//   θ ← θ − (γ / (1 − β1^t)) · m / denom
//
// This is θ − γ·m̂ / (√v̂ + ε) with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t). With amsgrad the implementation
// keeps the maximum of the raw v and bias-corrects it afterwards (older documentation pages took the
// maximum of v̂); this follows the implementation.

import { type Round, rounder } from "../engine/dtype";
import { pyFloat, TorchValueError } from "../engine/errors";
import { fromData, type Tensor } from "../engine/tensor";
import { Optimizer } from "./optimizer";

export interface AdamOptions {
  /** γ, default 1e-3. */
  lr?: number;
  /** (β1, β2), default (0.9, 0.999). */
  betas?: [number, number];
  /** ε, default 1e-8. */
  eps?: number;
  /** λ (L2 penalty added to the gradient), default 0. */
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

export interface AdamState {
  /** t, the number of steps taken with a gradient. */
  step: number;
  /** m, `exp_avg`. */
  expAvg: Tensor;
  /** v, `exp_avg_sq`. */
  expAvgSq: Tensor;
  /** v_max, `max_exp_avg_sq` (amsgrad only). */
  maxExpAvgSq: Tensor | null;
}

export class Adam extends Optimizer<AdamState> {
  readonly options: Required<AdamOptions>;

  constructor(params: Iterable<Tensor>, options: AdamOptions = {}) {
    super(params);
    const o: Required<AdamOptions> = {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
      ...options,
    };
    const [beta1, beta2] = o.betas;
    if (!(0 <= o.lr)) throw new TorchValueError(`Invalid learning rate: ${pyFloat(o.lr)}`);
    if (!(0 <= o.eps)) throw new TorchValueError(`Invalid epsilon value: ${pyFloat(o.eps)}`);
    if (!(0 <= beta1 && beta1 < 1)) throw new TorchValueError(`Invalid beta parameter at index 0: ${pyFloat(beta1)}`);
    if (!(0 <= beta2 && beta2 < 1)) throw new TorchValueError(`Invalid beta parameter at index 1: ${pyFloat(beta2)}`);
    if (!(0 <= o.weightDecay)) throw new TorchValueError(`Invalid weight_decay value: ${pyFloat(o.weightDecay)}`);
    this.options = o;
  }

  step(): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize } = this.options;
    const [beta1, beta2] = betas;
    for (const p of this.params) {
      if (p.grad === null) continue;
      const r: Round = rounder(p.dtype);
      const zeros = () => fromData(new Float64Array(p.numel()), p.shape, p.dtype);
      let state = this.state.get(p);
      if (!state) {
        state = { step: 0, expAvg: zeros(), expAvgSq: zeros(), maxExpAvgSq: amsgrad ? zeros() : null };
        this.state.set(p, state);
      }
      state.step += 1;
      const t = state.step;
      const theta = p._data;
      let g = p.grad._data.map((v) => (maximize ? -v : v));
      if (weightDecay !== 0) g = g.map((v, i) => r(v + r(r(weightDecay) * theta[i]!)));

      // lerp(m, g, w) as ATen computes it, in the form that is exact for small weights.
      const w = r(1 - beta1);
      const m = state.expAvg._data.map((mi, i) => {
        const diff = r(g[i]! - mi);
        return Math.abs(w) < 0.5 ? r(mi + r(w * diff)) : r(g[i]! - r(diff * r(1 - w)));
      });
      state.expAvg._write(m);
      const v = state.expAvgSq._data.map((vi, i) => r(r(vi * r(beta2)) + r(r(r(1 - beta2) * g[i]!) * g[i]!)));
      state.expAvgSq._write(v);

      // Python floats, computed in double whatever the parameter's dtype.
      const biasCorrection1 = 1 - beta1 ** t;
      const biasCorrection2 = 1 - beta2 ** t;
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);

      let second = v;
      if (state.maxExpAvgSq) {
        second = state.maxExpAvgSq._data.map((mx, i) => Math.max(mx, v[i]!)); // NaN wins, as in torch.maximum
        state.maxExpAvgSq._write(second);
      }
      const denom = second.map((s) => r(r(r(Math.sqrt(s)) / r(biasCorrection2Sqrt)) + r(eps)));
      p._write(theta.map((th, i) => r(th + r(r(r(-stepSize) * m[i]!) / denom[i]!))));
    }
  }
}

// torch.optim.SGD. The update rule of PyTorch's documentation, in the order its implementation
// (`_single_tensor_sgd`) evaluates it, for one parameter θ with gradient ∇:
//
//   g ← ∇                      (−∇ when maximize)
//   g ← g + λθ                 if weight_decay λ ≠ 0
//   b ← g                      first step with momentum μ ≠ 0
//   b ← μb + (1 − τ)g          later steps (τ = dampening)
//   g ← g + μb  (nesterov)  or  g ← b
//   θ ← θ − γg                 (γ = lr)
//
// The documentation applies maximize at the last line (θ + γg) instead of negating ∇ first; the two differ
// once weight decay is on, and this follows the implementation, which is what PyTorch computes.

import { type Round, rounder } from "../engine/dtype";
import { pyFloat, TorchValueError } from "../engine/errors";
import { fromData, type Tensor } from "../engine/tensor";
import { Optimizer } from "./optimizer";

export interface SGDOptions {
  /** γ, default 1e-3 (PyTorch 2.x). */
  lr?: number;
  /** μ, default 0. */
  momentum?: number;
  /** τ, default 0. */
  dampening?: number;
  /** λ (L2 penalty), default 0. */
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

export interface SGDState {
  /** `state[p]["momentum_buffer"]`: b, or null before the first step with a gradient. */
  momentumBuffer: Tensor | null;
}

export class SGD extends Optimizer<SGDState> {
  /** The options of the single parameter group; may be changed between steps (e.g. `lr`). */
  readonly options: Required<SGDOptions>;

  constructor(params: Iterable<Tensor>, options: SGDOptions = {}) {
    super(params);
    const o: Required<SGDOptions> = {
      lr: 1e-3,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      ...options,
    };
    if (o.lr < 0) throw new TorchValueError(`Invalid learning rate: ${pyFloat(o.lr)}`);
    if (o.momentum < 0) throw new TorchValueError(`Invalid momentum value: ${pyFloat(o.momentum)}`);
    if (o.weightDecay < 0) throw new TorchValueError(`Invalid weight_decay value: ${pyFloat(o.weightDecay)}`);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new TorchValueError("Nesterov momentum requires a momentum and zero dampening");
    }
    this.options = o;
  }

  step(): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = this.options;
    for (const p of this.params) {
      if (p.grad === null) continue;
      // Tensor arithmetic in the parameter's dtype; Python-float scalars are cast to it. Each `a.add(b, alpha=x)`
      // of the implementation is one fused multiply-add in PyTorch's CPU kernel: a + x·b rounded once (for float32
      // operands the product is exact in float64, so one rounding to float32 follows).
      const r: Round = rounder(p.dtype);
      const theta = p._data;
      let g = p.grad._data.map((v) => (maximize ? -v : v));
      if (weightDecay !== 0) g = g.map((v, i) => r(v + r(weightDecay) * theta[i]!));
      if (momentum !== 0) {
        let buf = this.state.get(p)?.momentumBuffer ?? null;
        if (buf === null) {
          buf = fromData(g.slice(), p.shape, p.dtype);
        } else {
          const b = buf._data;
          buf._write(b.map((v, i) => r(r(v * r(momentum)) + r(1 - dampening) * g[i]!)));
        }
        this.state.set(p, { momentumBuffer: buf });
        const b = buf._data;
        g = nesterov ? g.map((v, i) => r(v + r(momentum) * b[i]!)) : b.slice();
      }
      p._write(theta.map((v, i) => r(v + r(-lr) * g[i]!)));
    }
  }
}

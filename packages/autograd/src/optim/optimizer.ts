// What SGD and Adam share with torch.optim.Optimizer: the parameter list, per-parameter state, and
// zero_grad. There are no parameter groups: one set of options applies to every parameter.

import { TorchTypeError, TorchValueError } from "../engine/errors";
import { Tensor } from "../engine/tensor";

export abstract class Optimizer<State> {
  readonly params: readonly Tensor[];
  /** Per-parameter state (`optimizer.state[p]`), created at the first step that finds a gradient. */
  readonly state = new Map<Tensor, State>();

  constructor(params: Iterable<Tensor>) {
    const list = [...params];
    if (list.length === 0) throw new TorchValueError("optimizer got an empty parameter list");
    for (const p of list) {
      if (!(p instanceof Tensor)) {
        throw new TorchTypeError(`optimizer can only optimize Tensors, but one of the params is ${typeof p}`);
      }
      if (!p.isLeaf) throw new TorchValueError("can't optimize a non-leaf Tensor");
    }
    this.params = list;
  }

  /**
   * `optimizer.zero_grad(set_to_none=True)`. By default every `.grad` becomes null (None), as in PyTorch
   * 2.x; with `setToNone: false` each existing grad is filled with zeros in place.
   */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const p of this.params) {
      const g = p.grad;
      if (g === null) continue;
      if (setToNone) {
        p.grad = null;
      } else {
        g._detach_();
        g._write(new Float64Array(g.numel()));
      }
    }
  }

  /** Updates every parameter that has a gradient; a parameter whose `.grad` is null is skipped. */
  abstract step(): void;
}

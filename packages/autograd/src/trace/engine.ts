// The part of the engine the trace runner uses, through the engine's public entry, in one place.
import {
  exportGraph,
  gradZero_,
  noGrad,
  optim,
  tensor,
  TorchAttributeError,
  TorchError,
  TorchRuntimeError,
  TorchTypeError,
  type Graph,
  type Tensor,
} from "../engine/index";
import type { OptimizerSpec } from "../lesson/types";

export { exportGraph, gradZero_, noGrad, tensor, TorchAttributeError, TorchRuntimeError, TorchTypeError, type Graph, type Tensor };

export function isTorchError(e: unknown): e is TorchError {
  return e instanceof TorchError;
}

/** An optimizer over a fixed list of parameters, as the runner drives it. */
export interface Optimizer {
  readonly params: readonly Tensor[];
  step(): void;
  zeroGrad(opts: { setToNone: boolean }): void;
}

export function makeOptimizer(spec: OptimizerSpec, params: Tensor[]): Optimizer {
  if (spec.kind === "sgd") {
    return new optim.SGD(params, {
      lr: spec.lr,
      momentum: spec.momentum ?? 0,
      dampening: spec.dampening ?? 0,
      nesterov: spec.nesterov ?? false,
      weightDecay: spec.weightDecay ?? 0,
    });
  }
  return new optim.Adam(params, {
    lr: spec.lr,
    betas: spec.betas ?? [0.9, 0.999],
    eps: spec.eps ?? 1e-8,
    weightDecay: spec.weightDecay ?? 0,
  });
}

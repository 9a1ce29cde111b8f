/**
 * What a line of a program does where a misconception can act, as the interpreter notes it while running the
 * line: `optimizer.zero_grad()` is "zero_grad", `w.grad.zero_()` "grad_zero", `w.grad = …` "set_grad", a new
 * leaf that requires grad "param", `optimizer = torch.optim.SGD(…)` "optimizer", a tensor computed from
 * parameters "forward" (or "loss" when it is a scalar, or a mean or an MSE is taken), `loss.backward()`
 * "backward", `optimizer.step()` "step" (and "momentum" when the SGD has momentum), `w -= …` on a parameter
 * "update", and reading a non-leaf's `.grad` "read".
 */
export type LineKind =
  | "zero_grad"
  | "grad_zero"
  | "set_grad"
  | "param"
  | "optimizer"
  | "forward"
  | "loss"
  | "backward"
  | "step"
  | "momentum"
  | "update"
  | "read";

/**
 * How the interpreter deviates from PyTorch to reproduce what a student holding a misconception believes.
 * The truth is the empty rule set. Each field is read by exactly one kind of statement, named in its comment.
 */
export interface Rules {
  /** backward: `.grad` is replaced by this backward's gradient instead of being added to. */
  backwardOverwrites?: boolean;
  /** zero_grad: `optimizer.zero_grad()` writes zeros (PyTorch 1.x) instead of None. */
  zeroGradWritesZeros?: boolean;
  /** zero_grad / grad_zero: the zeroed parameters themselves are set to 0. */
  zeroingResetsParams?: boolean;
  /** zero_grad / grad_zero: the zeroed parameters go back to their value before the last step or update. */
  zeroingUndoesStep?: boolean;
  /** grad_zero: `w.grad.zero_()` on a None gradient gives a zero gradient instead of raising. */
  zeroNoneGradWorks?: boolean;
  /**
   * update: under `torch.no_grad()` the update does not happen; outside it, it does (no error), because the
   * student takes no_grad for the switch that stops updates.
   */
  noGradStopsUpdate?: boolean;
  /** update / step: `p += lr * grad` (the direction of the step is reversed). */
  updateSignFlipped?: boolean;
  /** update / step: the step is not multiplied by the learning rate. */
  updateForgetsLr?: boolean;
  /** update / step: the value shown right after the line is the parameter before it (the state does change). */
  reportsBeforeStep?: boolean;
  /** step: SGD moves by lr · grad, as if there were no momentum buffer. */
  momentumIgnored?: boolean;
  /** step: `.grad` is 0 after `optimizer.step()`. */
  stepClearsGrad?: boolean;
  /** backward: d(e²)/de = e, so every gradient is half the truth. */
  squareFactorForgotten?: boolean;
  /** loss / backward: a mean-reduced loss is summed, so it and its gradients are n times the truth. */
  sumInsteadOfMean?: boolean;
  /** backward: the bias of `w * X + b` gets the weight's gradient, Σ g·x instead of Σ g. */
  biasGradTimesX?: boolean;
  /** update: `w -= ...` outside `torch.no_grad()` does not raise. */
  leafUpdateAllowed?: boolean;
  /** read: a non-leaf tensor keeps its `.grad` after backward(). */
  nonLeafGradKept?: boolean;
  /** init / param: a new parameter's `.grad` is 0 instead of None. */
  gradStartsAtZero?: boolean;
  /** backward: a second backward() through the same graph works (and accumulates). */
  graphReusable?: boolean;
}

export const TRUTH: Readonly<Rules> = Object.freeze({});

/** The statements each rule is read by (the comments above, as data). */
export const RULE_OPS: Readonly<Record<keyof Rules, readonly LineKind[]>> = Object.freeze({
  backwardOverwrites: ["backward"],
  zeroGradWritesZeros: ["zero_grad"],
  zeroingResetsParams: ["zero_grad", "grad_zero"],
  zeroingUndoesStep: ["zero_grad", "grad_zero"],
  zeroNoneGradWorks: ["grad_zero"],
  noGradStopsUpdate: ["update"],
  updateSignFlipped: ["update", "step"],
  updateForgetsLr: ["update", "step"],
  reportsBeforeStep: ["update", "step"],
  momentumIgnored: ["momentum"],
  stepClearsGrad: ["step"],
  squareFactorForgotten: ["backward"],
  sumInsteadOfMean: ["loss", "backward"],
  biasGradTimesX: ["backward"],
  leafUpdateAllowed: ["update"],
  nonLeafGradKept: ["read"],
  gradStartsAtZero: ["param"],
  graphReusable: ["backward"],
});

/** Whether a line that does `kinds` runs differently under `rules` (when not, it runs as PyTorch runs it). */
export function rulesTouch(rules: Rules, kinds: readonly LineKind[]): boolean {
  for (const k of Object.keys(rules) as (keyof Rules)[]) if (rules[k] && RULE_OPS[k].some((op) => kinds.includes(op))) return true;
  return false;
}

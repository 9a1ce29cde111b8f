/**
 * Where a misconception changes how a program runs. The interpreter (`src/python/interpret.ts`) runs PyTorch's
 * semantics and, at each of these points, asks the hooks of the misconception a student holds how the student
 * believes the line goes on. A misconception is its entry in `library.ts`: its explanation and its hooks, side by
 * side; a new misconception that acts at these points is one new entry.
 *
 * Hooks take and return plain numbers (a tensor's values, row by row), never the interpreter's objects.
 */

/**
 * What a line does where a misconception can act, as the interpreter notes it while running the line:
 * `optimizer.zero_grad()` is "zero_grad", `w.grad.zero_()` "grad_zero", `w.grad = …` "set_grad", a new leaf that
 * requires grad "param", `optimizer = torch.optim.SGD(…)` "optimizer", a tensor computed from parameters
 * "forward" (or "loss" when it is a scalar, or a mean or an MSE is taken), `loss.backward()` "backward",
 * `optimizer.step()` "step" (and "momentum" when the SGD has momentum), `w -= …` on a parameter "update", and
 * reading a non-leaf's `.grad` "read".
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

type Values = readonly number[];

export interface Hooks {
  // --- a new parameter ---------------------------------------------------------------------------------------
  /** The `.grad` of a new leaf that requires grad, from its values (PyTorch: None). */
  newGrad?(values: Values): number[] | null;

  // --- the loss ----------------------------------------------------------------------------------------------
  /** How `.mean()` (and a mean-reduced MSE loss) reduces (PyTorch: the mean). */
  mean?: "sum";

  // --- backward() --------------------------------------------------------------------------------------------
  /** A factor on what backward() computes; `n` is how many values a mean loss averaged (1 otherwise). */
  gradientFactor?(n: number): number;
  /** A leaf's `.grad` after backward(), from its `.grad` before (null: None) and what backward() adds (PyTorch: the sum). */
  accumulate?(before: Values | null, added: Values): number[];
  /** What backward() adds to the bias of `w * X + b`, from what it adds to w and to b (PyTorch: the bias's own). */
  biasGradient?(weightAdded: Values, biasAdded: Values): number[];
  /** A second backward() through a graph PyTorch has freed works (PyTorch: RuntimeError). */
  reusesGraph?: boolean;

  // --- zeroing -----------------------------------------------------------------------------------------------
  /** Whether `optimizer.zero_grad(set_to_none=…)` leaves None, from what the code asks (PyTorch: as asked). */
  setToNone?(asked: boolean): boolean;
  /** A parameter's values after its gradient is zeroed, from its values and those before its last step (PyTorch: unchanged). */
  afterZeroing?(values: Values, beforeStep: Values | null): Values;
  /** `w.grad.zero_()` while `w.grad` is None gives a zero gradient (PyTorch: AttributeError). */
  zeroesNone?: boolean;
  /** What `w.grad.zero_()` leaves in `.grad`, from the gradient before (null: None; PyTorch: zeros in place). */
  gradZero?(grad: Values): number[] | null;

  // --- updates (`w -= …` on a parameter) and optimizer steps -------------------------------------------------
  /** Whether an update inside `torch.no_grad()` changes the parameter (PyTorch: it does). */
  updatesUnderNoGrad?: boolean;
  /** Whether an in-place update outside `torch.no_grad()` goes through (PyTorch: RuntimeError). */
  updatesOutsideNoGrad?: boolean;
  /** `w -= lr * w.grad` read without its number factor, the learning rate (PyTorch: as written). */
  dropsLearningRate?: boolean;
  /** The change an update or a step makes, from PyTorch's change and the learning rate (null for an update). */
  change?(delta: Values, lr: number | null): number[];
  /** SGD's step ignores the momentum buffer: p − lr·(grad + weight_decay·p) (PyTorch: with the buffer). */
  ignoresMomentum?: boolean;
  /** A parameter's `.grad` after `optimizer.step()` (PyTorch: unchanged). */
  gradAfterStep?(grad: Values): number[];
  /** The value shown right after an update or a step is the one before it (the state does change). */
  showsValueBefore?: boolean;

  // --- reading -----------------------------------------------------------------------------------------------
  /** A non-leaf tensor keeps the `.grad` backward() computed for it (PyTorch: None). */
  keepsNonLeafGrad?: boolean;
}

/** The truth: PyTorch, no hook. */
export const NO_HOOKS: Readonly<Hooks> = Object.freeze({});

/** The kinds of line each hook acts on (the comments above, as data). */
export const HOOK_KINDS: Readonly<Record<keyof Hooks, readonly LineKind[]>> = Object.freeze({
  newGrad: ["param"],
  mean: ["loss"],
  gradientFactor: ["backward"],
  accumulate: ["backward"],
  biasGradient: ["backward"],
  reusesGraph: ["backward"],
  setToNone: ["zero_grad"],
  afterZeroing: ["zero_grad", "grad_zero"],
  zeroesNone: ["grad_zero"],
  gradZero: ["grad_zero"],
  updatesUnderNoGrad: ["update"],
  updatesOutsideNoGrad: ["update"],
  dropsLearningRate: ["update"],
  change: ["update", "step"],
  ignoresMomentum: ["momentum"],
  gradAfterStep: ["step"],
  showsValueBefore: ["update", "step"],
  keepsNonLeafGrad: ["read"],
});

/** Whether a line that does `kinds` runs differently under `hooks` (when not, it runs as PyTorch runs it). */
export function hooksTouch(hooks: Readonly<Hooks>, kinds: readonly LineKind[]): boolean {
  for (const k of Object.keys(hooks) as (keyof Hooks)[]) if (hooks[k] !== undefined && HOOK_KINDS[k].some((kind) => kinds.includes(kind))) return true;
  return false;
}

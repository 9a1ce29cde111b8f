/**
 * A lesson is a training program written as data: a dataset, the model's parameters with their initial values,
 * a loss, an optimizer, and the ordered statements of each iteration. Every statement names the line of
 * `source` (the PyTorch program the lesson stands for) that the UI highlights while it runs.
 *
 * The zod schema in `src/schema.ts` mirrors these types exactly; a type-level test keeps them equal.
 */

import type { NestedNumbers } from "../engine/index";

/** A scalar, a vector or a matrix, as PyTorch's `torch.tensor(...)` takes it (the engine's type). */
export type { NestedNumbers };

export type Reduction = "mean" | "sum";

/**
 * Mean squared error: `scale * ((pred - y) ** 2).mean()` (or `.sum()`).
 * `scale: 0.5` is the ½·MSE of textbooks; a loss statement may override both fields (e.g. `scale: 1 / k`
 * for gradient accumulation over k micro-batches).
 */
export interface LossSpec {
  kind: "mse";
  reduction: Reduction;
  scale?: number;
}

export type OptimizerSpec =
  | {
      kind: "sgd";
      lr: number;
      momentum?: number;
      dampening?: number;
      nesterov?: boolean;
      weightDecay?: number;
      /** Parameters it is built over; default: every parameter of `params`. */
      params?: string[];
      /** Source line of `optimizer = ...`, for highlighting. */
      line?: number;
    }
  | {
      kind: "adam";
      lr: number;
      betas?: [number, number];
      eps?: number;
      weightDecay?: number;
      params?: string[];
      line?: number;
    };

/** A leaf tensor created with `requires_grad=True` before iteration 1. */
export interface ParamSpec {
  name: string;
  value: NestedNumbers;
  line?: number;
}

export type Activation = "none" | "sigmoid" | "tanh" | "relu";

/**
 * One statement of an iteration = one line of PyTorch. Names default to the usual ones
 * (`w`, `b`, `X`, `y_pred`, `loss`), so most statements are just `{ "op": ..., "line": n }`.
 */
export type Statement =
  /** `optimizer.zero_grad()`; PyTorch 2.x default `set_to_none=True` leaves `.grad` as `None`. */
  | { op: "zero_grad"; line: number; setToNone?: boolean }
  /** `w.grad.zero_()`: zeroes in place; raises AttributeError while `w.grad` is `None`. */
  | { op: "grad_zero"; line: number; param: string }
  /** `w.grad = None` or `w.grad = torch.tensor(-40.0)`. */
  | { op: "set_grad"; line: number; param: string; value: NestedNumbers | null; from?: QuestionRef }
  /** `w = torch.tensor(0.4, requires_grad=True)`: (re)binds a name to a fresh leaf, `.grad` is `None`. */
  | { op: "param"; line: number; name: string; value: NestedNumbers; from?: QuestionRef }
  /** `optimizer = optim.SGD([...], ...)` with the lesson's optimizer settings, over `params`. */
  | { op: "optimizer"; line: number; params?: string[] }
  /**
   * `out = act(weight * input + bias)` (kind "affine", scalar weight) or `out = act(input @ weight + bias)`
   * (kind "dense"). `batch: [start, end]` slices the rows of X (and, for the loss, of y): `X[start:end]`.
   */
  | {
      op: "forward";
      line: number;
      kind?: "affine" | "dense";
      weight?: string;
      bias?: string;
      input?: string;
      out?: string;
      activation?: Activation;
      batch?: [number, number];
    }
  /** `loss = scale * ((pred - y) ** 2).mean()`; reduction and scale default to the lesson's loss. */
  | { op: "loss"; line: number; pred?: string; out?: string; reduction?: Reduction; scale?: number }
  /** `loss.backward()`: adds d loss / d p to `p.grad` of every leaf p in the graph. */
  | { op: "backward"; line: number; loss?: string; retainGraph?: boolean }
  /** `optimizer.step()`. */
  | { op: "step"; line: number }
  /** `w -= lr * w.grad`, inside `with torch.no_grad():` when `noGrad` is true. */
  | { op: "update"; line: number; param: string; noGrad: boolean }
  /** `print(q)` or `print(q.item())`: shows a quantity (e.g. a non-leaf's `.grad`) at this line. */
  | { op: "read"; line: number; quantity: string; item?: boolean };

export type StatementOp = Statement["op"];

export interface Iteration {
  /** Prefix of checkpoint ids, e.g. "it2a"; default "it<n>" (n from 1). Lower-case letters, digits, "_". */
  id?: string;
  label: string;
  statements: Statement[];
}

/**
 * A quantity at a checkpoint, e.g. { "it2.s5", "w.grad" }: a question chosen by the lesson's author, or, as a
 * statement's `from`, where a literal the code writes out comes from (the seed's `w_no_zero = torch.tensor(0.4,
 * ...)` is w after iteration 1). `value` must equal it; a variant of the lesson recomputes it.
 */
export interface QuestionRef {
  checkpoint: string;
  quantity: string;
}

export interface KnownMistake {
  /** Lower-case letters, digits and "-"; graded as the misconception id "known:<id>". */
  id: string;
  checkpoint: string;
  quantity: string;
  value: number;
  title: string;
  explanation: string;
}

export interface Lesson {
  /** Lower-case letters, digits and "-". */
  id: string;
  title: string;
  /** One paragraph for students. */
  summary: string;
  teacherNotes: string;
  /** The PyTorch program, one string per line. */
  source: string[];
  /** The inputs `X` and targets `y`. */
  data: { X: NestedNumbers; y: NestedNumbers };
  /** The model's parameters, created before iteration 1. */
  params: ParamSpec[];
  loss: LossSpec;
  /** The `lr` of hand-written updates (`w -= lr * w.grad`). */
  lr?: number;
  optimizer?: OptimizerSpec;
  iterations: Iteration[];
  /** The default questions; when absent they are chosen automatically (see `suggestQuestions`). */
  questions?: QuestionRef[];
  /**
   * Wrong values that a source students read states (a printed walkthrough, a well-known tutorial), each with
   * why it is wrong: a student who answers one is told so, as with a misconception.
   */
  knownMistakes?: KnownMistake[];
  /** Default "float64"; "float32" rounds like PyTorch's default dtype does. */
  dtype?: "float64" | "float32";
}

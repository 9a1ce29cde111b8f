/**
 * The Python values a training loop handles, beside the engine's tensors: Python ints are bigints and floats
 * are numbers (so `1` and `1.0` print as Python prints them), lists, tuples (torch.Size is one), modules,
 * built-in functions, and the few torch objects of the subset (nn.Linear, the MSE loss, SGD and Adam).
 */
import type { Tensor } from "../engine/tensor";
import type { Adam } from "../optim/adam";
import type { SGD } from "../optim/sgd";

export type PyValue =
  | number
  | bigint
  | boolean
  | string
  | null
  | Tensor
  | PyList
  | PyTuple
  | PyModule
  | PyBuiltin
  | PyRange
  | NoGradContext
  | LinearModule
  | MSELossModule
  | OptimizerObject
  | GradFnObject
  | DtypeObject
  | OpaqueObject;

export class PyList {
  constructor(public items: PyValue[]) {}
}

/** A tuple; `size` marks a torch.Size (it prints as `torch.Size([5])`). */
export class PyTuple {
  constructor(
    readonly items: PyValue[],
    readonly size = false,
  ) {}
}

export class PyModule {
  constructor(
    readonly name: string,
    readonly members: Record<string, PyValue>,
  ) {}
}

export type Kwargs = Map<string, PyValue>;

export class PyBuiltin {
  constructor(
    readonly name: string,
    readonly call: (args: PyValue[], kwargs: Kwargs) => PyValue,
  ) {}
}

export class PyRange {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {}
  *[Symbol.iterator](): Generator<bigint> {
    for (let i = this.start; this.step > 0n ? i < this.stop : i > this.stop; i += this.step) yield i;
  }
}

/** `torch.no_grad()`: the context of a with statement. */
export class NoGradContext {
  readonly kind = "no_grad";
}

/** `nn.Linear(in, out)`: PyTorch's weights are random, so Descent's are unset until the program sets them. */
export class LinearModule {
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    readonly weight: Tensor,
    readonly bias: Tensor | null,
  ) {}
}

export class MSELossModule {
  constructor(readonly reduction: "mean" | "sum") {}
}

export class OptimizerObject {
  constructor(
    readonly name: "SGD" | "Adam",
    readonly optimizer: SGD | Adam,
  ) {}
}

/** `t.grad_fn`: printed as `<MulBackward0 object>` (PyTorch adds a memory address). */
export class GradFnObject {
  constructor(readonly name: string) {}
}

/** An object the program may hold but not look into (the generator `torch.manual_seed` returns). */
export class OpaqueObject {
  constructor(readonly name: string) {}
}

export class DtypeObject {
  constructor(readonly dtype: "float32" | "float64") {}
}

/** A Python exception the program raised: its class and message, as the last line of a traceback reads. */
export class PyException extends Error {
  constructor(
    readonly pyType: string,
    message: string,
  ) {
    super(message);
    this.name = pyType;
  }
}

/**
 * Something the program does that Python would run but Descent does not (an integer tensor, a random weight used
 * before it is set): refused with what to write instead, never run wrongly.
 */
export class NotSupported extends Error {
  readonly pyType = "NotSupported";
}

export function typeName(v: PyValue): string {
  if (v === null) return "NoneType";
  switch (typeof v) {
    case "number":
      return "float";
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
    case "string":
      return "str";
  }
  if (v instanceof PyList) return "list";
  if (v instanceof PyTuple) return v.size ? "torch.Size" : "tuple";
  if (v instanceof PyModule) return "module";
  if (v instanceof PyBuiltin) return "builtin_function_or_method";
  if (v instanceof PyRange) return "range";
  if (v instanceof NoGradContext) return "no_grad";
  if (v instanceof LinearModule) return "Linear";
  if (v instanceof MSELossModule) return "MSELoss";
  if (v instanceof OptimizerObject) return v.name;
  if (v instanceof GradFnObject) return v.name;
  if (v instanceof DtypeObject) return "torch.dtype";
  if (v instanceof OpaqueObject) return v.name;
  return "Tensor";
}

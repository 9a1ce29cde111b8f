import { TorchTypeError } from "./errors";

// Floating-point types. Every value is stored as a double; a float32 tensor stores only doubles that are
// exactly representable in float32, because every result is rounded with Math.fround. For +, -, *, / and
// sqrt, rounding the exact double result to float32 gives the same bits as computing in float32, so a
// float32 tensor shows the numbers PyTorch's default dtype would print.

export type Dtype = "float64" | "float32";

let defaultDtype: Dtype = "float64";

/** Like `torch.set_default_dtype`: the dtype of tensors created without an explicit one. */
export function setDefaultDtype(d: Dtype): void {
  if (d !== "float64" && d !== "float32") {
    throw new TorchTypeError("only floating-point types are supported as the default type");
  }
  defaultDtype = d;
}

export function getDefaultDtype(): Dtype {
  return defaultDtype;
}

export type Round = (x: number) => number;
const exact: Round = (x) => x;

/** The rounding applied to every result computed in dtype `d`. */
export function rounder(d: Dtype): Round {
  return d === "float32" ? Math.fround : exact;
}

/** PyTorch's name for a tensor type, as it appears in some messages. */
export function legacyTypeName(d: Dtype): string {
  return d === "float32" ? "torch.FloatTensor" : "torch.DoubleTensor";
}

/** ATen's name for the scalar type: `float`, `double`. */
export function scalarTypeName(d: Dtype): string {
  return d === "float32" ? "float" : "double";
}

/**
 * The dtype of an op's result (torch.result_type). Operands with dimensions outrank zero-dimensional
 * tensors, which outrank plain numbers; only within the highest-ranked group does float64 win over
 * float32. So a float32 vector times a float64 scalar tensor stays float32, as in PyTorch.
 */
export function resultType(operands: readonly { dtype: Dtype; dims: number }[]): Dtype {
  let withDims: Dtype | null = null;
  let zeroDim: Dtype | null = null;
  for (const o of operands) {
    if (o.dims > 0) withDims = withDims === "float64" ? withDims : o.dtype;
    else zeroDim = zeroDim === "float64" ? zeroDim : o.dtype;
  }
  return withDims ?? zeroDim ?? defaultDtype;
}

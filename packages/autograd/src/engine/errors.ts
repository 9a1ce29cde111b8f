// The exceptions PyTorch raises, as typed errors. `pyType` is the Python exception class and `message` is
// PyTorch's own wording, so `String(err)` reads like the last line of a Python traceback:
// "RuntimeError: grad can be implicitly created only for scalar outputs".

export type PyErrorType = "RuntimeError" | "TypeError" | "AttributeError" | "ValueError" | "IndexError";

export class TorchError extends Error {
  readonly pyType: PyErrorType;
  constructor(pyType: PyErrorType, message: string) {
    super(message);
    this.pyType = pyType;
    this.name = pyType;
  }
}

export class TorchRuntimeError extends TorchError {
  constructor(message: string) {
    super("RuntimeError", message);
  }
}

export class TorchTypeError extends TorchError {
  constructor(message: string) {
    super("TypeError", message);
  }
}

export class TorchAttributeError extends TorchError {
  constructor(message: string) {
    super("AttributeError", message);
  }
}

export class TorchIndexError extends TorchError {
  constructor(message: string) {
    super("IndexError", message);
  }
}

export class TorchValueError extends TorchError {
  constructor(message: string) {
    super("ValueError", message);
  }
}

/** How Python's `repr` prints a float (`0.01`, `1e-05`, `-1.0`), for messages that embed an argument. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // JavaScript and Python agree on the shortest digits; they differ on when to switch to exponent form.
  const [mantissa = "", exp = "0"] = x.toExponential().split("e");
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const m = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
    return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const fixed = x.toFixed(Math.max(0, (mantissa.split(".")[1]?.length ?? 0) - e));
  return fixed.includes(".") ? fixed : `${fixed}.0`;
}

/** A shape as ATen prints sizes in messages: `[2, 3]`, `[]`. */
export function formatSizes(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

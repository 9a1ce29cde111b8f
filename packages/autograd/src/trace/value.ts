/** What a quantity holds after a statement, or what the statement raised. */
export type Value =
  | { kind: "number"; value: number }
  /** 1-D, or a 2-D tensor flattened row by row; `shape` says which. */
  | { kind: "vector"; value: number[]; shape: number[] }
  /** PyTorch's None. */
  | { kind: "none" }
  /** The statement raises; `message` is PyTorch's wording. */
  | { kind: "error"; pyType: string; message: string };

/** What a student submits. */
export type Answer =
  | { kind: "number"; value: number }
  | { kind: "vector"; value: number[] }
  | { kind: "none" }
  | { kind: "error" };

export type AnswerKind = Answer["kind"];

export const NONE: Value = Object.freeze({ kind: "none" }) as Value;

export function numbersValue(data: readonly number[], shape: readonly number[]): Value {
  return shape.length === 0
    ? { kind: "number", value: data[0] ?? Number.NaN }
    : { kind: "vector", value: [...data], shape: [...shape] };
}

export function errorValue(pyType: string, message: string): Value {
  return { kind: "error", pyType, message };
}

/** The numbers a numeric value holds; null for None and errors. */
export function numbersOf(v: Value | Answer): number[] | null {
  switch (v.kind) {
    case "number":
      return [v.value];
    case "vector":
      return v.value;
    default:
      return null;
  }
}

/** Exact equality up to floating-point noise: "the mutant gives the truth here". */
export function sameValue(a: Value, b: Value, eps = 1e-9): boolean {
  if (a.kind === "error" || b.kind === "error") return a.kind === b.kind;
  if (a.kind === "none" || b.kind === "none") return a.kind === b.kind;
  const x = numbersOf(a);
  const y = numbersOf(b);
  if (!x || !y || x.length !== y.length) return false;
  return x.every((xi, i) => {
    const yi = y[i] as number;
    return xi === yi || Math.abs(xi - yi) <= eps * Math.max(1, Math.abs(xi), Math.abs(yi));
  });
}

/** A short text for reports and prompts: `-30.48`, `[0.52, 0.92]`, `None`, `AttributeError`. */
export function formatValue(v: Value, digits = 6): string {
  const num = (x: number) => {
    if (!Number.isFinite(x)) return String(x);
    const r = Number(x.toPrecision(digits));
    return Object.is(r, -0) ? "0" : String(r);
  };
  switch (v.kind) {
    case "number":
      return num(v.value);
    case "vector":
      return `[${v.value.map(num).join(", ")}]`;
    case "none":
      return "None";
    case "error":
      return `${v.pyType}: ${v.message}`;
  }
}

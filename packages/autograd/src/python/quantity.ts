/**
 * A checkpoint's quantity as an answer key holds values (no imports beyond types: a page may use it without loading
 * the interpreter).
 */
import type { Value } from "../trace/value";
import type { Quantity } from "./interpret";

/** A quantity as an answer key holds it; strings, booleans, lists and unset weights are not asked. */
export function valueOfQuantity(q: Quantity | undefined): Value | null {
  if (!q) return null;
  switch (q.kind) {
    case "tensor":
      return q.shape.length === 0 ? { kind: "number", value: q.values[0]! } : { kind: "vector", value: q.values, shape: q.shape };
    case "number":
      return { kind: "number", value: q.value };
    case "none":
      return { kind: "none" };
    default:
      return null;
  }
}


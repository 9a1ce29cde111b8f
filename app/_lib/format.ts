import type { Value } from "@descent/autograd";
import type { AnswerInput } from "@/server/protocol/events";

/**
 * The numbers the answer form shows as examples. They must not be answers of any lesson (a test checks every
 * value of every built-in lesson), or a hint would give the answer away.
 */
export const NUMBER_EXAMPLES = [-2.5, 0.125] as const;
export const VECTOR_EXAMPLE = [1.5, -2.75, 0.0625] as const;

/** A number as a student would write it: up to 6 significant digits, no float noise. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = Number(n.toPrecision(6)).toString();
  return s === "-0" ? "0" : s;
}

export function formatValue(v: Value): string {
  switch (v.kind) {
    case "number":
      return formatNumber(v.value);
    case "vector":
      if (v.shape.length === 2) {
        const [rows, cols] = v.shape as [number, number];
        const out: string[] = [];
        for (let r = 0; r < rows; r++) out.push(`[${v.value.slice(r * cols, r * cols + cols).map(formatNumber).join(", ")}]`);
        return `[${out.join(", ")}]`;
      }
      return `[${v.value.map(formatNumber).join(", ")}]`;
    case "none":
      return "None";
    case "error":
      return `raises ${v.pyType}`;
  }
}

export function formatAnswer(a: AnswerInput): string {
  switch (a.kind) {
    case "number":
      return formatNumber(a.value);
    case "vector":
      return `[${a.value.map(formatNumber).join(", ")}]`;
    case "none":
      return "None";
    case "error":
      return "raises an error";
  }
}

/** Parses what a student typed: "−30.48", "1e-3", "0,52" is not accepted as a decimal comma in a scalar. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/[\u2212\u2013]/g, "-").replace(/\s+/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** "[0.52, 0.92, 1.32]" or "0.52 0.92 1.32" → numbers. */
export function parseVector(text: string): number[] | null {
  const parts = text
    .replace(/[[\]()]/g, " ")
    .split(/[,;\s]+/)
    .filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  const out: number[] = [];
  for (const p of parts) {
    const n = parseNumber(p);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

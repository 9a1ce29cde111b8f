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

export type Read = { ok: true; value: number } | { ok: false; message: string };

const EXAMPLE = `e.g. ${NUMBER_EXAMPLES.join(" or ")}`;

/**
 * Reads a number as a student types it on any keyboard: "−30.48" (a typographic minus), "22,6" (a decimal
 * comma), "1e-3" or "1.5E+2" (scientific notation), spaces anywhere. Each bad entry gets its own message.
 */
export function readNumber(text: string): Read {
  let t = text.replace(/[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g, "-").replace(/[\s\u00A0\u202F]+/g, "");
  if (t === "") return { ok: false, message: `Type a number, ${EXAMPLE}.` };
  if (t.includes(",") && t.includes(".")) return { ok: false, message: "Use a point or a comma for the decimals, not both." };
  if ((t.match(/,/g) ?? []).length > 1) return { ok: false, message: "A number has at most one decimal comma." };
  t = t.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) {
    if (/^[-+]?$/.test(t)) return { ok: false, message: "Type the digits after the sign." };
    if (/[eE]/.test(t)) return { ok: false, message: "Write scientific notation as 1.5e-3 (e, then the power of ten)." };
    return { ok: false, message: `That is not a number: use digits, one decimal point or comma, and a minus sign, ${EXAMPLE}.` };
  }
  const n = Number(t);
  if (!Number.isFinite(n)) return { ok: false, message: "That number is too large to be a value of this lesson." };
  return { ok: true, value: n };
}

/** Toggles the sign of what is typed (the ± key: some phone keypads have no minus). */
export function toggleSign(text: string): string {
  const t = text.trimStart();
  if (t.startsWith("-") || t.startsWith("\u2212")) return t.slice(1);
  return `-${t.startsWith("+") ? t.slice(1) : t}`;
}

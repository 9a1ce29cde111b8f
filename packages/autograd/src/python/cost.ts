/**
 * What a lesson's Python may allocate, charged to the engine's work meter before the allocation happens: a
 * program controls widths, repetition counts and exponents, so a one-line lesson could otherwise build a string
 * or an int of hundreds of megabytes (and every class message would carry it). One unit per character or per
 * 64-bit word, as a tensor element is one unit.
 */
import { chargeWork, exceedLimit } from "../engine/work";
import { PyException } from "./values";

/** One printed line: a tensor's repr wraps at 80 columns, so no teaching lesson comes near this. */
export const MAX_PRINTED_LINE = 2_000;
/** Everything one run prints: every class message carries the console so far, so it stays a few kB. */
export const MAX_PRINTED = 8_000;
/** Python's own limit (sys.get_int_max_str_digits()) on converting an int to decimal text. */
export const MAX_INT_DIGITS = 4_300;

/** Text of `length` characters is about to be built. */
export function chargeText(length: number): void {
  chargeWork(Math.max(0, length));
}

function words(bits: number): number {
  return Math.max(1, Math.ceil(bits / 64));
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : (n < 0n ? -n : n).toString(16).length * 4;
}

/**
 * A big-int operation about to run: its result's size in words, times the log of it (multiplication of big ints
 * is about n log n), so that `10 ** 30000000` is refused before it is computed while any int of a real lesson
 * costs nothing beyond one unit.
 */
export function chargeIntOp(op: string, a: bigint, b: bigint): void {
  const la = bitLength(a);
  const lb = bitLength(b);
  let bits: number;
  if (op === "**") {
    if (b < 0n || la <= 1) return;
    // The exponent may itself be huge: compare before converting it to a float.
    bits = b > 1_000_000_000_000n ? Number.POSITIVE_INFINITY : Number(b) * la;
  } else if (op === "*") bits = la + lb;
  else bits = Math.max(la, lb);
  if (bits <= 64) return;
  const w = words(bits);
  chargeWork(w * Math.ceil(Math.log2(w + 1)));
}

/** Python's str() of an int: refused past 4,300 digits as Python refuses it. */
export function intText(n: bigint): string {
  // The bit length bounds the digits without building them (a million-digit int is never converted).
  const bits = bitLength(n);
  const atLeast = Math.floor((bits - 1) * Math.LOG10E * Math.LN2) + 1;
  const text = atLeast > MAX_INT_DIGITS ? null : n.toString();
  if (text === null || text.replace("-", "").length > MAX_INT_DIGITS) {
    throw new PyException("ValueError", `Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
  }
  return text;
}

/** Output about to be printed on top of `printed` characters: refused past a line's or a run's cap. */
export function checkPrinted(printed: string, text: string): void {
  if (printed.length + text.length > MAX_PRINTED) {
    exceedLimit(`it prints more than ${MAX_PRINTED.toLocaleString("en-US")} characters in all (Descent shows at most that much of a lesson's output): print fewer values or fewer times`);
  }
  const lastLine = printed.slice(printed.lastIndexOf("\n") + 1);
  const longest = Math.max(...(lastLine + text).split("\n").map((l) => l.length));
  if (longest > MAX_PRINTED_LINE) {
    exceedLimit(`it prints a line of more than ${MAX_PRINTED_LINE.toLocaleString("en-US")} characters (Descent shows at most that much on one line): print fewer or shorter values, or a smaller format width`);
  }
}

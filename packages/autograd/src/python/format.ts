/**
 * How Python and PyTorch print values: `str()` of numbers and lists, the format mini-language of f-strings
 * (`{x:.4f}`), and PyTorch's tensor repr (`tensor(0.4000, requires_grad=True)`, `tensor([-40.])`).
 */
import { pyFloat } from "../engine/errors";
import type { Tensor } from "../engine/tensor";

/** Python's ValueError for a bad format spec (raised by the interpreter as Python would). */
export class FormatError extends Error {
  constructor(
    readonly pyType: "ValueError" | "TypeError",
    message: string,
  ) {
    super(message);
  }
}

/**
 * `x` to `digits` decimals as Python's `'{:.Nf}'` does: the exact binary value rounded, ties to even (JavaScript's
 * toFixed breaks exact ties upwards).
 */
export function toFixedPy(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  let s = Math.abs(x) >= 1e21 ? BigInt(Math.round(x)).toString() + (digits > 0 ? `.${"0".repeat(digits)}` : "") : x.toFixed(digits);
  // An exact tie (x * 10^digits ends in .5 exactly) rounds to even.
  const scaled = Math.abs(x) * 10 ** digits;
  if (digits <= 20 && Number.isFinite(scaled) && scaled % 1 === 0.5 && exactTie(Math.abs(x), digits)) {
    const down = Math.floor(scaled);
    if (down % 2 === 0) s = (x < 0 ? "-" : "") + withPoint(String(down), digits);
  }
  if (Object.is(x, -0) || (x < 0 && /^-?[0.]+$/.test(s) && !s.startsWith("-"))) s = `-${s.replace(/^-/, "")}`;
  return s;
}

function withPoint(digitsText: string, decimals: number): string {
  if (decimals === 0) return digitsText;
  const padded = digitsText.padStart(decimals + 1, "0");
  return `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

/** Whether x (a double) is exactly halfway between two numbers with `digits` decimals. */
function exactTie(x: number, digits: number): boolean {
  // x is exactly k + 0.5 units of 10^-digits iff x * 2 * 10^digits is an odd integer, computed exactly with BigInt
  // from x's binary expansion.
  const [mant, exp] = binary(x);
  // x = mant * 2^exp; x * 2 * 10^d = mant * 2^(exp+1) * 10^d
  let num = mant * 10n ** BigInt(digits);
  let e = exp + 1;
  while (e < 0 && num % 2n === 0n) {
    num /= 2n;
    e++;
  }
  if (e < 0) return false;
  num *= 2n ** BigInt(e);
  return num % 2n === 1n;
}

function binary(x: number): [bigint, number] {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return expBits === 0 ? [frac, -1074] : [frac | (1n << 52n), expBits - 1075];
}

/** Python's `'{:.Ne}'`: one digit, N decimals, exponent of at least two digits. */
export function toExpPy(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const [m, e] = x.toExponential(digits).split("e") as [string, string];
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

/** Python's `'{:.Ng}'` (general format). */
function toGeneralPy(x: number, precision: number, alternate = false): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const exp = Number(x.toExponential(p - 1).split("e")[1]);
  let s = exp >= -4 && exp < p ? toFixedPy(x, p - 1 - exp) : toExpPy(x, p - 1);
  if (!alternate) {
    s = s.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
  }
  return s;
}

/** Python's format(value, spec) for numbers and strings: [[fill]align][sign][#][0][width][,|_][.precision][type]. */
export function formatSpec(value: number | bigint | string | boolean, spec: string): string {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(spec);
  if (!m) throw new FormatError("ValueError", `Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
  const [, fillChar, alignChar, sign = "-", alt, zero, widthText, grouping, precText, type] = m;
  const width = widthText ? Number(widthText) : 0;
  const precision = precText === undefined ? undefined : Number(precText);
  let body: string;
  if (typeof value === "string") {
    if (type && type !== "s") throw new FormatError("ValueError", `Unknown format code '${type}' for object of type 'str'`);
    body = precision === undefined ? value : value.slice(0, precision);
    return pad(body, width, fillChar ?? (zero ? "0" : " "), alignChar ?? "<");
  }
  const v = typeof value === "boolean" ? BigInt(value) : value;
  if (typeof v === "bigint" && (type === undefined || type === "d" || type === "n")) {
    if (precision !== undefined) throw new FormatError("ValueError", "Precision not allowed in integer format specifier");
    body = group((v < 0n ? -v : v).toString(), grouping);
    return finish(body, v < 0n, sign, width, fillChar, alignChar, zero);
  }
  if (typeof v === "number" && type === "d") throw new FormatError("ValueError", "Unknown format code 'd' for object of type 'float'");
  const x = Number(v);
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  switch (type) {
    case "f":
    case "F":
      body = toFixedPy(a, precision ?? 6);
      break;
    case "e":
    case "E":
      body = toExpPy(a, precision ?? 6);
      break;
    case "g":
    case "G":
      body = toGeneralPy(a, precision ?? 6, !!alt);
      break;
    case "%":
      body = `${toFixedPy(a * 100, precision ?? 6)}%`;
      break;
    case undefined:
      body = precision === undefined ? (typeof v === "bigint" ? a.toString() : pyFloat(a)) : toGeneralPy(a, precision, !!alt);
      // Without a type, a float keeps at least one digit after the point: format(1.0, ".3") is "1.0".
      if (precision !== undefined && typeof v === "number" && /^\d+$/.test(body)) body += ".0";
      break;
    default:
      throw new FormatError("ValueError", `Unknown format code '${type}' for object of type '${typeName(value)}'`);
  }
  if (type === "E" || type === "G" || type === "F") body = body.toUpperCase();
  if (grouping) {
    const int = body.split(/(?=[.e%])/, 1)[0]!;
    body = group(int, grouping) + body.slice(int.length);
  }
  return finish(body, neg && !Number.isNaN(x), sign, width, fillChar, alignChar, zero);
}

function group(digits: string, sep: string | undefined): string {
  if (!sep) return digits;
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function finish(body: string, negative: boolean, sign: string, width: number, fill: string | undefined, align: string | undefined, zero: string | undefined): string {
  const signText = negative ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
  if (!align && zero) return signText + body.padStart(width - signText.length, "0");
  if (align === "=") return signText + body.padStart(width - signText.length, fill ?? " ");
  return pad(signText + body, width, fill ?? " ", align ?? ">");
}

function pad(s: string, width: number, fill: string, align: string): string {
  const n = width - [...s].length;
  if (n <= 0) return s;
  if (align === "<") return s + fill.repeat(n);
  if (align === "^") return fill.repeat(Math.floor(n / 2)) + s + fill.repeat(Math.ceil(n / 2));
  return fill.repeat(n) + s;
}

function typeName(v: unknown): string {
  return typeof v === "string" ? "str" : typeof v === "bigint" ? "int" : typeof v === "boolean" ? "bool" : "float";
}

// --- PyTorch's tensor repr (torch/_tensor_str.py, default print options: precision 4, linewidth 80) ----------

/** How every element of a tensor is printed: PyTorch picks one format for the whole tensor. */
function elementFormatter(values: number[]): (x: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const intMode = finite.every((v) => Math.ceil(v) === v);
  const nonzero = finite.map(Math.abs).filter((v) => v !== 0);
  let sci = false;
  if (nonzero.length > 0) {
    const max = Math.max(...nonzero);
    const min = Math.min(...nonzero);
    sci = intMode ? max > 1e8 : max / min > 1000 || max > 1e8 || min < 1e-4;
  }
  const fmt = (v: number) => {
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    if (sci) return toExpPy(v, 4);
    if (intMode) return `${toFixedPy(v, 0)}.`;
    return toFixedPy(v, 4);
  };
  const width = Math.max(0, ...values.map((v) => fmt(v).length));
  return (v) => fmt(v).padStart(width);
}

/** `repr(t)` / `str(t)` as PyTorch prints a float tensor of the default dtype. */
export function tensorRepr(t: Tensor, suffix: string[]): string {
  const values = t.flatValues();
  const f = elementFormatter(values);
  const prefix = "tensor(";
  let body: string;
  if (t.shape.length === 0) body = f(values[0]!).trim();
  else if (t.shape.length === 1) body = vector(values.map(f), prefix.length);
  else {
    const cols = t.shape[1]!;
    const rows = Array.from({ length: t.shape[0]! }, (_, i) => vector(values.slice(i * cols, (i + 1) * cols).map(f), prefix.length + 1));
    body = rows.length === 0 ? "[]" : `[${rows.join(`,\n${" ".repeat(prefix.length + 1)}`)}]`;
  }
  if (values.length === 0) body = t.shape.length === 1 ? "[]" : body;
  return `${prefix}${body}${suffix.map((s) => `, ${s}`).join("")})`;
}

/** `[a, b, c]`, wrapped at PyTorch's line width of 80 like its summarised printing does. */
function vector(items: string[], indent: number): string {
  if (items.length === 0) return "[]";
  const width = items[0]!.length;
  const perLine = Math.max(1, Math.floor((80 - indent) / (width + 2)));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
  return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
}

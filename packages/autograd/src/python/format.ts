/**
 * How Python and PyTorch print values: `str()` of numbers and lists, the format mini-language of f-strings
 * (`{x:.4f}`), and PyTorch's tensor repr (`tensor(0.4000, requires_grad=True)`, `tensor([-40.])`).
 */
import { pyFloat } from "../engine/errors";
import type { Tensor } from "../engine/tensor";
import { chargeWork } from "../engine/work";
import { intText } from "./cost";

/** Python's ValueError for a bad format spec (raised by the interpreter as Python would). */
export class FormatError extends Error {
  constructor(
    readonly pyType: "ValueError" | "TypeError",
    message: string,
  ) {
    super(message);
  }
}

/** The exact decimal value of a finite double: its digits and where the point goes (value = digits · 10^-scale). */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const [mant, exp] = expBits === 0 ? [frac, -1074] : [frac | (1n << 52n), expBits - 1075];
  // mant · 2^exp = mant · 5^-exp / 10^-exp for a negative exponent.
  return exp >= 0 ? { digits: mant << BigInt(exp), scale: 0 } : { digits: mant * 5n ** BigInt(-exp), scale: -exp };
}

/** digits · 10^-scale rounded to `keep` decimals, ties to even (Python rounds the exact binary value). */
function roundDecimal(digits: bigint, scale: number, keep: number): bigint {
  if (keep >= scale) return digits * 10n ** BigInt(keep - scale);
  const unit = 10n ** BigInt(scale - keep);
  const q = digits / unit;
  const r = digits % unit;
  const twice = 2n * r;
  return twice > unit || (twice === unit && q % 2n === 1n) ? q + 1n : q;
}

function withPoint(digitsText: string, decimals: number): string {
  if (decimals === 0) return digitsText;
  const padded = digitsText.padStart(decimals + 1, "0");
  return `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

const special = (x: number) => (Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf");
const sign = (x: number) => (x < 0 || Object.is(x, -0) ? "-" : "");

/** Formatted floats, by digits and value: a lesson prints the same values in every misconception's run. */
const fixedCache = new Map<string, string>();

/** Python's `'{:.Nf}'`: the exact binary value rounded to N decimals, ties to even. */
export function toFixedPy(x: number, digits: number): string {
  const key = `${digits}:${Object.is(x, -0) ? "-0" : x}`;
  const known = fixedCache.get(key);
  if (known !== undefined) return known;
  const text = toFixedExact(x, digits);
  if (fixedCache.size >= 4096) fixedCache.clear();
  fixedCache.set(key, text);
  return text;
}

function toFixedExact(x: number, digits: number): string {
  if (!Number.isFinite(x)) return special(x);
  const { digits: d, scale } = exactDecimal(x);
  return sign(x) + withPoint(roundDecimal(d, scale, digits).toString(), digits);
}

/** Python's `'{:.Ne}'`: one digit before the point, N after, ties to even, an exponent of at least two digits. */
export function toExpPy(x: number, digits: number): string {
  if (!Number.isFinite(x)) return special(x);
  if (x === 0) return `${sign(x)}${withPoint("0".repeat(digits + 1), digits)}e+00`;
  const { digits: d, scale } = exactDecimal(x);
  // The decimal exponent of the leading digit, then N + 1 significant digits (a carry may add one: 9.99 → 10.0).
  let e = d.toString().length - 1 - scale;
  let m = roundDecimal(d, scale, digits - e);
  if (m.toString().length > digits + 1) {
    e += 1;
    m = roundDecimal(d, scale, digits - e);
  }
  return `${sign(x)}${withPoint(m.toString(), digits)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** Python's `'{:.Ng}'` (general format). */
function toGeneralPy(x: number, precision: number, alternate = false): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const exp = Number(toExpPy(x, p - 1).split("e")[1]);
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
  const [, fillChar, alignChar, signOption = "-", alt, zero, widthText, grouping, precText, type] = m;
  const width = widthText ? Number(widthText) : 0;
  const precision = precText === undefined ? undefined : Number(precText);
  // A width or precision is text about to be built (and, for a float, digits computed): charged first, so that
  // `{1.0:>200000000}` is refused before 200 MB exist.
  chargeWork(width + (precision ?? 0));
  let body: string;
  if (typeof value === "string") {
    if (type && type !== "s") throw new FormatError("ValueError", `Unknown format code '${type}' for object of type 'str'`);
    body = precision === undefined ? value : value.slice(0, precision);
    return pad(body, width, fillChar ?? (zero ? "0" : " "), alignChar ?? "<");
  }
  const v = typeof value === "boolean" ? BigInt(value) : value;
  if (typeof v === "bigint" && (type === undefined || "dnxXob".includes(type))) {
    if (precision !== undefined) throw new FormatError("ValueError", "Precision not allowed in integer format specifier");
    const radix = type === "x" || type === "X" ? 16 : type === "o" ? 8 : type === "b" ? 2 : 10;
    body = group(radix === 10 ? intText(v < 0n ? -v : v) : (v < 0n ? -v : v).toString(radix), grouping);
    if (type === "X") body = body.toUpperCase();
    if (alt && radix !== 10) body = `0${type}${body}`;
    return finish(body, v < 0n, signOption, width, fillChar, alignChar, zero);
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
  return finish(body, neg && !Number.isNaN(x), signOption, width, fillChar, alignChar, zero);
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

// --- PyTorch's tensor repr (torch/_tensor_str.py, default print options: precision 4, linewidth 80, threshold
// 1000 elements, 3 edge items) ----------------------------------------------------------------------------------

const LINEWIDTH = 80;
const THRESHOLD = 1000;
const EDGE = 3;

/** PyTorch's _Formatter: one format for the whole tensor, from its nonzero finite values. */
class Formatter {
  private intMode = true;
  private sciMode = false;
  readonly width: number = 1;

  constructor(values: number[]) {
    const shown = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (shown.length === 0) return;
    const abs = shown.map(Math.abs);
    const max = Math.max(...abs);
    const min = Math.min(...abs);
    this.intMode = shown.every((v) => Math.ceil(v) === v);
    this.sciMode = max / min > 1000 || max > 1e8 || (!this.intMode && min < 1e-4);
    const widthOf = (v: number) => (this.sciMode ? toExpPy(v, 4).length : this.intMode ? toFixedPy(v, 0).length + 1 : toFixedPy(v, 4).length);
    this.width = Math.max(1, ...shown.map(widthOf));
  }

  format(v: number): string {
    let out: string;
    if (this.sciMode) out = toExpPy(v, 4);
    else if (this.intMode) out = Number.isFinite(v) ? `${toFixedPy(v, 0)}.` : toFixedPy(v, 0);
    else out = toFixedPy(v, 4);
    return out.padStart(this.width);
  }
}

/** The values PyTorch's formatter sees: all, or the edges of a summarised tensor. */
function summarised(values: number[], shape: readonly number[], summarize: boolean): number[] {
  if (!summarize) return values;
  const edges = <T>(xs: T[]) => (xs.length > 2 * EDGE ? [...xs.slice(0, EDGE), ...xs.slice(-EDGE)] : xs);
  if (shape.length === 1) return edges(values);
  const cols = shape[1]!;
  const rows = Array.from({ length: shape[0]! }, (_, i) => values.slice(i * cols, (i + 1) * cols));
  return edges(rows).flatMap(edges);
}

function vectorText(values: number[], f: Formatter, indent: number, summarize: boolean): string {
  const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / (f.width + 2)));
  const data = summarize && values.length > 2 * EDGE ? [...values.slice(0, EDGE).map((v) => f.format(v)), " ...", ...values.slice(-EDGE).map((v) => f.format(v))] : values.map((v) => f.format(v));
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(", "));
  return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
}

/** PyTorch's _add_suffixes: a suffix goes on a new line when the last line would pass the line width. */
function withSuffixes(text: string, suffixes: string[], indent: number): string {
  let out = text;
  let last = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (last + suffix.length + 2 > LINEWIDTH) {
      out += `,\n${" ".repeat(indent)}${suffix}`;
      last = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      last += suffix.length + 2;
    }
  }
  return `${out})`;
}

/** `repr(t)` / `str(t)` as PyTorch prints a float tensor. */
export function tensorRepr(t: Tensor, suffixes: string[]): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const values = t.flatValues();
  const shape = t.shape;
  const extra = [...suffixes];
  let body: string;
  if (values.length === 0) {
    body = "[]";
    if (shape.length !== 1) extra.unshift(`size=(${shape.join(", ")})`);
  } else {
    const summarize = values.length > THRESHOLD;
    const f = new Formatter(summarised(values, shape, summarize));
    if (shape.length === 0) body = f.format(values[0]!).trim();
    else if (shape.length === 1) body = vectorText(values, f, indent, summarize);
    else {
      const cols = shape[1]!;
      let rows = Array.from({ length: shape[0]! }, (_, i) => vectorText(values.slice(i * cols, (i + 1) * cols), f, indent + 1, summarize));
      if (summarize && rows.length > 2 * EDGE) rows = [...rows.slice(0, EDGE), "...", ...rows.slice(-EDGE)];
      body = `[${rows.join(`,\n${" ".repeat(indent + 1)}`)}]`;
    }
  }
  return withSuffixes(prefix + body, extra, indent);
}

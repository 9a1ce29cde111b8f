/**
 * Python's numbers and their text: ints are bigints and floats numbers (an int and a float make a float), with
 * Python's rules for division, floor division, modulo and powers, its rounding, and its repr of floats and strings.
 */
import { NotSupported, PyException } from "./values";

export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Python numbers: ints are bigints, floats are numbers; an int and a float make a float. */
export function numberArith(op: string, a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === "bigint" && typeof b === "bigint") {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        if (b === 0n) throw new PyException("ZeroDivisionError", "division by zero");
        return Number(a) / Number(b);
      case "//": {
        if (b === 0n) throw new PyException("ZeroDivisionError", "integer division or modulo by zero");
        const q = a / b;
        return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
      }
      case "%": {
        if (b === 0n) throw new PyException("ZeroDivisionError", "integer division or modulo by zero");
        const m = a % b;
        return m !== 0n && (m < 0n) !== (b < 0n) ? m + b : m;
      }
      case "**":
        if (b >= 0n) return a ** b;
        if (a === 0n) throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        return Number(a) ** Number(b);
      default:
        throw new PyException("TypeError", `unsupported operand type(s) for ${op}: 'int' and 'int'`);
    }
  }
  const x = Number(a);
  const y = Number(b);
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      if (y === 0) throw new PyException("ZeroDivisionError", "float division by zero");
      return x / y;
    case "//":
      if (y === 0) throw new PyException("ZeroDivisionError", "float floor division by zero");
      return floatDivmod(x, y)[0];
    case "%":
      if (y === 0) throw new PyException("ZeroDivisionError", "float modulo");
      return floatDivmod(x, y)[1];
    case "**":
      if (x === 0 && y < 0) throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
      if (x < 0 && !Number.isInteger(y)) throw new NotSupported("a negative number to a fractional power is a complex number, outside the subset");
      return x ** y;
    default:
      throw new PyException("TypeError", `unsupported operand type(s) for ${op}: 'float' and 'float'`);
  }
}

/** Python's repr of a string: single quotes unless the text holds one and no double quote; escapes shown. */
export function stringRepr(v: string): string {
  const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** Python's float divmod (Objects/floatobject.c): from fmod, so that 1 // 0.1 is 9.0 and -4.0 % 2.0 is 0.0. */
function floatDivmod(x: number, y: number): [number, number] {
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  } else mod = y < 0 ? -0 : 0; // copysign(0, y)
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else floordiv = (x / y < 0 || Object.is(x / y, -0)) ? -0 : 0;
  return [floordiv, mod];
}

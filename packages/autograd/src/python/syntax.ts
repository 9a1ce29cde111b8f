/**
 * A PyTorch training loop, parsed by a real Python parser (@lezer/python, the one a code editor shares) into the
 * small syntax tree the interpreter runs. Everything outside the subset is refused here, before anything runs,
 * with its line, the construct and what is supported: a program is never run wrongly.
 */
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@lezer/python";

export type Expr =
  | { k: "num"; value: number | bigint }
  | { k: "str"; value: string }
  | { k: "fstr"; parts: (string | { expr: Expr; spec: string; conversion: string })[] }
  | { k: "const"; value: boolean | null }
  | { k: "name"; id: string }
  | { k: "attr"; obj: Expr; name: string }
  | { k: "index"; obj: Expr; index: Expr }
  | { k: "slice"; obj: Expr; start: Expr | null; end: Expr | null }
  | { k: "call"; fn: Expr; args: Expr[]; kwargs: [string, Expr][] }
  | { k: "bin"; op: string; l: Expr; r: Expr }
  | { k: "unary"; op: "-" | "+" | "not"; e: Expr }
  | { k: "list"; items: Expr[] }
  | { k: "tuple"; items: Expr[] };

/** What an assignment may write to: a name, an attribute (`w.grad`) or an entry of a list. */
export type Target = { k: "name"; id: string } | { k: "attr"; obj: Expr; name: string } | { k: "index"; obj: Expr; index: Expr };

export type Stmt = { line: number; endLine: number } & (
  | { k: "assign"; targets: Target[]; value: Expr }
  | { k: "aug"; target: Target; op: string; value: Expr }
  | { k: "expr"; e: Expr }
  | { k: "pass" }
  | { k: "import"; bindings: { name: string; module: string[] }[] }
  | { k: "if"; branches: { test: Expr; body: Stmt[] }[]; orelse: Stmt[] | null }
  | { k: "for"; target: string; iter: Expr; body: Stmt[] }
  | { k: "with"; context: Expr; body: Stmt[] }
);

export interface Program {
  source: string;
  body: Stmt[];
}

/** One construct outside the subset (or a syntax error), where it is. */
export interface Refusal {
  line: number;
  construct: string;
  message: string;
}

export const SUPPORTED =
  "assignments (=, +=, -=, *=, /=), arithmetic, **, @, comparisons, and/or/not, if/elif/else, for … in range(…) " +
  "or over a list, with torch.no_grad():, print(…) with f-strings, numbers, strings, lists, imports of torch";

export class ProgramRefused extends Error {
  readonly refusals: Refusal[];
  constructor(refusals: Refusal[]) {
    const first = refusals[0]!;
    super(`line ${first.line}: ${first.message}`);
    this.name = "ProgramRefused";
    this.refusals = refusals;
  }
}

/** Node names of lezer-python's grammar, named as a reader of Python would call them. */
const CONSTRUCTS: Record<string, string> = {
  WhileStatement: "a while loop",
  FunctionDefinition: "a function definition (def)",
  ClassDefinition: "a class definition",
  TryStatement: "try/except",
  ReturnStatement: "return",
  RaiseStatement: "raise",
  DeleteStatement: "del",
  GlobalStatement: "global",
  NonlocalStatement: "nonlocal",
  AssertStatement: "assert",
  BreakStatement: "break",
  ContinueStatement: "continue",
  YieldStatement: "yield",
  MatchStatement: "match",
  DecoratedStatement: "a decorator",
  LambdaExpression: "a lambda",
  ConditionalExpression: "a conditional expression (x if c else y)",
  ArrayComprehensionExpression: "a list comprehension",
  DictionaryExpression: "a dict",
  DictionaryComprehensionExpression: "a dict comprehension",
  SetExpression: "a set",
  SetComprehensionExpression: "a set comprehension",
  ComprehensionExpression: "a generator expression",
  AwaitExpression: "await",
  NamedExpression: "the walrus operator (:=)",
  ScopeStatement: "global",
  TypeDefinition: "a type alias",
  Ellipsis: "...",
};

const ARITH = new Set(["+", "-", "*", "/", "//", "%", "**", "@"]);
const COMPARE = new Set(["<", ">", "<=", ">=", "==", "!=", "is", "is not", "in", "not in", "and", "or"]);
const AUG = new Set(["+=", "-=", "*=", "/="]);

class Reader {
  readonly refusals: Refusal[] = [];
  private readonly lineStarts: number[] = [0];
  constructor(readonly src: string) {
    for (let i = 0; i < src.length; i++) if (src[i] === "\n") this.lineStarts.push(i + 1);
  }

  line(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  refuse(n: SyntaxNode, construct: string, message?: string): never {
    throw new Refused({ line: this.line(n.from), construct, message: message ?? `${construct} is outside the subset Descent runs. Supported: ${SUPPORTED}.` });
  }
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/** The children of a node that carry meaning (no punctuation, no comments). */
function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") out.push(c);
  return out;
}

const PUNCT = new Set(["(", ")", "[", "]", "{", "}", ",", ":", ".", ";"]);

/** Parses `source`; throws ProgramRefused listing every construct outside the subset (or the syntax error). */
export function parseProgram(source: string): Program {
  const r = new Reader(source);
  const tree = parser.parse(source);
  // A syntax error first: lezer recovers and marks it with an error node.
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError && !trailingDot(cursor.node)) {
      const line = r.line(cursor.from);
      throw new ProgramRefused([{ line, construct: "a syntax error", message: `invalid syntax (line ${line})` }]);
    }
  } while (cursor.next());
  const body = block(r, kids(tree.topNode));
  checkNames(body, r.refusals);
  if (r.refusals.length > 0) throw new ProgramRefused(r.refusals.sort((a, b) => a.line - b.line));
  return { source, body };
}

/** What the interpreter offers of torch, module by module (a test keeps it equal to the interpreter's). */
export const TORCH_API: Record<string, readonly string[]> = {
  torch: ["tensor", "zeros", "ones", "full", "zeros_like", "ones_like", "arange", "linspace", "sigmoid", "tanh", "relu", "exp", "log", "mean", "sum", "matmul", "no_grad", "is_grad_enabled", "manual_seed", "float32", "float", "float64", "double", "nn", "optim"],
  "torch.nn": ["Linear", "MSELoss", "functional"],
  "torch.nn.functional": ["mse_loss", "relu", "sigmoid", "tanh"],
  "torch.optim": ["SGD", "Adam"],
};

/** Attributes and methods of the subset's values (tensors, nn.Linear, optimizers, lists). */
export const ATTRIBUTES = new Set([
  // tensors
  "grad", "requires_grad", "is_leaf", "grad_fn", "shape", "ndim", "T", "dtype", "size", "dim", "numel", "item", "tolist",
  "detach", "clone", "requires_grad_", "retain_grad", "backward", "zero_", "fill_", "copy_", "add_", "sub_", "mul_", "div_",
  "mean", "sum", "sigmoid", "tanh", "relu", "exp", "log", "t", "pow", "matmul", "view", "reshape", "flatten", "unsqueeze", "squeeze",
  // nn.Linear
  "weight", "bias", "in_features", "out_features", "parameters", "zero_grad", "train", "eval",
  // optimizers
  "step",
  // lists
  "append",
]);

/** Python's builtins the subset runs; any other builtin is refused (an undefined name is Python's NameError). */
export const BUILTINS = new Set(["print", "range", "len", "float", "int", "abs", "round", "min", "max", "str"]);

const PYTHON_BUILTINS = new Set([
  "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile",
  "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "filter", "format", "frozenset", "getattr",
  "globals", "hasattr", "hash", "help", "hex", "id", "input", "isinstance", "issubclass", "iter", "list", "locals", "map",
  "memoryview", "next", "object", "oct", "open", "ord", "pow", "property", "repr", "reversed", "set", "setattr", "slice",
  "sorted", "staticmethod", "sum", "super", "tuple", "type", "vars", "zip", "__import__",
]);

/**
 * Refuses, before anything runs, what the interpreter would not know: a torch function outside TORCH_API, an
 * attribute no value of the subset has, a Python builtin outside BUILTINS, an import of another module.
 */
function checkNames(body: Stmt[], refusals: Refusal[]): void {
  const modules = new Map<string, string>(); // alias → module path ("torch.nn")
  const assigned = new Set<string>();
  const refuse = (line: number, construct: string, message: string) => refusals.push({ line, construct, message });
  const memberPath = (e: Expr): string | null => {
    if (e.k === "name") return modules.get(e.id) ?? null;
    if (e.k === "attr") {
      const base = memberPath(e.obj);
      return base && base in TORCH_API ? `${base}.${e.name}` : null;
    }
    return null;
  };
  const expr = (e: Expr, line: number): void => {
    switch (e.k) {
      case "attr": {
        const base = memberPath(e.obj);
        if (base !== null && base in TORCH_API) {
          if (!TORCH_API[base]!.includes(e.name)) refuse(line, `${base}.${e.name}`, `${base}.${e.name} is outside the subset Descent runs. Of ${base} it runs: ${TORCH_API[base]!.join(", ")}.`);
          return;
        }
        expr(e.obj, line);
        if (!ATTRIBUTES.has(e.name)) refuse(line, `.${e.name}`, `.${e.name} is outside the subset Descent runs. Its values have: ${[...ATTRIBUTES].join(", ")}.`);
        return;
      }
      case "name":
        if (PYTHON_BUILTINS.has(e.id) && !assigned.has(e.id) && !modules.has(e.id)) refuse(line, `${e.id}()`, `the builtin ${e.id}() is outside the subset Descent runs. It runs: ${[...BUILTINS].join(", ")}.`);
        return;
      case "fstr":
        for (const p of e.parts) if (typeof p !== "string") expr(p.expr, line);
        return;
      case "index":
        expr(e.obj, line);
        expr(e.index, line);
        return;
      case "slice":
        expr(e.obj, line);
        if (e.start) expr(e.start, line);
        if (e.end) expr(e.end, line);
        return;
      case "call": {
        expr(e.fn, line);
        e.args.forEach((a) => expr(a, line));
        e.kwargs.forEach(([, v]) => expr(v, line));
        // An integer tensor written out (int64 in PyTorch) is refused here, before anything runs.
        const fn = memberPath(e.fn);
        const typed = e.kwargs.some(([k]) => k === "dtype");
        const allInts = (x: Expr): boolean => (x.k === "num" ? typeof x.value === "bigint" : x.k === "unary" ? allInts(x.e) : x.k === "list" || x.k === "tuple" ? x.items.length > 0 && x.items.every(allInts) : false);
        if (!typed && fn === "torch.tensor" && e.args[0] && allInts(e.args[0])) {
          refuse(line, "an integer tensor", "torch.tensor of whole numbers makes an integer tensor (int64) in PyTorch, which is outside the subset: write them as floats (1.0, or 1.).");
        } else if (!typed && fn === "torch.arange" && e.args.length > 0 && e.args.every(allInts)) {
          refuse(line, "an integer tensor", "torch.arange of whole numbers makes an integer tensor (int64) in PyTorch, which is outside the subset: write torch.arange(1.0, 6.0) or pass dtype=torch.float32.");
        } else if (!typed && fn === "torch.full" && e.args[1] && allInts(e.args[1])) {
          refuse(line, "an integer tensor", "torch.full with a whole number makes an integer tensor (int64) in PyTorch, which is outside the subset: write the value as a float.");
        }
        return;
      }
      case "bin":
        expr(e.l, line);
        expr(e.r, line);
        if (!["and", "or"].includes(e.op) && e.l.k === "bin" && COMPARE.has(e.l.op) && !["and", "or"].includes(e.l.op) && COMPARE.has(e.op)) {
          refuse(line, "a chained comparison", "a chained comparison (a < b < c) is outside the subset Descent runs: write a < b and b < c.");
        }
        return;
      case "unary":
        expr(e.e, line);
        return;
      case "list":
      case "tuple":
        e.items.forEach((x) => expr(x, line));
        return;
      default:
        return;
    }
  };
  const target = (t: Target, line: number) => {
    if (t.k === "name") assigned.add(t.id);
    else expr(t, line);
  };
  const walk = (stmts: Stmt[]) => {
    for (const s of stmts) {
      switch (s.k) {
        case "import":
          for (const b of s.bindings) {
            const path = b.module.join(".");
            const parent = b.module.slice(0, -1).join(".");
            if (path in TORCH_API) modules.set(b.name, path);
            else if (parent in TORCH_API && TORCH_API[parent]!.includes(b.module.at(-1)!)) modules.set(b.name, path);
            else refuse(s.line, `import ${path}`, `${path} is outside the subset Descent runs: it imports torch, torch.nn, torch.nn.functional and torch.optim (and their members).`);
          }
          break;
        case "assign":
          expr(s.value, s.line);
          s.targets.forEach((t) => target(t, s.line));
          break;
        case "aug":
          expr(s.value, s.line);
          target(s.target, s.line);
          break;
        case "expr":
          expr(s.e, s.line);
          break;
        case "if":
          for (const b of s.branches) {
            expr(b.test, s.line);
            walk(b.body);
          }
          if (s.orelse) walk(s.orelse);
          break;
        case "for":
          expr(s.iter, s.line);
          assigned.add(s.target);
          walk(s.body);
          break;
        case "with":
          expr(s.context, s.line);
          walk(s.body);
          break;
        case "pass":
          break;
      }
    }
  };
  walk(body);
}

/**
 * `1.` (a float with nothing after the point, common in PyTorch code: `torch.tensor([1., 2.])`): lezer-python's
 * grammar has no such number, and reads it as the attribute of an int with the name missing.
 */
function trailingDot(n: SyntaxNode): boolean {
  const parent = n.parent;
  return n.from === n.to && parent?.name === "MemberExpression" && parent.firstChild?.name === "Number" && parent.firstChild.nextSibling?.name === "." && parent.firstChild.nextSibling.nextSibling?.type.isError === true && parent.firstChild.nextSibling.nextSibling.from === n.from;
}

function block(r: Reader, nodes: SyntaxNode[]): Stmt[] {
  const out: Stmt[] = [];
  for (const n of nodes) {
    if (PUNCT.has(n.name)) continue;
    try {
      const s = statement(r, n);
      if (s) out.push(s);
    } catch (err) {
      if (err instanceof Refused) r.refusals.push(err.refusal);
      else throw err;
    }
  }
  return out;
}

function bodyOf(r: Reader, n: SyntaxNode): Stmt[] {
  return block(r, kids(n));
}

function statement(r: Reader, n: SyntaxNode): Stmt | null {
  const at = { line: r.line(n.from), endLine: r.line(Math.max(n.from, n.to - 1)) };
  switch (n.name) {
    case "ExpressionStatement":
      return { ...at, k: "expr", e: expr(r, kids(n)[0]!) };
    case "PassStatement":
      return { ...at, k: "pass" };
    case "AssignStatement": {
      const parts = kids(n);
      const ops = parts.filter((c) => c.name === "AssignOp");
      if (ops.length === 0 || parts.some((c) => c.name === "TypeDef")) r.refuse(n, "an annotated assignment");
      const sides: SyntaxNode[][] = [[]];
      for (const c of parts) {
        if (c.name === "AssignOp") sides.push([]);
        else sides.at(-1)!.push(c);
      }
      const value = sides.pop()!;
      if (value.length !== 1) r.refuse(n, "assigning a tuple");
      const targets = sides.map((side) => {
        if (side.length !== 1) r.refuse(n, "unpacking (a, b = …)");
        return target(r, side[0]!);
      });
      return { ...at, k: "assign", targets, value: expr(r, value[0]!) };
    }
    case "UpdateStatement": {
      const [t, op, v] = kids(n);
      const sym = r.text(op!);
      if (!AUG.has(sym)) r.refuse(op!, `the augmented assignment ${sym}`);
      return { ...at, k: "aug", target: target(r, t!), op: sym.slice(0, -1), value: expr(r, v!) };
    }
    case "ImportStatement":
      return { ...at, k: "import", bindings: imports(r, n) };
    case "IfStatement": {
      const branches: { test: Expr; body: Stmt[] }[] = [];
      let orelse: Stmt[] | null = null;
      const parts = kids(n);
      for (let i = 0; i < parts.length; i++) {
        const c = parts[i]!;
        if (c.name === "if" || c.name === "elif") {
          branches.push({ test: expr(r, parts[i + 1]!), body: bodyOf(r, parts[i + 2]!) });
          i += 2;
        } else if (c.name === "else") {
          orelse = bodyOf(r, parts[i + 1]!);
          i += 1;
        }
      }
      return { ...at, endLine: at.line, k: "if", branches, orelse };
    }
    case "ForStatement": {
      const parts = kids(n);
      if (parts.some((c) => c.name === "else")) r.refuse(n, "for … else");
      if (parts.some((c) => c.name === "async")) r.refuse(n, "async for");
      const inAt = parts.findIndex((c) => c.name === "in");
      const targets = parts.slice(1, inAt);
      if (targets.length !== 1 || targets[0]!.name !== "VariableName") r.refuse(n, "a for loop over several names (for a, b in …)");
      return { ...at, endLine: at.line, k: "for", target: ownName(r, targets[0]!), iter: expr(r, parts[inAt + 1]!), body: bodyOf(r, parts.at(-1)!) };
    }
    case "WithStatement": {
      const parts = kids(n);
      if (parts.some((c) => c.name === "as")) r.refuse(n, "with … as");
      const contexts = parts.slice(1, -1).filter((c) => !PUNCT.has(c.name));
      if (contexts.length !== 1) r.refuse(n, "a with statement of several contexts");
      return { ...at, endLine: at.line, k: "with", context: expr(r, contexts[0]!), body: bodyOf(r, parts.at(-1)!) };
    }
    default:
      return r.refuse(n, CONSTRUCTS[n.name] ?? `the statement ${JSON.stringify(r.text(n).split("\n")[0])}`);
  }
}

function imports(r: Reader, n: SyntaxNode): { name: string; module: string[] }[] {
  const parts = kids(n).filter((c) => !PUNCT.has(c.name));
  const dotted = (nodes: SyntaxNode[]) => nodes.map((c) => r.text(c));
  const out: { name: string; module: string[] }[] = [];
  if (parts[0]!.name === "from") {
    // from a.b import c [as d], e
    const importAt = parts.findIndex((c) => c.name === "import");
    const base = dotted(parts.slice(1, importAt));
    if (base.length === 0) r.refuse(n, "a relative import");
    const rest = parts.slice(importAt + 1);
    if (rest.some((c) => c.name === "*")) r.refuse(n, "import *");
    for (let i = 0; i < rest.length; i++) {
      const name = r.text(rest[i]!);
      if (rest[i + 1]?.name === "as") {
        out.push({ name: r.text(rest[i + 2]!), module: [...base, name] });
        i += 2;
      } else out.push({ name, module: [...base, name] });
    }
    return out;
  }
  // import a.b [as c], d
  let i = 1;
  while (i < parts.length) {
    const path: string[] = [];
    while (i < parts.length && parts[i]!.name === "VariableName") {
      path.push(r.text(parts[i]!));
      i++;
      // `import a.b`: names follow each other (the dots are punctuation)
      if (parts[i]?.name === "as") break;
      if (i < parts.length && parts[i]!.from > parts[i - 1]!.to + 1) break;
    }
    if (parts[i]?.name === "as") {
      out.push({ name: r.text(parts[i + 1]!), module: path });
      i += 2;
    } else out.push({ name: path[0]!, module: path.slice(0, 1) });
  }
  return out;
}

/** A name of the program's; Python's own (`__name__`, `__proto__`…) are refused. */
function ownName(r: Reader, n: SyntaxNode): string {
  const name = r.text(n);
  if (name.startsWith("__")) r.refuse(n, `the name ${name}`, `names that start with __ (${name}) are Python's own, outside the subset Descent runs: use another name`);
  return name;
}

function target(r: Reader, n: SyntaxNode): Target {
  const e = expr(r, n);
  if (e.k === "name" || e.k === "attr" || e.k === "index") return e;
  return r.refuse(n, `assigning to ${JSON.stringify(r.text(n))}`);
}

function numberOf(r: Reader, n: SyntaxNode): number | bigint {
  const t = r.text(n).replace(/_/g, "");
  if (/[jJ]$/.test(t)) r.refuse(n, "a complex number");
  if (/^0[xob]/i.test(t)) return BigInt(t);
  if (/^\d+$/.test(t)) return BigInt(t);
  return Number(t);
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v" };

function unescape(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|\n|.)/g, (_, c: string) => {
    if (c === "\n") return "";
    if (c.length > 1) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ESCAPES[c] ?? `\\${c}`;
  });
}

/** A string literal's prefix, its quote and its body. */
function splitString(text: string): { prefix: string; quote: string; body: string } {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text)!;
  const quote = m[2]!;
  return { prefix: m[1]!.toLowerCase(), quote, body: text.slice(m[0].length, text.length - quote.length) };
}

function stringOf(r: Reader, n: SyntaxNode): Expr {
  const { prefix, quote, body } = splitString(r.text(n));
  if (prefix.includes("b")) r.refuse(n, "a bytes literal");
  if (!prefix.includes("f")) return { k: "str", value: unescape(body, prefix.includes("r")) };
  // An f-string: literal text between the replacement fields.
  const raw = prefix.includes("r");
  const bodyStart = n.from + prefix.length + quote.length;
  const parts: (string | { expr: Expr; spec: string; conversion: string })[] = [];
  let pos = bodyStart;
  const literal = (to: number) => {
    const s = unescape(r.src.slice(pos, to), raw).replace(/\{\{/g, "{").replace(/\}\}/g, "}");
    if (s) parts.push(s);
  };
  for (const field of kids(n).filter((c) => c.name === "FormatReplacement")) {
    literal(field.from);
    const inner = kids(field).filter((c) => !PUNCT.has(c.name));
    const spec = inner.find((c) => c.name === "FormatSpec");
    const conv = inner.find((c) => c.name === "FormatConversion");
    const exprNode = inner.find((c) => c !== spec && c !== conv);
    if (!exprNode) r.refuse(field, "an empty f-string field");
    if (spec && kids(spec).some((c) => c.name === "FormatReplacement")) r.refuse(spec, "a nested f-string field");
    parts.push({ expr: expr(r, exprNode), spec: spec ? r.text(spec).slice(1) : "", conversion: conv ? r.text(conv).slice(1) : "" });
    pos = field.to;
  }
  literal(n.to - quote.length);
  return { k: "fstr", parts };
}

function expr(r: Reader, n: SyntaxNode): Expr {
  switch (n.name) {
    case "Number":
      return { k: "num", value: numberOf(r, n) };
    case "String":
    case "FormatString":
      return stringOf(r, n);
    case "ContinuedString": {
      // "a" "b": adjacent literals join.
      const parts = kids(n).map((c) => stringOf(r, c));
      if (parts.some((p) => p.k !== "str")) r.refuse(n, "adjacent f-strings");
      return { k: "str", value: parts.map((p) => (p.k === "str" ? p.value : "")).join("") };
    }
    case "Boolean":
      return { k: "const", value: r.text(n) === "True" };
    case "None":
      return { k: "const", value: null };
    case "VariableName":
      return { k: "name", id: ownName(r, n) };
    case "ParenthesizedExpression": {
      const inner = kids(n).filter((c) => !PUNCT.has(c.name));
      if (inner.length !== 1) r.refuse(n, "this parenthesised expression");
      return expr(r, inner[0]!);
    }
    case "TupleExpression":
      return { k: "tuple", items: kids(n).filter((c) => !PUNCT.has(c.name)).map((c) => expr(r, c)) };
    case "ArrayExpression":
      return { k: "list", items: kids(n).filter((c) => !PUNCT.has(c.name)).map((c) => expr(r, c)) };
    case "MemberExpression": {
      const parts = kids(n);
      if (parts[2] && trailingDot(parts[2])) return { k: "num", value: Number(r.text(parts[0]!).replace(/_/g, "")) };
      const obj = expr(r, parts[0]!);
      if (parts[1]!.name === ".") return { k: "attr", obj, name: r.text(parts[2]!) };
      // obj[ … ]
      const inside = parts.slice(2, -1);
      if (inside.some((c) => c.name === ",")) r.refuse(n, "indexing several dimensions (X[i, j])", "indexing several dimensions (X[i, j]) is outside the subset: index the first dimension (X[i], X[i:j]).");
      const colons = inside.filter((c) => c.name === ":").length;
      if (colons === 0) return { k: "index", obj, index: expr(r, inside[0]!) };
      if (colons > 1) r.refuse(n, "a slice with a step (X[i:j:k])");
      const colon = inside.findIndex((c) => c.name === ":");
      const before = inside.slice(0, colon);
      const after = inside.slice(colon + 1);
      return { k: "slice", obj, start: before[0] ? expr(r, before[0]) : null, end: after[0] ? expr(r, after[0]) : null };
    }
    case "CallExpression": {
      const [fnNode, argList] = kids(n);
      const args: Expr[] = [];
      const kwargs: [string, Expr][] = [];
      const items = kids(argList!).filter((c) => !PUNCT.has(c.name));
      for (let i = 0; i < items.length; i++) {
        const c = items[i]!;
        if (c.name === "*" || c.name === "**") r.refuse(c, "*args and **kwargs");
        if (c.name === "VariableName" && items[i + 1]?.name === "AssignOp") {
          kwargs.push([r.text(c), expr(r, items[i + 2]!)]);
          i += 2;
        } else {
          if (kwargs.length > 0) r.refuse(c, "a positional argument after a keyword argument");
          args.push(expr(r, c));
        }
      }
      return { k: "call", fn: expr(r, fnNode!), args, kwargs };
    }
    case "UnaryExpression": {
      const [op, operand] = kids(n);
      const sym = r.text(op!);
      if (sym !== "-" && sym !== "+" && sym !== "not") r.refuse(op!, `the operator ${sym}`);
      return { k: "unary", op: sym, e: expr(r, operand!) };
    }
    case "BinaryExpression": {
      const parts = kids(n);
      const l = parts[0]!;
      const rr = parts.at(-1)!;
      const op = parts
        .slice(1, -1)
        .map((c) => r.text(c))
        .join(" ");
      if (!ARITH.has(op) && !COMPARE.has(op)) r.refuse(parts[1]!, `the operator ${op}`);
      return { k: "bin", op, l: expr(r, l), r: expr(r, rr) };
    }
    default:
      return r.refuse(n, CONSTRUCTS[n.name] ?? `the expression ${JSON.stringify(r.text(n))}`);
  }
}

/** Names whose `.grad` the program reads somewhere (`print(y_pred.grad)`). */
export function gradReadsOf(body: Stmt[]): Set<string> {
  const out = new Set<string>();
  const expr = (e: Expr | null): void => {
    if (!e) return;
    switch (e.k) {
      case "attr":
        if (e.name === "grad" && e.obj.k === "name") out.add(e.obj.id);
        expr(e.obj);
        return;
      case "index":
        expr(e.obj);
        expr(e.index);
        return;
      case "slice":
        expr(e.obj);
        expr(e.start);
        expr(e.end);
        return;
      case "call":
        expr(e.fn);
        e.args.forEach(expr);
        e.kwargs.forEach(([, v]) => expr(v));
        return;
      case "bin":
        expr(e.l);
        expr(e.r);
        return;
      case "unary":
        expr(e.e);
        return;
      case "list":
      case "tuple":
        e.items.forEach(expr);
        return;
      case "fstr":
        for (const p of e.parts) if (typeof p !== "string") expr(p.expr);
        return;
      default:
        return;
    }
  };
  const walk = (stmts: Stmt[]) => {
    for (const s of stmts) {
      if (s.k === "assign") {
        expr(s.value);
        s.targets.forEach((t) => (t.k === "name" ? undefined : expr(t)));
      } else if (s.k === "aug") {
        expr(s.value);
        expr(s.target);
      } else if (s.k === "expr") expr(s.e);
      else if (s.k === "if") {
        s.branches.forEach((b) => {
          expr(b.test);
          walk(b.body);
        });
        if (s.orelse) walk(s.orelse);
      } else if (s.k === "for") {
        expr(s.iter);
        walk(s.body);
      } else if (s.k === "with") {
        expr(s.context);
        walk(s.body);
      }
    }
  };
  walk(body);
  return out;
}


// Finite-difference gradient checks for every op and broadcasting case, on seeded random shapes.
//
// The expected gradients never come from the engine: each op is re-implemented here naively (plain loops
// over a padded 2-D index), the scalar L = Σ R·f(inputs) is computed with that reference for a random
// weighting R, and dL/dx is estimated by central differences. The engine's gradient is obtained from
// `out.backward({ gradient: R })`. The forward values are compared with the reference too.

import { describe, expect, it } from "vitest";
import { div as divFree, type Operand, pow as powFree, sub as subFree, type Tensor, tensor } from "../src/index";
import { expectClose, forSeeds, nest, numel, type Rng, SEEDS } from "./helpers";

// ---------------------------------------------------------------------------------------------------------
// Reference implementation

interface Arr {
  shape: number[];
  data: number[];
}
type RefOperand = Arr | number;

const pad2 = (s: readonly number[]): [number, number] =>
  s.length === 0 ? [1, 1] : s.length === 1 ? [1, s[0]!] : [s[0]!, s[1]!];

function refBroadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const [ar, ac] = pad2(a);
  const [br, bc] = pad2(b);
  const full = [Math.max(ar, br), Math.max(ac, bc)];
  return full.slice(2 - rank);
}

function refAt(x: RefOperand, i: number, j: number): number {
  if (typeof x === "number") return x;
  const [r, c] = pad2(x.shape);
  return x.data[(r === 1 ? 0 : i) * c + (c === 1 ? 0 : j)]!;
}

function refBinary(a: RefOperand, b: RefOperand, f: (x: number, y: number) => number): Arr {
  const shape = refBroadcastShape(typeof a === "number" ? [] : a.shape, typeof b === "number" ? [] : b.shape);
  const [R, C] = pad2(shape);
  const data: number[] = [];
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) data.push(f(refAt(a, i, j), refAt(b, i, j)));
  return { shape, data };
}

const refUnary = (a: Arr, f: (x: number) => number): Arr => ({ shape: a.shape, data: a.data.map(f) });

function refMatmul(a: Arr, b: Arr): Arr {
  const A = a.shape.length === 1 ? { shape: [1, a.shape[0]!], data: a.data } : a;
  const B = b.shape.length === 1 ? { shape: [b.shape[0]!, 1], data: b.data } : b;
  const [n, k] = A.shape as [number, number];
  const m = B.shape[1]!;
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A.data[i * k + p]! * B.data[p * m + j]!;
      data.push(s);
    }
  }
  const shape = [...(a.shape.length === 2 ? [n] : []), ...(b.shape.length === 2 ? [m] : [])];
  return { shape, data };
}

// ---------------------------------------------------------------------------------------------------------
// The check

interface Case {
  /** Input shapes, or `{ scalar }` for a plain-number operand. */
  inputs: (number[] | { scalar: number })[];
  /** Domain of the random input values. */
  sample: (r: Rng) => number;
  engine: (xs: Operand[]) => Tensor;
  reference: (xs: RefOperand[]) => Arr;
}

function check(c: Case, r: Rng): void {
  const values = c.inputs.map((s) => ("scalar" in s ? [s.scalar] : Array.from({ length: numel(s) }, () => c.sample(r))));
  const refInputs = (vals: number[][]): RefOperand[] =>
    c.inputs.map((s, k) => ("scalar" in s ? s.scalar : { shape: s, data: vals[k]! }));
  const expected = c.reference(refInputs(values));
  const R = expected.data.map(() => r.uniform(-1, 1));
  const L = (vals: number[][]) => c.reference(refInputs(vals)).data.reduce((acc, v, i) => acc + R[i]! * v, 0);

  const leaves = c.inputs.map((s, k) =>
    "scalar" in s ? s.scalar : tensor(nest(values[k]!, s), { requiresGrad: true }),
  );
  const out = c.engine(leaves);
  expect(out.shape).toEqual(expected.shape);
  expectClose(Array.from(out._data), expected.data, 1e-12, 1e-12, "forward");
  out.backward({ gradient: tensor(nest(R, expected.shape)) });

  c.inputs.forEach((s, k) => {
    if ("scalar" in s) return;
    const leaf = leaves[k] as Tensor;
    const fd = values[k]!.map((x, i) => {
      const h = 1e-6 * Math.max(1, Math.abs(x));
      const plus = values.map((v) => [...v]);
      const minus = values.map((v) => [...v]);
      plus[k]![i] = x + h;
      minus[k]![i] = x - h;
      return (L(plus) - L(minus)) / (2 * h);
    });
    expect(leaf.grad, `grad of input ${k}`).not.toBeNull();
    expect(leaf.grad!.shape).toEqual(s);
    expectClose(Array.from(leaf.grad!._data), fd, 1e-5, 1e-7, `d/d input ${k}`);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Random shapes

function randomShape(r: Rng, rank = r.int(0, 2)): number[] {
  return Array.from({ length: rank }, () => r.int(1, 4));
}

/** A shape that broadcasts to `target`: leading dims dropped at random, others kept or set to 1. */
function broadcastableTo(r: Rng, target: readonly number[]): number[] {
  const drop = r.int(0, target.length);
  return target.slice(drop).map((d) => (r.next() < 0.3 ? 1 : d));
}

const anyValue = (r: Rng) => r.uniform(-2, 2);
const positive = (r: Rng) => r.uniform(0.5, 2);
const awayFromZero = (r: Rng) => (r.next() < 0.5 ? -1 : 1) * r.uniform(0.5, 2);
const awayFromKink = (r: Rng) => (r.next() < 0.5 ? -1 : 1) * r.uniform(0.05, 2);

type Pair = [number[] | { scalar: number }, number[] | { scalar: number }];

/** Operand shapes for a binary op: tensor ⊕ tensor with broadcasting, or a plain number on either side. */
function binaryInputs(r: Rng, scalar: number): Pair {
  const target = randomShape(r);
  const kind = r.int(0, 5);
  if (kind === 0) return [target, { scalar }];
  if (kind === 1) return [{ scalar }, target];
  const a = r.next() < 0.5 ? target : broadcastableTo(r, target);
  const b = r.next() < 0.5 ? target : broadcastableTo(r, target);
  return r.next() < 0.5 ? [a, b] : [b, a];
}

const binaryCases: [string, (a: Operand, b: Operand) => Tensor, (x: number, y: number) => number, (r: Rng) => number, number][] = [
  ["add", (a, b) => (typeof a === "number" ? (b as Tensor).add(a) : a.add(b)), (x, y) => x + y, anyValue, 1.5],
  ["sub", (a, b) => (typeof a === "number" ? subFree(a, b as Tensor) : a.sub(b)), (x, y) => x - y, anyValue, -0.75],
  ["mul", (a, b) => (typeof a === "number" ? (b as Tensor).mul(a) : a.mul(b)), (x, y) => x * y, anyValue, 2.5],
  ["div", (a, b) => (typeof a === "number" ? divFree(a, b as Tensor) : a.div(b)), (x, y) => x / y, awayFromZero, 1.25],
  ["pow", (a, b) => (typeof a === "number" ? powFree(a, b as Tensor) : a.pow(b)), (x, y) => Math.pow(x, y), positive, 1.7],
];


describe("finite-difference gradient checks", () => {
  for (const [name, op, f, sample, scalar] of binaryCases) {
    it(`${name}: tensor ⊕ tensor with broadcasting, and with a plain number on either side`, () => {
      forSeeds(SEEDS, (r) => {
        check(
          {
            inputs: binaryInputs(r, scalar),
            sample,
            engine: ([a, b]) => op(a!, b!),
            reference: ([a, b]) => refBinary(a!, b!, f),
          },
          r,
        );
      });
    });
  }

  it("pow with a number exponent, including PyTorch's special-cased exponents", () => {
    forSeeds(SEEDS, (r) => {
      const e = r.pick([0, 1, 2, 3, -1, -2, 0.5, -0.5, 1.7, -2.3]);
      check(
        {
          inputs: [randomShape(r), { scalar: e }],
          sample: positive,
          engine: ([a]) => (a as Tensor).pow(e),
          reference: ([a]) => refUnary(a as Arr, (x) => Math.pow(x, e)),
        },
        r,
      );
    });
  });

  const unaryCases: [string, (t: Tensor) => Tensor, (x: number) => number, (r: Rng) => number][] = [
    ["neg", (t) => t.neg(), (x) => -x, anyValue],
    ["exp", (t) => t.exp(), Math.exp, anyValue],
    ["log", (t) => t.log(), Math.log, positive],
    ["tanh", (t) => t.tanh(), Math.tanh, anyValue],
    ["sigmoid", (t) => t.sigmoid(), (x) => 1 / (1 + Math.exp(-x)), anyValue],
    ["relu", (t) => t.relu(), (x) => Math.max(0, x), awayFromKink],
    ["reciprocal", (t) => t.reciprocal(), (x) => 1 / x, awayFromZero],
  ];
  for (const [name, op, f, sample] of unaryCases) {
    it(name, () => {
      forSeeds(SEEDS, (r) => {
        check(
          { inputs: [randomShape(r)], sample, engine: ([a]) => op(a as Tensor), reference: ([a]) => refUnary(a as Arr, f) },
          r,
        );
      });
    });
  }

  it("sum and mean", () => {
    forSeeds(SEEDS, (r) => {
      const shape = randomShape(r);
      const total = (a: Arr) => a.data.reduce((s, v) => s + v, 0);
      check(
        { inputs: [shape], sample: anyValue, engine: ([a]) => (a as Tensor).sum(), reference: ([a]) => ({ shape: [], data: [total(a as Arr)] }) },
        r,
      );
      check(
        {
          inputs: [shape],
          sample: anyValue,
          engine: ([a]) => (a as Tensor).mean(),
          reference: ([a]) => ({ shape: [], data: [total(a as Arr) / numel(shape)] }),
        },
        r,
      );
    });
  });

  for (const [label, ra, rb] of [
    ["vector · vector (dot)", 1, 1],
    ["matrix · vector (mv)", 2, 1],
    ["vector · matrix", 1, 2],
    ["matrix · matrix (mm)", 2, 2],
  ] as const) {
    it(`matmul, ${label}`, () => {
      forSeeds(SEEDS, (r) => {
        const [n, k, m] = [r.int(1, 4), r.int(1, 4), r.int(1, 4)];
        const a = ra === 1 ? [k] : [n, k];
        const b = rb === 1 ? [k] : [k, m];
        check(
          {
            inputs: [a, b],
            sample: anyValue,
            engine: ([x, y]) => (x as Tensor).matmul(y as Tensor),
            reference: ([x, y]) => refMatmul(x as Arr, y as Arr),
          },
          r,
        );
      });
    });
  }

  const inplaceCases: [string, (t: Tensor, o: Operand) => Tensor, (x: number, y: number) => number][] = [
    ["add_", (t, o) => t.add_(o), (x, y) => x + y],
    ["sub_", (t, o) => t.sub_(o), (x, y) => x - y],
    ["mul_", (t, o) => t.mul_(o), (x, y) => x * y],
  ];
  for (const [name, op, f] of inplaceCases) {
    it(`${name} on a non-leaf (history rebased), with a broadcast operand or a number`, () => {
      forSeeds(SEEDS, (r) => {
        const target = randomShape(r);
        const other = r.next() < 0.3 ? { scalar: 0.5 } : broadcastableTo(r, target);
        check(
          {
            inputs: [target, other],
            sample: anyValue,
            // (a * 1) is a non-leaf, so it may be modified in place with grad mode on.
            engine: ([a, b]) => op((a as Tensor).mul(1), b!),
            reference: ([a, b]) => refBinary(a!, b!, f),
          },
          r,
        );
      });
    });
  }

  it("reused values: gradients from every use are added", () => {
    forSeeds(SEEDS, (r) => {
      const shape = randomShape(r, r.int(1, 2));
      check(
        {
          inputs: [shape, shape],
          sample: anyValue,
          // (x + y)(x − y) + x·x·tanh(y): x and y each feed several ops
          engine: ([x, y]) => {
            const [a, b] = [x as Tensor, y as Tensor];
            return a.add(b).mul(a.sub(b)).add(a.mul(a).mul(b.tanh()));
          },
          reference: ([x, y]) =>
            refBinary(x!, y!, (a, b) => (a + b) * (a - b) + a * a * Math.tanh(b)),
        },
        r,
      );
    });
  });

  it("the seed's loss, mean((w·x + b − y)²), on random data", () => {
    forSeeds(SEEDS, (r) => {
      const n = r.int(1, 9);
      const X = Array.from({ length: n }, () => r.uniform(-3, 3));
      const Y = Array.from({ length: n }, () => r.uniform(-3, 3));
      check(
        {
          inputs: [[], []],
          sample: anyValue,
          engine: ([w, b]) => (w as Tensor).mul(tensor(X)).add(b!).sub(tensor(Y)).pow(2).mean(),
          reference: ([w, b]) => {
            const wv = (w as Arr).data[0]!;
            const bv = (b as Arr).data[0]!;
            const s = X.reduce((acc, x, i) => acc + (wv * x + bv - Y[i]!) ** 2, 0);
            return { shape: [], data: [s / n] };
          },
        },
        r,
      );
    });
  });
});

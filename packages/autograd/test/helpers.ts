// Test helpers: a seeded PRNG and a way to report the seed of a failing random case.

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  next(): number;
  uniform(lo: number, hi: number): number;
  int(lo: number, hi: number): number; // inclusive
  pick<T>(xs: readonly T[]): T;
}

export function rng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

/** Runs `body` with a fresh PRNG per seed; a failure names the seed so it can be replayed. */
export function forSeeds(seeds: readonly number[], body: (r: Rng, seed: number) => void): void {
  for (const seed of seeds) {
    try {
      body(rng(seed), seed);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      err.message = `[seed ${seed}] ${err.message}`;
      throw err;
    }
  }
}

export const SEEDS = Array.from({ length: 25 }, (_, i) => 1000 + i);

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Nested data for `tensor()` from flat values. */
export function nest(values: readonly number[], shape: readonly number[]): number | number[] | number[][] {
  if (shape.length === 0) return values[0]!;
  if (shape.length === 1) return [...values];
  const cols = shape[1]!;
  return Array.from({ length: shape[0]! }, (_, i) => values.slice(i * cols, (i + 1) * cols));
}

/** |a - b| ≤ atol + rtol·|b| for every element, with a readable message. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what = ""): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length} !== ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
      throw new Error(`${what}[${i}]: got ${a}, expected ${b} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

// Summation in the order PyTorch's CPU kernel adds (ATen `SumKernel.cpp`, `cascade_sum`).
//
// Floating-point addition is not associative, so the order decides the last bits of a sum — and in float32
// the last bits show up in what `loss.item()` prints. PyTorch splits a sum across the lanes of a vector
// register and across four interleaved accumulators, and keeps chunk sums in levels so that only numbers of
// a similar size meet. This file follows that order for a 256-bit vector unit (AVX2 on x86, the same width
// on ARM builds): 4 float64 or 8 float32 lanes. On an AVX-512 machine PyTorch may differ in the last bit
// for sums of 16 or more float32 values.

import { type Dtype, rounder, type Round } from "./dtype";

const LANES: Record<Dtype, number> = { float64: 4, float32: 8 };
const ILP = 4;
const LEVELS = 4;

function ceilLog2(x: number): number {
  return x <= 2 ? 1 : Math.floor(Math.log2(x - 1)) + 1;
}

/** `multi_row_sum` for one column: a running sum that is moved up a level every 2^k elements. */
function levelSum(get: (i: number) => number, size: number, r: Round): number {
  const power = Math.max(4, Math.trunc(ceilLog2(size) / LEVELS));
  const step = 2 ** power;
  const acc = [0, 0, 0, 0];
  let i = 0;
  while (i + step <= size) {
    for (let j = 0; j < step; j++, i++) acc[0] = r(acc[0]! + get(i));
    for (let j = 1; j < LEVELS; j++) {
      acc[j] = r(acc[j]! + acc[j - 1]!);
      acc[j - 1] = 0;
      if (Math.floor(i / 2 ** (j * power)) % step !== 0) break; // i & (mask << j*power)
    }
  }
  for (; i < size; i++) acc[0] = r(acc[0]! + get(i));
  for (let j = 1; j < LEVELS; j++) acc[0] = r(acc[0]! + acc[j]!);
  return acc[0]!;
}

/** `row_sum`: four interleaved accumulators (elements k, k+4, k+8, …), then the tail, then the four. */
function rowSum(get: (i: number) => number, size: number, r: Round): number {
  const rows = Math.floor(size / ILP);
  const partial: number[] = [];
  for (let k = 0; k < ILP; k++) partial.push(levelSum((i) => get(i * ILP + k), rows, r));
  let total = partial[0]!;
  for (let i = rows * ILP; i < size; i++) total = r(total + get(i));
  for (let k = 1; k < ILP; k++) total = r(total + partial[k]!);
  return total;
}

/** Sum of `size` contiguous values (a whole tensor, or one row reduced along its last dimension). */
export function innerSum(get: (i: number) => number, size: number, dtype: Dtype): number {
  const r = rounder(dtype);
  const lanes = LANES[dtype];
  let total: number;
  if (size >= lanes) {
    // One running sum per vector lane, the elements that do not fill a vector, then the lanes in order.
    const vectors = Math.floor(size / lanes);
    total = 0;
    for (let k = vectors * lanes; k < size; k++) total = r(total + get(k));
    const laneSums: number[] = [];
    for (let l = 0; l < lanes; l++) laneSums.push(rowSum((v) => get(v * lanes + l), vectors, r));
    for (const s of laneSums) total = r(total + s);
  } else {
    total = rowSum(get, size, r);
  }
  return r(0 + total); // the output starts at 0 and the sum is added to it
}

/** Column sums of a rows × cols row-major matrix (a reduction along the first dimension). */
export function columnSums(data: ArrayLike<number>, rows: number, cols: number, dtype: Dtype): Float64Array {
  const r = rounder(dtype);
  const out = new Float64Array(cols);
  const column = (j: number) => (i: number) => data[i * cols + j]!;
  const lanes = LANES[dtype];
  // Groups of columns go through `multi_row_sum` (levels only); the rest through `row_sum`.
  const grouped = cols >= lanes ? Math.floor(cols / (ILP * lanes)) * ILP * lanes : Math.floor(cols / ILP) * ILP;
  for (let j = 0; j < cols; j++) out[j] = j < grouped ? levelSum(column(j), rows, r) : rowSum(column(j), rows, r);
  for (let k = 0; k < cols; k++) out[k] = r(0 + out[k]!);
  return out;
}

/**
 * Sum a gradient of shape `from` down to shape `to` (ATen `sum_to`), as PyTorch's autograd engine does for
 * an input that was broadcast. Shapes here have at most two dimensions.
 */
export function sumTo(g: Float64Array, from: readonly number[], to: readonly number[], dtype: Dtype): Float64Array {
  const n = to.reduce((a, b) => a * b, 1);
  if (n === g.length) return g;
  if (n === 1) return Float64Array.of(innerSum((i) => g[i]!, g.length, dtype));
  const rows = from.length === 2 ? from[0]! : 1;
  const cols = from.length === 2 ? from[1]! : from[0] ?? 1;
  const keepsRows = to.length === 2 && to[0] === rows && to[1] === 1;
  if (keepsRows) {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = innerSum((k) => g[i * cols + k]!, cols, dtype);
    return out;
  }
  return columnSums(g, rows, cols, dtype);
}

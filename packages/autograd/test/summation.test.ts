// Sums are added in the order of PyTorch's CPU kernel (ATen SumKernel.cpp, cascade_sum), because in
// float32 the order shows in the printed value. The expected expressions below were derived by reading
// that kernel, for a 256-bit vector unit (8 float32 or 4 float64 lanes):
//   n < lanes:  row_sum — four interleaved partial sums (elements k, k+4, …), the tail joins the first,
//               then the four are added in order: for n = 5, (((x0 + x4) + x1) + x2) + x3.
//   n ≥ lanes:  one running sum per lane; the elements that do not fill a vector are added first (starting
//               from 0), then the lane sums in order.
// Each case uses data where left-to-right addition gives a different answer, so the order is really tested.

import { describe, expect, it } from "vitest";
import { tensor } from "../src/index";

const f = Math.fround;

describe("summation order", () => {
  it("float32, 5 values: (((x0 + x4) + x1) + x2) + x3", () => {
    const x = [1, 1e-8, 1e-8, 1e-8, -1].map(f);
    const expected = f(f(f(f(x[0]! + x[4]!) + x[1]!) + x[2]!) + x[3]!); // 0 + 3·1e-8 ≈ 3e-8
    const leftToRight = x.reduce((s, v) => f(s + v), 0); // 1 + 1e-8 rounds back to 1: the result is 0
    expect(expected).not.toBe(leftToRight);
    expect(tensor(x, { dtype: "float32" }).sum().item()).toBe(expected);
  });

  it("float64, 5 values (4 lanes): the fifth value first, then the lanes: (((x4 + x0) + x1) + x2) + x3", () => {
    const x = [1e16, 1, 1, 1, -1e16];
    const expected = (((0 + x[4]! + x[0]!) + x[1]!) + x[2]!) + x[3]!; // (−1e16 + 1e16) + 1 + 1 + 1 = 3
    expect(expected).toBe(3);
    expect(x.reduce((s, v) => s + v, 0)).toBe(0); // left to right, each +1 is lost against 1e16
    expect(tensor(x).sum().item()).toBe(3);
  });

  it("float32, 10 values (8 lanes): the 2 tail values first, then lanes 0…7", () => {
    const x = [1e8, 1, 1, 1, 1, 1, 1, 1, -1e8, 1].map(f);
    let expected = f(f(0 + x[8]!) + x[9]!); // −1e8 + 1 rounds to −1e8 (float32 spacing there is 8)
    for (let l = 0; l < 8; l++) expected = f(expected + x[l]!); // + 1e8 → 0, then seven 1s → 7
    expect(expected).toBe(7);
    expect(x.reduce((s, v) => f(s + v), 0)).toBe(1);
    expect(tensor(x, { dtype: "float32" }).sum().item()).toBe(7);
  });

  it("a broadcast gradient is summed back in the same order (a bias added to 5 rows)", () => {
    const b = tensor([0, 0], { requiresGrad: true, dtype: "float32" });
    const rows = [1, 1e-8, 1e-8, 1e-8, -1].map(f);
    const g = tensor(rows.map((v) => [v, 2 * v]), { dtype: "float32" });
    const m = tensor([[0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], { dtype: "float32" });
    m.add(b).backward({ gradient: g });
    const col = (c: number[]) => f(f(f(f(c[0]! + c[4]!) + c[1]!) + c[2]!) + c[3]!);
    expect(b.grad!.tolist()).toEqual([col(rows), col(rows.map((v) => f(2 * v)))]);
  });

  it("mean is the sum divided by the count, and float32 means stay float32", () => {
    const x = [0.1, 0.2, 0.3].map(f);
    const s = f(f(f(x[0]! + x[1]!) + x[2]!)); // 3 < 4: row_sum with no full group of four is left to right
    expect(tensor(x, { dtype: "float32" }).mean().item()).toBe(f(s / 3));
  });
});

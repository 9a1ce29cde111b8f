// The seed lesson (shared/seed/pytorch-training-loop-walkthrough.md), every number in it computed by the
// package. The seed's own numbers are the expected values, except where its text is wrong; there the test
// asserts the true value and says why.

import { afterEach, describe, expect, it } from "vitest";
import { gradAttr, noGrad, optim, setDefaultDtype, type Tensor, tensor, TorchAttributeError } from "../src/index";

/** The seed prints with 2–4 decimals; float64 results agree with its exact decimals to ~1e-12. */
function near(t: Tensor | number, expected: number): void {
  const v = typeof t === "number" ? t : t.item();
  expect(Math.abs(v - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
}

function nearAll(t: Tensor, expected: number[]): void {
  const values = t.tolist() as number[];
  expect(values).toHaveLength(expected.length);
  values.forEach((v, i) => near(v, expected[i]!));
}

function setup() {
  const X = tensor([1, 2, 3, 4, 5]); // X = torch.tensor([1., 2., 3., 4., 5.])
  const y = X.mul(1.0).add(3.0); // y = 1.0 * X + 3.0
  return { X, y, lr: 0.01, N: X.shape[0]! };
}

const forward = (w: Tensor, b: Tensor, X: Tensor) => w.mul(X).add(b); // y_pred = w * X + b
const mse = (yPred: Tensor, y: Tensor) => yPred.sub(y).pow(2).mean(); // ((y_pred - y) ** 2).mean()

describe("seed walkthrough, float64", () => {
  it("data and initial state", () => {
    const { y, N } = setup();
    expect(y.tolist()).toEqual([4, 5, 6, 7, 8]);
    expect(N).toBe(5);
    const w = tensor(0.0, { requiresGrad: true });
    const b = tensor(0.0, { requiresGrad: true });
    expect([w.item(), b.item()]).toEqual([0, 0]);
    expect([w.grad, b.grad]).toEqual([null, null]); // "Initially None"
  });

  it("iteration 1, then iteration 2 with zero_() (scenario A), then without (scenario B)", () => {
    const { X, y, lr } = setup();
    const w = tensor(0.0, { requiresGrad: true });
    const b = tensor(0.0, { requiresGrad: true });

    // --- Iteration 1 ---
    let yPred = forward(w, b, X);
    expect(yPred.tolist()).toEqual([0, 0, 0, 0, 0]);
    const err1 = yPred.sub(y);
    expect(err1.tolist()).toEqual([-4, -5, -6, -7, -8]);
    expect(err1.pow(2).tolist()).toEqual([16, 25, 36, 49, 64]);
    expect(err1.mul(X).tolist()).toEqual([-4, -10, -18, -28, -40]);
    expect(err1.mul(X).sum().item()).toBe(-100); // Sum(error * x)
    expect(err1.sum().item()).toBe(-30); // Sum(error)

    let loss = mse(yPred, y);
    expect(loss.item()).toBe(38); // (16 + 25 + 36 + 49 + 64) / 5 = 190 / 5
    loss.backward();
    near(w.grad!, -40); // (2/5)·(−100)
    near(b.grad!, -12); // (2/5)·(−30)

    noGrad(() => {
      w.sub_(w.grad!.mul(lr)); // w -= lr * w.grad
      b.sub_(b.grad!.mul(lr));
    });
    near(w, 0.4); // 0 − 0.01·(−40)
    near(b, 0.12); // 0 − 0.01·(−12)

    // --- Iteration 2, scenario A: w.grad.zero_(), b.grad.zero_() ---
    w.grad!.zero_();
    b.grad!.zero_();
    expect([w.grad!.item(), b.grad!.item()]).toEqual([0, 0]); // zeroed, not None

    yPred = forward(w, b, X);
    nearAll(yPred, [0.52, 0.92, 1.32, 1.72, 2.12]); // 0.4x + 0.12
    const err2 = yPred.sub(y);
    nearAll(err2, [-3.48, -4.08, -4.68, -5.28, -5.88]);
    near(err2.mul(X).sum(), -76.2); // −3.48 − 8.16 − 14.04 − 21.12 − 29.4
    near(err2.sum(), -23.4);

    loss = mse(yPred, y);
    // THE SEED IS WRONG HERE: it says the loss is "~24.096" (and "Expected: 24.096" in the code).
    // The squared errors are 12.1104, 16.6464, 21.9024, 27.8784, 34.5744; their sum is 113.112 and
    // 113.112 / 5 = 22.6224.
    near(loss, 22.6224);
    loss.backward();
    near(w.grad!, -30.48); // (2/5)·(−76.2)
    near(b.grad!, -9.36); // (2/5)·(−23.4)
    noGrad(() => {
      w.sub_(w.grad!.mul(lr));
      b.sub_(b.grad!.mul(lr));
    });
    near(w, 0.7048); // 0.4 + 0.3048
    near(b, 0.2136); // 0.12 + 0.0936

    // --- Iteration 2, scenario B: the gradients of iteration 1 are still there ---
    const wNoZero = tensor(0.4, { requiresGrad: true });
    const bNoZero = tensor(0.12, { requiresGrad: true });
    wNoZero.grad = tensor(-40.0);
    bNoZero.grad = tensor(-12.0);
    expect([wNoZero.grad.item(), bNoZero.grad.item()]).toEqual([-40, -12]);
    const yPredNoZero = forward(wNoZero, bNoZero, X);
    nearAll(yPredNoZero, [0.52, 0.92, 1.32, 1.72, 2.12]);
    const lossNoZero = mse(yPredNoZero, y);
    near(lossNoZero, 22.6224); // the seed's "24.096" again; see above
    lossNoZero.backward(); // adds to −40 and −12
    near(wNoZero.grad, -70.48); // (−40) + (−30.48)
    near(bNoZero.grad, -21.36); // (−12) + (−9.36)
    noGrad(() => {
      wNoZero.sub_(wNoZero.grad!.mul(lr));
      bNoZero.sub_(bNoZero.grad!.mul(lr));
    });
    near(wNoZero, 1.1048); // 0.4 − 0.01·(−70.48)
    near(bNoZero, 0.3336); // 0.12 − 0.01·(−21.36)
  });

  it("torch.optim.SGD: step, then zero_grad", () => {
    const { X, y, lr } = setup();
    const wOptim = tensor(0.0, { requiresGrad: true });
    const bOptim = tensor(0.0, { requiresGrad: true });
    const optimizer = new optim.SGD([wOptim, bOptim], { lr });
    const lossOptim = mse(forward(wOptim, bOptim, X), y);
    lossOptim.backward();
    near(wOptim.grad!, -40);
    optimizer.step();
    near(wOptim, 0.4);
    near(bOptim, 0.12);

    optimizer.zeroGrad();
    // THE SEED IS WRONG HERE: it prints `w_optim.grad.item()` after `optimizer.zero_grad()` and expects
    // 0.0. Since PyTorch 2.0, zero_grad() defaults to set_to_none=True: w_optim.grad is None, and
    // `w_optim.grad.item()` raises AttributeError: 'NoneType' object has no attribute 'item'.
    expect(wOptim.grad).toBeNull();
    expect(() => gradAttr(wOptim, "item").item()).toThrow(TorchAttributeError);
    expect(() => gradAttr(wOptim, "item")).toThrow("'NoneType' object has no attribute 'item'");
    // What the seed describes is zero_grad(set_to_none=False):
    mse(forward(wOptim, bOptim, X), y).backward();
    optimizer.zeroGrad({ setToNone: false });
    expect(wOptim.grad!.item()).toBe(0);
  });
});

describe("seed walkthrough, float32 (PyTorch's default dtype: what it really prints)", () => {
  afterEach(() => setDefaultDtype("float64"));
  const f = Math.fround;

  it("iteration 1 and the manual update", () => {
    setDefaultDtype("float32");
    const { X, y, lr } = setup();
    const w = tensor(0.0, { requiresGrad: true });
    const b = tensor(0.0, { requiresGrad: true });
    const loss = mse(forward(w, b, X), y);
    expect(loss.item()).toBe(38); // all intermediate values are small integers, exact in float32
    loss.backward();
    // dL/dw by hand, in float32: the mean's backward sends f(1/5) = 0.2f to each (error)², whose backward
    // multiplies by 2·error: f(0.2f · 2e) for e = −4…−8, then by x. Summed in PyTorch's order for 5
    // float32 values (four interleaved partial sums, the fifth value joining the first):
    // ((((v0 + v4) + v1) + v2) + v3).
    const d = [-4, -5, -6, -7, -8].map((e) => f(f(1 / 5) * f(2 * e)));
    const v = d.map((di, i) => f(di * (i + 1)));
    const dw = f(f(f(f(v[0]! + v[4]!) + v[1]!) + v[2]!) + v[3]!);
    expect(dw).toBe(-40);
    expect(w.grad!.item()).toBe(dw);

    noGrad(() => {
      w.sub_(w.grad!.mul(lr));
      b.sub_(b.grad!.mul(lr));
    });
    // lr is a Python float cast to float32: f(0.01) = 0.009999999776482582; times −40 is exactly
    // −0.39999999105930328, halfway between the floats 0.39999997615814209 and 0.40000000596046448; ties go
    // to the even one, 0.39999997615814209. So PyTorch prints `w = 0.4000`, and w.item() is:
    expect(f(f(0.01) * -40)).toBe(-0.3999999761581421);
    expect(w.item()).toBe(0.3999999761581421);
    // dL/db sums the same d = f(0.2f · 2e) without the factor x, and in float32 that sum is not −12:
    // in PyTorch's order, −1.6f − 2 − 2.4f − 2.8f − 3.2f comes to −12.000000953674316 (added left to right it
    // would be exactly −12). So b is not f(0.12) either.
    const db = f(f(f(f(d[0]! + d[4]!) + d[1]!) + d[2]!) + d[3]!);
    expect(db).toBe(-12.000000953674316);
    expect(b.grad!.item()).toBe(db);
    expect(b.item()).toBe(f(0 - f(f(0.01) * db)));
    expect(b.item()).toBe(0.12000000476837158); // prints `b = 0.1200`
  });

  it("iteration 2 (scenario A): y_pred.tolist() prints float32 values, not 0.52, 0.92, …", () => {
    setDefaultDtype("float32");
    const { X, y, lr } = setup();
    const w = tensor(0.0, { requiresGrad: true });
    const b = tensor(0.0, { requiresGrad: true });
    mse(forward(w, b, X), y).backward();
    noGrad(() => {
      w.sub_(w.grad!.mul(lr));
      b.sub_(b.grad!.mul(lr));
    });
    w.grad!.zero_();
    b.grad!.zero_();
    const yPred = forward(w, b, X);
    const wv = 0.3999999761581421;
    const bv = 0.12000000476837158; // from the test above
    const expected = [1, 2, 3, 4, 5].map((x) => f(f(wv * x) + bv));
    // The seed's comment expects [0.52, 0.92, 1.32, 1.72, 2.12]; PyTorch's tolist() of a float32 tensor gives
    // the float32 values widened to Python floats:
    expect(yPred.tolist()).toEqual(expected);
    expect(expected[0]).toBe(0.5199999809265137);

    const loss = mse(yPred, y);
    const sq = expected.map((p, i) => {
      const e = f(p - (i + 4));
      return f(e * e);
    });
    const total = f(f(f(f(sq[0]! + sq[4]!) + sq[1]!) + sq[2]!) + sq[3]!); // PyTorch's order, as above
    expect(loss.item()).toBe(f(total / 5));
    expect(Math.abs(loss.item() - 22.6224)).toBeLessThan(1e-5); // prints 22.622, not the seed's 24.096
  });
});

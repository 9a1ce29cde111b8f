// torch.optim.SGD and torch.optim.Adam: the first three steps against values worked out by hand from the
// update rules on PyTorch's documentation pages, plus PyTorch's zero_grad and skipping behaviour.
//
// Every case minimises f(θ) = θ² from θ0 = 1 (so ∇ = 2θ) unless it says otherwise. The arithmetic is in
// the comments; the expected values are those decimals.

import { describe, expect, it } from "vitest";
import { optim, type Tensor, tensor, TorchValueError } from "../src/index";

/** Runs `steps` iterations of zero_grad → forward θ² → backward → step and returns θ after each. */
function run(makeOpt: (p: Tensor) => optim.Optimizer<unknown>, steps = 3, theta0 = 1): number[] {
  const p = tensor(theta0, { requiresGrad: true });
  const opt = makeOpt(p);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    p.mul(p).backward();
    opt.step();
    out.push(p.item());
  }
  return out;
}

function expectSteps(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(a, `step ${i + 1}`).toBeCloseTo(expected[i]!, 12));
}

describe("SGD", () => {
  it("plain: θ ← θ − γ∇", () => {
    // γ = 0.1: θ1 = 1 − 0.1·2 = 0.8; θ2 = 0.8 − 0.1·1.6 = 0.64; θ3 = 0.64 − 0.1·1.28 = 0.512
    expectSteps(run((p) => new optim.SGD([p], { lr: 0.1 })), [0.8, 0.64, 0.512]);
  });

  it("momentum and weight decay", () => {
    // γ = 0.1, μ = 0.9, λ = 0.01
    // t=1: g = 2·1 + 0.01·1 = 2.01;        b = g = 2.01 (no dampening at t=1)   θ = 1 − 0.201 = 0.799
    // t=2: g = 1.598 + 0.00799 = 1.60599;  b = 0.9·2.01 + 1.60599 = 3.41499     θ = 0.799 − 0.341499 = 0.457501
    // t=3: g = 0.915002 + 0.00457501 = 0.91957701
    //      b = 0.9·3.41499 + 0.91957701 = 3.99306801                            θ = 0.457501 − 0.399306801 = 0.058194199
    expectSteps(
      run((p) => new optim.SGD([p], { lr: 0.1, momentum: 0.9, weightDecay: 0.01 })),
      [0.799, 0.457501, 0.058194199],
    );
  });

  it("nesterov", () => {
    // γ = 0.1, μ = 0.9; the step uses g + μb
    // t=1: g = 2;     b = 2;                           g + μb = 2 + 1.8 = 3.8          θ = 1 − 0.38 = 0.62
    // t=2: g = 1.24;  b = 0.9·2 + 1.24 = 3.04;         g + μb = 1.24 + 2.736 = 3.976   θ = 0.62 − 0.3976 = 0.2224
    // t=3: g = 0.4448; b = 0.9·3.04 + 0.4448 = 3.1808; g + μb = 0.4448 + 2.86272 = 3.30752
    //                                                                                   θ = 0.2224 − 0.330752 = −0.108352
    expectSteps(run((p) => new optim.SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true })), [0.62, 0.2224, -0.108352]);
  });

  it("dampening (not applied at the first step)", () => {
    // γ = 0.1, μ = 0.5, τ = 0.5: b ← μb + (1 − τ)g
    // t=1: g = 2;    b = 2                       θ = 1 − 0.2 = 0.8
    // t=2: g = 1.6;  b = 0.5·2 + 0.5·1.6 = 1.8   θ = 0.8 − 0.18 = 0.62
    // t=3: g = 1.24; b = 0.5·1.8 + 0.5·1.24 = 1.52   θ = 0.62 − 0.152 = 0.468
    expectSteps(run((p) => new optim.SGD([p], { lr: 0.1, momentum: 0.5, dampening: 0.5 })), [0.8, 0.62, 0.468]);
  });

  it("maximize with weight decay: the gradient is negated before the decay term is added", () => {
    // γ = 0.1, λ = 0.5. PyTorch's implementation: g = −∇ + λθ, θ ← θ − γg. (The documentation's pseudocode
    // adds λθ to ∇ and then ascends, which would give θ1 = 1 + 0.1·2.5 = 1.25; PyTorch computes 1.15.)
    // t=1: g = −2 + 0.5 = −1.5;            θ = 1 + 0.15 = 1.15
    // t=2: g = −2.3 + 0.575 = −1.725;      θ = 1.15 + 0.1725 = 1.3225
    // t=3: g = −2.645 + 0.66125 = −1.98375; θ = 1.3225 + 0.198375 = 1.520875
    expectSteps(run((p) => new optim.SGD([p], { lr: 0.1, weightDecay: 0.5, maximize: true })), [1.15, 1.3225, 1.520875]);
  });

  it("validates its options with PyTorch's messages", () => {
    const p = tensor(1, { requiresGrad: true });
    const message = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(TorchValueError);
        return (e as Error).message;
      }
      return "";
    };
    expect(message(() => new optim.SGD([p], { lr: -0.01 }))).toBe("Invalid learning rate: -0.01");
    expect(message(() => new optim.SGD([p], { lr: -1 }))).toBe("Invalid learning rate: -1.0");
    expect(message(() => new optim.SGD([p], { momentum: -0.5 }))).toBe("Invalid momentum value: -0.5");
    expect(message(() => new optim.SGD([p], { weightDecay: -1e-5 }))).toBe("Invalid weight_decay value: -1e-05");
    expect(message(() => new optim.SGD([p], { nesterov: true }))).toBe(
      "Nesterov momentum requires a momentum and zero dampening",
    );
    expect(message(() => new optim.SGD([]))).toBe("optimizer got an empty parameter list");
    expect(message(() => new optim.SGD([p.mul(2)]))).toBe("can't optimize a non-leaf Tensor");
    expect(message(() => new optim.Adam([p], { betas: [1, 0.999] }))).toBe("Invalid beta parameter at index 0: 1.0");
    expect(message(() => new optim.Adam([p], { betas: [0.9, -0.1] }))).toBe("Invalid beta parameter at index 1: -0.1");
    expect(message(() => new optim.Adam([p], { eps: -1 }))).toBe("Invalid epsilon value: -1.0");
  });
});

describe("Adam", () => {
  // The documented rule: m ← β1·m + (1 − β1)g; v ← β2·v + (1 − β2)g²; m̂ = m/(1 − β1^t); v̂ = v/(1 − β2^t);
  // θ ← θ − γ·m̂/(√v̂ + ε). Written out here step by step in plain arithmetic.
  function adamByHand(
    grads: (theta: number) => number,
    { lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0, amsgrad = false } = {},
  ): number[] {
    let theta = 1;
    let m = 0;
    let v = 0;
    let vmax = 0;
    const out: number[] = [];
    for (let t = 1; t <= 3; t++) {
      const g = grads(theta) + wd * theta;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      vmax = Math.max(vmax, v);
      const mHat = m / (1 - b1 ** t);
      const vHat = (amsgrad ? vmax : v) / (1 - b2 ** t);
      theta = theta - (lr * mHat) / (Math.sqrt(vHat) + eps);
      out.push(theta);
    }
    return out;
  }

  it("default betas and eps, lr = 0.1", () => {
    // t=1: g = 2; m = 0.2; v = 0.004; m̂ = 0.2/0.1 = 2; v̂ = 0.004/0.001 = 4;
    //      θ = 1 − 0.1·2/(2 + 1e-8) = 1 − 0.0999999995 = 0.9000000005
    // t=2: g = 1.800000001; m = 0.18 + 0.1800000001 = 0.3600000001; v = 0.003996 + 0.0032400000036 = 0.0072360000036
    //      m̂ = m/0.19 ≈ 1.8947368426; v̂ = v/0.001999 ≈ 3.6198099067; θ ≈ 0.9000000005 − 0.1·1.8947/1.9026 ≈ 0.80041
    //      = 0.9000000005 − 0.1·1.8947368426/(1.9025798661 + 1e-8) ≈ 0.8004122287
    // t=3: g = 1.6008244574; m = 0.9·0.3600000001 + 0.1·g = 0.4840824458; v = 0.999·0.0072360000036 + 0.001·g² = 0.0097914029
    //      m̂ = m/0.271 ≈ 1.7862820879; v̂ = v/0.002997001 ≈ 3.2670669603; θ ≈ 0.8004122287 − 0.1·1.7862820879/1.8075030955 ≈ 0.7015862729
    const byHand = adamByHand((th) => 2 * th, { lr: 0.1 });
    expect(byHand[0]).toBeCloseTo(0.9000000005, 15);
    const steps = run((p) => new optim.Adam([p], { lr: 0.1 }));
    expect(steps[0]).toBeCloseTo(0.9000000005, 12);
    expect(steps[1]).toBeCloseTo(0.8004122287, 9);
    expect(steps[2]).toBeCloseTo(0.7015862729, 9);
    expectSteps(steps, byHand);
  });

  it("weight decay (added to the gradient, not decoupled)", () => {
    // t=1: g = 2 + 0.1·1 = 2.1; m̂ = 2.1, v̂ = 4.41; θ = 1 − 0.1·2.1/(2.1 + 1e-8) ≈ 0.9 (+ 4.8e-10)
    const byHand = adamByHand((th) => 2 * th, { lr: 0.1, wd: 0.1 });
    expectSteps(run((p) => new optim.Adam([p], { lr: 0.1, weightDecay: 0.1 })), byHand);
  });

  it("amsgrad keeps the largest v (then bias-corrects it), and that changes the step", () => {
    // Gradients 1, 0.01, 0.01 (assigned), lr = 0.1:
    // t=1: v = 0.001;              v_max = 0.001
    // t=2: v = 0.000999 + 1e-7 = 0.0009991 < v_max, so v_max stays 0.001 and the denominator is
    //      √(0.001/0.001999) ≈ 0.70729 instead of √(0.0009991/0.001999) ≈ 0.70697.
    // (Older documentation pages took the maximum of v̂ instead; PyTorch's code keeps the maximum of v.)
    const grads = [1, 0.01, 0.01];
    const results = (amsgrad: boolean) => {
      const p = tensor(1, { requiresGrad: true });
      const opt = new optim.Adam([p], { lr: 0.1, amsgrad });
      return grads.map((g) => {
        p.grad = tensor(g);
        opt.step();
        return p.item();
      });
    };
    let k = 0;
    const byHand = adamByHand(() => grads[k++]!, { lr: 0.1, amsgrad: true });
    expectSteps(results(true), byHand);
    k = 0;
    const plain = adamByHand(() => grads[k++]!, { lr: 0.1 });
    expectSteps(results(false), plain);
    expect(Math.abs(byHand[1]! - plain[1]!)).toBeGreaterThan(1e-6);
  });

  it("keeps PyTorch's state: step, exp_avg, exp_avg_sq", () => {
    const p = tensor(1, { requiresGrad: true });
    const opt = new optim.Adam([p], { lr: 0.1 });
    p.grad = tensor(2);
    opt.step();
    const s = opt.state.get(p)!;
    expect(s.step).toBe(1);
    expect(s.expAvg.item()).toBeCloseTo(0.2, 15); // 0.1·2
    expect(s.expAvgSq.item()).toBeCloseTo(0.004, 15); // 0.001·4
    expect(s.maxExpAvgSq).toBeNull();
  });
});

describe("zeroGrad and skipping", () => {
  it("zeroGrad() sets every grad to null (PyTorch 2.x); setToNone: false fills zeros in place", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const opt = new optim.SGD([w], { lr: 0.1 });
    w.sum().backward();
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    w.sum().backward();
    const g = w.grad!;
    opt.zeroGrad({ setToNone: false });
    expect(w.grad).toBe(g);
    expect(g.tolist()).toEqual([0, 0]);
  });

  it("a null grad is skipped; a zero grad is a step — with momentum, the parameter still moves", () => {
    // t=1 with ∇ = 1: b = 1, θ = 1 − 0.1 = 0.9. Then:
    //   grad None → skipped: θ stays 0.9
    //   grad 0    → b = 0.9·1 + 0 = 0.9, θ = 0.9 − 0.09 = 0.81
    const make = () => {
      const p = tensor(1, { requiresGrad: true });
      const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
      p.grad = tensor(1);
      opt.step();
      return { p, opt };
    };
    const a = make();
    a.opt.zeroGrad();
    a.opt.step();
    expect(a.p.item()).toBeCloseTo(0.9, 15);
    const b = make();
    b.opt.zeroGrad({ setToNone: false });
    b.opt.step();
    expect(b.p.item()).toBeCloseTo(0.81, 15);
    expect(b.opt.state.get(b.p)!.momentumBuffer!.item()).toBeCloseTo(0.9, 15);
  });

  it("with weight decay, a zero grad still shrinks the parameter; a null grad does not", () => {
    // g = 0 + 0.5·1 = 0.5; θ = 1 − 0.1·0.5 = 0.95
    const p = tensor(1, { requiresGrad: true });
    const opt = new optim.SGD([p], { lr: 0.1, weightDecay: 0.5 });
    opt.step(); // grad is null: nothing happens
    expect(p.item()).toBe(1);
    p.grad = tensor(0);
    opt.step();
    expect(p.item()).toBeCloseTo(0.95, 15);
  });

  it("Adam skips a null grad without counting a step", () => {
    const p = tensor(1, { requiresGrad: true });
    const q = tensor(1, { requiresGrad: true });
    const opt = new optim.Adam([p, q], { lr: 0.1 });
    p.grad = tensor(2);
    opt.step();
    expect(opt.state.has(q)).toBe(false);
    expect(q.item()).toBe(1);
    expect(opt.state.get(p)!.step).toBe(1);
  });

  it("steps a float32 parameter in float32", () => {
    // θ = f(1 − f(f(0.1)·2)): f(0.1) = 0.10000000149011612, times 2 is exact, 1 − 0.20000000298 = 0.79999999702
    // rounds to the float 0.800000011920929.
    const f = Math.fround;
    const p = tensor(1, { requiresGrad: true, dtype: "float32" });
    p.grad = tensor(2, { dtype: "float32" });
    new optim.SGD([p], { lr: 0.1 }).step();
    expect(p.item()).toBe(f(1 - f(f(0.1) * 2)));
    expect(p.item()).toBe(0.800000011920929);
  });
});

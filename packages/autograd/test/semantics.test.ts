// PyTorch 2.x autograd semantics, including the behaviours students find surprising, and PyTorch's errors
// with its own wording. Expected values are worked out by hand in the comments.

import { describe, expect, it } from "vitest";
import {
  add,
  div,
  exportGraph,
  gradAttr,
  gradZero_,
  isGradEnabled,
  matmul,
  mul,
  noGrad,
  pow,
  sub,
  type Tensor,
  tensor,
  TorchAttributeError,
  TorchError,
  TorchRuntimeError,
  TorchValueError,
} from "../src/index";

const LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation.";
const SECOND_BACKWARD =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have " +
  "already been freed). Saved intermediate values of the graph are freed when you call .backward() or " +
  "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if " +
  "you need to access saved tensors after calling backward.";

function thrown(fn: () => unknown): TorchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TorchError) return e;
    throw e;
  }
  throw new Error("expected a TorchError, nothing was thrown");
}

describe(".grad", () => {
  it("is null until the first backward, then holds the gradient", () => {
    const w = tensor(3, { requiresGrad: true });
    expect(w.grad).toBeNull();
    w.mul(w).backward(); // d(w²)/dw = 2w = 6
    expect(w.grad!.item()).toBe(6);
  });

  it("accumulates: each backward adds into .grad, it never overwrites", () => {
    const w = tensor(3, { requiresGrad: true });
    w.mul(2).backward(); // +2
    w.mul(w).backward(); // +6
    expect(w.grad!.item()).toBe(8);
  });

  it("accumulates in place: the same .grad tensor object is updated", () => {
    const w = tensor(1, { requiresGrad: true });
    w.mul(5).backward();
    const g = w.grad!;
    w.mul(5).backward();
    expect(w.grad).toBe(g);
    expect(g.item()).toBe(10);
  });

  it("is filled only for leaves that require grad; a non-leaf's stays null unless retainGrad()", () => {
    const w = tensor(2, { requiresGrad: true });
    const x = tensor(5); // data: requiresGrad false
    const h = w.mul(x); // non-leaf
    const out = h.mul(h); // (wx)²
    out.backward();
    expect(w.grad!.item()).toBe(2 * 10 * 5); // 2(wx)·x = 100
    expect(x.grad).toBeNull();
    expect(h.grad).toBeNull();
    expect(out.grad).toBeNull();

    const w2 = tensor(2, { requiresGrad: true });
    const h2 = w2.mul(x);
    h2.retainGrad();
    const out2 = h2.mul(h2);
    out2.retainGrad();
    out2.backward();
    expect(h2.grad!.item()).toBe(20); // d(h²)/dh = 2h = 20
    expect(out2.grad!.item()).toBe(1);
  });

  it("retainGrad() is a no-op on a leaf and an error on a tensor that does not require grad", () => {
    const w = tensor(1, { requiresGrad: true });
    w.retainGrad();
    w.mul(3).backward();
    expect(w.grad!.item()).toBe(3);
    expect(thrown(() => tensor(1).retainGrad()).message).toBe(
      "can't retain_grad on Tensor that has requires_grad=False",
    );
  });

  it("a value used twice gets both contributions (x·x, x + x)", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).add(x.add(x)).sum().backward(); // d/dx (x² + 2x) = 2x + 2
    expect(x.grad!.tolist()).toEqual([4, 6, 8]);
  });

  it("can be assigned, checked for shape and dtype, and then accumulates (the seed's scenario B)", () => {
    const w = tensor(0.4, { requiresGrad: true });
    w.grad = tensor(-40);
    w.mul(2).backward();
    expect(w.grad.item()).toBe(-38);
    expect(thrown(() => (w.grad = tensor([1, 2]))).message).toBe(
      "attempting to assign a gradient of size '[2]' to a tensor of size '[]'. Please ensure that the gradient " +
        "and the tensor are the same size",
    );
    expect(thrown(() => (w.grad = tensor(1, { dtype: "float32" }))).message).toBe(
      "attempting to assign a gradient with dtype 'float' to a tensor with dtype 'double'. Please ensure that " +
        "the gradient and the tensor have the same dtype",
    );
    expect(thrown(() => (w.grad = w)).message).toBe("can't assign Variable as its own grad");
  });
});

describe("requiresGrad, leaves and grad_fn", () => {
  it("propagates through ops; results of constants only are leaves without grad_fn", () => {
    const w = tensor(1, { requiresGrad: true });
    const x = tensor([1, 2]);
    const y = w.mul(x);
    expect([y.requiresGrad, y.isLeaf, y.gradFn]).toEqual([true, false, "MulBackward0"]);
    const z = x.mul(2);
    expect([z.requiresGrad, z.isLeaf, z.gradFn]).toEqual([false, true, null]);
    expect([w.isLeaf, w.gradFn, x.isLeaf]).toEqual([true, null, true]);
  });

  it("names each op's grad_fn as PyTorch prints it", () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const m = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const names: [Tensor, string][] = [
      [a.add(1), "AddBackward0"],
      [add(1, a), "AddBackward0"], // 1 + a
      [a.sub(1), "SubBackward0"],
      [sub(1, a), "RsubBackward1"], // 1 - a is torch.rsub
      [a.mul(a), "MulBackward0"],
      [mul(2, a), "MulBackward0"],
      [a.div(2), "DivBackward0"],
      [div(1, a), "MulBackward0"], // 1 / a is a.reciprocal() * 1
      [a.pow(2), "PowBackward0"],
      [a.pow(a), "PowBackward1"],
      [pow(2, a), "PowBackward2"],
      [a.neg(), "NegBackward0"],
      [a.exp(), "ExpBackward0"],
      [a.log(), "LogBackward0"],
      [a.tanh(), "TanhBackward0"],
      [a.sigmoid(), "SigmoidBackward0"],
      [a.relu(), "ReluBackward0"],
      [a.reciprocal(), "ReciprocalBackward0"],
      [a.sum(), "SumBackward0"],
      [a.mean(), "MeanBackward0"],
      [a.matmul(a), "DotBackward0"],
      [m.matmul(a), "MvBackward0"],
      [m.matmul(m), "MmBackward0"],
      [matmul(a, m), "SqueezeBackward4"], // unsqueeze(0) → mm → squeeze_(0)
      [a.mul(1).add_(1), "AddBackward0"],
      [a.mul(1).sub_(1), "SubBackward0"],
      [a.mul(1).mul_(2), "MulBackward0"],
      [a.mul(1).zero_(), "ZeroBackward0"],
    ];
    for (const [t, name] of names) expect(t.gradFn).toBe(name);
  });

  it("only a leaf's requiresGrad can be set", () => {
    const w = tensor(1);
    w.requiresGrad = true;
    const y = w.mul(2);
    expect(thrown(() => (y.requiresGrad = false)).message).toBe(
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a " +
        "subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    );
    expect(thrown(() => (y.requiresGrad = true)).message).toBe(
      "you can only change requires_grad flags of leaf variables.",
    );
  });

  it("detach() is a leaf without grad sharing the same memory", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const d = w.detach();
    expect([d.requiresGrad, d.isLeaf]).toEqual([false, true]);
    d.mul_(10); // allowed: d does not require grad
    expect(w.tolist()).toEqual([10, 20]);
  });
});

describe("noGrad", () => {
  it("returns fn's result; results inside do not require grad", () => {
    const w = tensor(1, { requiresGrad: true });
    const y = noGrad(() => w.mul(2));
    expect([y.requiresGrad, y.isLeaf, y.gradFn, y.item()]).toEqual([false, true, null, 2]);
  });

  it("nests and restores the previous mode, also when fn throws", () => {
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      noGrad(() => expect(isGradEnabled()).toBe(false));
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(isGradEnabled()).toBe(true);
  });

  it("allows the manual update of a leaf that requires grad: w -= lr * w.grad", () => {
    const w = tensor(0, { requiresGrad: true });
    w.mul(-40).backward();
    noGrad(() => w.sub_(w.grad!.mul(0.01)));
    expect(w.item()).toBe(0.4);
    expect([w.isLeaf, w.requiresGrad]).toEqual([true, true]);
  });
});

describe("PyTorch's errors", () => {
  it("in-place op on a leaf that requires grad, outside noGrad", () => {
    const w = tensor(1, { requiresGrad: true });
    for (const op of [() => w.add_(1), () => w.sub_(1), () => w.mul_(2), () => w.zero_()]) {
      const e = thrown(op);
      expect(e).toBeInstanceOf(TorchRuntimeError);
      expect(e.pyType).toBe("RuntimeError");
      expect(e.message).toBe(LEAF_INPLACE);
      expect(String(e)).toBe(`RuntimeError: ${LEAF_INPLACE}`);
    }
    expect(w.item()).toBe(1); // nothing was changed
  });

  it("a second backward through a freed graph, without retainGraph", () => {
    const w = tensor(2, { requiresGrad: true });
    const loss = w.mul(w); // MulBackward0 saves w
    loss.backward();
    expect(thrown(() => loss.backward()).message).toBe(SECOND_BACKWARD);
    expect(w.grad!.item()).toBe(4); // unchanged by the failed call
  });

  it("retainGraph keeps the graph: a second backward adds the gradient again", () => {
    const w = tensor(2, { requiresGrad: true });
    const loss = w.mul(w);
    loss.backward({ retainGraph: true });
    loss.backward();
    expect(w.grad!.item()).toBe(8);
    expect(thrown(() => loss.backward()).message).toBe(SECOND_BACKWARD);
  });

  it("a graph that saved no tensors (additions, sums) can be run backward again, as in PyTorch", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const s = w.add(1).sum();
    s.backward();
    s.backward();
    expect(w.grad!.tolist()).toEqual([2, 2]);
  });

  it("implicit gradient for a non-scalar output", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(thrown(() => w.mul(2).backward()).message).toBe("grad can be implicitly created only for scalar outputs");
    const g = tensor([1, 10]);
    w.mul(2).backward({ gradient: g }); // vector-Jacobian product: 2·g
    expect(w.grad!.tolist()).toEqual([2, 20]);
    expect(thrown(() => w.mul(2).backward({ gradient: tensor([1, 2, 3]) })).message).toBe(
      "Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).",
    );
  });

  it("backward on a tensor that does not require grad", () => {
    expect(thrown(() => tensor(1).mul(2).backward()).message).toBe(
      "element 0 of tensors does not require grad and does not have a grad_fn",
    );
  });

  it("item() on more than one element", () => {
    expect(thrown(() => tensor([1, 2, 3, 4, 5]).item()).message).toBe(
      "a Tensor with 5 elements cannot be converted to Scalar",
    );
    expect(tensor([[7]]).item()).toBe(7);
  });

  it("`w.grad.zero_()` while w.grad is None: AttributeError, as Python raises (not TypeError)", () => {
    const w = tensor(1, { requiresGrad: true });
    const e = thrown(() => gradZero_(w));
    expect(e).toBeInstanceOf(TorchAttributeError);
    expect(e.pyType).toBe("AttributeError");
    expect(e.message).toBe("'NoneType' object has no attribute 'zero_'");
    expect(thrown(() => gradAttr(w, "item").item()).message).toBe("'NoneType' object has no attribute 'item'");

    w.mul(3).backward();
    const g = w.grad!;
    gradZero_(w);
    expect(w.grad).toBe(g); // zeroed in place, not replaced
    expect(g.item()).toBe(0);
  });

  it("broadcasting and matmul shape errors", () => {
    expect(thrown(() => tensor([1, 2, 3]).add(tensor([1, 2, 3, 4]))).message).toBe(
      "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0",
    );
    expect(thrown(() => tensor([[1, 2, 3]]).mul(tensor([[1, 2], [3, 4]]))).message).toBe(
      "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1",
    );
    expect(thrown(() => tensor([1, 2]).add_(tensor([[1, 2], [3, 4]]))).message).toBe(
      "output with shape [2] doesn't match the broadcast shape [2, 2]",
    );
    expect(thrown(() => tensor(1).matmul(tensor([1]))).message).toBe(
      "both arguments to matmul need to be at least 1D, but they are 0D and 1D",
    );
    expect(thrown(() => tensor([[1, 2, 3]]).matmul(tensor([[1, 2]]))).message).toBe(
      "mat1 and mat2 shapes cannot be multiplied (1x3 and 1x2)",
    );
    expect(thrown(() => tensor([[1, 2, 3]]).matmul(tensor([1, 2]))).message).toBe(
      "size mismatch, got input (1), mat (1x3), vec (2)",
    );
    expect(thrown(() => tensor([1, 2, 3]).matmul(tensor([1, 2]))).message).toBe(
      "inconsistent tensor size, expected tensor [3] and src [2] to have the same number of elements, but got 3 " +
        "and 2 elements respectively",
    );
  });

  it("ragged data", () => {
    const e = thrown(() => tensor([[1, 2], [3]]));
    expect(e).toBeInstanceOf(TorchValueError);
    expect(e.message).toBe("expected sequence of length 2 at dim 1 (got 1)");
  });
});

describe("in-place ops and the version counter", () => {
  it("in grad mode, an in-place op on a non-leaf rebases its history", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const h = w.mul(3);
    h.add_(w); // h = 3w + w
    expect(h.gradFn).toBe("AddBackward0");
    h.sum().backward();
    expect(w.grad!.tolist()).toEqual([4, 4]);
  });

  it("an in-place op with an operand that requires grad makes a constant tensor a non-leaf", () => {
    const w = tensor(2, { requiresGrad: true });
    const acc = tensor([1, 1]);
    acc.mul_(w); // acc = [w, w]
    expect([acc.isLeaf, acc.requiresGrad, acc.gradFn]).toEqual([false, true, "MulBackward0"]);
    acc.sum().backward();
    expect(w.grad!.item()).toBe(2);
  });

  it("every in-place change bumps the version, also under noGrad and through detach()", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(w._version).toBe(0);
    noGrad(() => w.add_(1));
    w.detach().mul_(2);
    expect(w._version).toBe(2);
    expect(w.tolist()).toEqual([4, 6]);
  });

  it("modifying a tensor that backward needs fails at backward, with PyTorch's message", () => {
    const X = tensor([1, 2, 3]);
    const w = tensor(1, { requiresGrad: true });
    const loss = w.mul(X).sum(); // MulBackward0 saved X to compute dL/dw = Σ X
    X.mul_(2);
    expect(thrown(() => loss.backward()).message).toBe(
      "one of the variables needed for gradient computation has been modified by an inplace operation: " +
        "[torch.DoubleTensor [3]] is at version 1; expected version 0 instead. Hint: enable anomaly detection " +
        "to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).",
    );

    const x = tensor([0, 1], { requiresGrad: true });
    const y = x.exp(); // ExpBackward0 saves its result y
    y.add_(1);
    expect(thrown(() => y.sum().backward()).message).toBe(
      "one of the variables needed for gradient computation has been modified by an inplace operation: " +
        "[torch.DoubleTensor [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 " +
        "instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, " +
        "with torch.autograd.set_detect_anomaly(True).",
    );
  });

  it("updating w before backward does not fail when w was not saved — the gradient is the old one", () => {
    // loss = mean((w·X − y)²): MulBackward0 saves X (for dL/dw), not w; PowBackward0 saves (w·X − y).
    const X = tensor([1, 2]);
    const y = tensor([3, 5]);
    const w = tensor(0, { requiresGrad: true });
    const loss = w.mul(X).sub(y).pow(2).mean();
    noGrad(() => w.add_(100));
    loss.backward(); // dL/dw at w = 0: mean(2(0 − y)·X) = (2·(−3)·1 + 2·(−5)·2)/2 = −13
    expect(w.grad!.item()).toBe(-13);
  });
});

describe("deep graphs", () => {
  it("a 100,000-op chain runs backward without overflowing the stack", () => {
    const x = tensor(1, { requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < 100_000; i++) y = y.add(1);
    y.backward();
    expect(y.item()).toBe(100_001);
    expect(x.grad!.item()).toBe(1);
    expect(exportGraph(y).nodes).toHaveLength(100_001);
  });
});

describe("values at the edges", () => {
  it("relu's gradient at exactly 0 is 0; NaN passes through relu", () => {
    const x = tensor([-1, 0, 2, Number.NaN], { requiresGrad: true });
    const y = x.relu();
    expect(y.tolist()).toEqual([0, 0, 2, Number.NaN]);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 0, 1, 1]);
  });

  it("log, div and pow follow IEEE: log(0) = -inf, 1/0 = inf, 0^0 = 1", () => {
    expect(tensor([0, -1]).log().tolist()).toEqual([-Infinity, Number.NaN]);
    expect(tensor(1).div(tensor(0)).item()).toBe(Infinity);
    expect(tensor(0).pow(0).item()).toBe(1);
    expect(tensor(1).pow(tensor(Number.NaN)).item()).toBe(1); // C's pow, unlike Math.pow
    expect(tensor([]).sum().item()).toBe(0);
    expect(tensor([]).mean().item()).toBeNaN();
  });
});

describe("dtypes", () => {
  const f = Math.fround;

  it("float64 by default; float32 values are rounded as PyTorch stores them", () => {
    expect(tensor(0.1).dtype).toBe("float64");
    expect(tensor(0.1).item()).toBe(0.1);
    const t = tensor(0.1, { dtype: "float32" });
    expect(t.dtype).toBe("float32");
    expect(t.item()).toBe(0.10000000149011612); // f(0.1)
  });

  it("promotes like torch.result_type: dimensions outrank 0-d tensors, which outrank plain numbers", () => {
    const v32 = tensor([1, 2], { dtype: "float32" });
    const v64 = tensor([1, 2]);
    const s32 = tensor(1, { dtype: "float32" });
    const s64 = tensor(1);
    expect(v32.mul(s64).dtype).toBe("float32"); // a float64 0-d tensor does not widen a float32 vector
    expect(v32.mul(v64).dtype).toBe("float64");
    expect(s32.mul(s64).dtype).toBe("float64");
    expect(s32.mul(v64).dtype).toBe("float64");
    // A plain number is cast to the tensor's dtype: 3 · f(0.1), rounded to float32.
    const r = tensor([3], { dtype: "float32" }).mul(0.1);
    expect(r.dtype).toBe("float32");
    expect(r.item()).toBe(f(3 * f(0.1)));
  });

  it("a gradient is cast to its leaf's dtype", () => {
    const w = tensor(0.1, { requiresGrad: true, dtype: "float32" });
    const X = tensor([1, 2, 3]);
    const out = w.mul(X); // float64: X has dimensions, w is 0-d
    expect(out.dtype).toBe("float64");
    out.backward({ gradient: tensor([0.1, 0.1, 0.1]) });
    expect(w.grad!.dtype).toBe("float32");
    // In float64: 0.1·1 + 0.1·2 + 0.1·3 in PyTorch's order for 3 values, then rounded to float32.
    expect(w.grad!.item()).toBe(f(0.1 * 1 + 0.1 * 2 + 0.1 * 3));
  });
});

describe("graph export", () => {
  it("gives every value of the seed's loss with its op, value and grad, operands before results", () => {
    const X = tensor([1, 2], { name: "X" });
    const y = tensor([4, 5], { name: "y" });
    const w = tensor(0, { requiresGrad: true, name: "w" });
    const b = tensor(0, { requiresGrad: true, name: "b" });
    const loss = w.mul(X).add(b).sub(y).pow(2).mean();
    loss.name = "loss";
    loss.backward();
    const g = exportGraph(loss);
    expect(g.nodes.map((n) => n.name ?? n.op)).toEqual([
      "w",
      "X",
      "MulBackward0",
      "b",
      "AddBackward0",
      "y",
      "SubBackward0",
      "PowBackward0",
      "loss",
    ]);
    const byName = new Map(g.nodes.map((n) => [n.name ?? n.op, n]));
    expect(byName.get("w")).toMatchObject({ op: "leaf", value: [0], grad: [-14], requiresGrad: true, isLeaf: true });
    expect(byName.get("X")).toMatchObject({ op: "leaf", grad: null, requiresGrad: false, shape: [2] });
    expect(byName.get("PowBackward0")).toMatchObject({ value: [16, 25], grad: null, isLeaf: false });
    expect(byName.get("loss")).toMatchObject({ op: "MeanBackward0", value: [20.5], shape: [] });
    const id = (k: string) => byName.get(k)!.id;
    expect(g.edges).toContainEqual({ from: id("w"), to: id("MulBackward0") });
    expect(g.edges).toContainEqual({ from: id("SubBackward0"), to: id("PowBackward0") });
    expect(g.edges).toHaveLength(8);
  });

  it("draws x·x as two edges, and keeps the value an in-place op overwrote", () => {
    const x = tensor(3, { requiresGrad: true, name: "x" });
    const sq = x.mul(x);
    expect(exportGraph(sq).edges).toEqual([
      { from: "n0", to: "n1" },
      { from: "n0", to: "n1" },
    ]);
    sq.add_(1);
    const g = exportGraph(sq);
    expect(g.nodes.map((n) => [n.op, n.value[0]])).toEqual([
      ["leaf", 3],
      ["MulBackward0", 9],
      ["AddBackward0", 10],
    ]);
  });
});

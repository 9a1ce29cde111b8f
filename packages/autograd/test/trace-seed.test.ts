// The seed walkthrough (seed/pytorch-training-loop-walkthrough.md), number by number. Where the walkthrough is
// wrong the test asserts what PyTorch does and says why.
import { describe, expect, it } from "vitest";
import { seedLesson, traceLesson, type Checkpoint, type Value } from "../src/brain";

const trace = traceLesson(seedLesson);

function at(id: string): Checkpoint {
  const c = trace.checkpoints.find((k) => k.id === id);
  if (!c) throw new Error(`no checkpoint ${id}`);
  return c;
}

function num(id: string, q: string): number {
  const v = at(id).values[q];
  if (v?.kind !== "number") throw new Error(`${id} ${q} is ${JSON.stringify(v)}`);
  return v.value;
}

function vec(id: string, q: string): number[] {
  const v = at(id).values[q];
  if (v?.kind !== "vector") throw new Error(`${id} ${q} is ${JSON.stringify(v)}`);
  return v.value;
}

const close = (xs: number[], ys: number[]) => {
  expect(xs).toHaveLength(ys.length);
  xs.forEach((x, i) => expect(x).toBeCloseTo(ys[i]!, 10));
};

describe("seed lesson: iteration 1", () => {
  it("starts with w = b = 0 and no gradient (None)", () => {
    expect(at("start.s1").values.w).toEqual({ kind: "number", value: 0 });
    expect(at("start.s1").values["w.grad"]).toEqual({ kind: "none" });
    expect(at("start.s3").values["w.grad"]).toEqual({ kind: "none" });
  });

  it("predicts 0 everywhere", () => {
    close(vec("it1.s3", "y_pred"), [0, 0, 0, 0, 0]);
  });

  it("has loss (16 + 25 + 36 + 49 + 64) / 5 = 38", () => {
    expect(num("it1.s5", "loss")).toBeCloseTo(190 / 5, 12);
  });

  it("has gradients (2/5)(-100) = -40 and (2/5)(-30) = -12", () => {
    expect(num("it1.s7", "w.grad")).toBeCloseTo((2 / 5) * -100, 12);
    expect(num("it1.s7", "b.grad")).toBeCloseTo((2 / 5) * -30, 12);
  });

  it("updates to w = 0.4 and b = 0.12", () => {
    expect(num("it1.s9", "w")).toBeCloseTo(0 - 0.01 * -40, 12);
    expect(num("it1.s9", "b")).toBe(0); // b is updated on the next line
    expect(num("it1.s10", "b")).toBeCloseTo(0 - 0.01 * -12, 12);
  });
});

describe("seed lesson: iteration 2, scenario A (zeroed)", () => {
  it("w.grad.zero_() leaves 0, not None", () => {
    expect(num("it2a.s2", "w.grad")).toBe(0);
    expect(num("it2a.s2", "b.grad")).toBeCloseTo(-12, 12);
    expect(num("it2a.s3", "b.grad")).toBe(0);
  });

  it("predicts 0.4x + 0.12", () => {
    close(vec("it2a.s5", "y_pred"), [0.52, 0.92, 1.32, 1.72, 2.12]);
  });

  it("has loss 22.6224, not the walkthrough's 24.096", () => {
    // Errors -3.48, -4.08, -4.68, -5.28, -5.88; their squares sum to 113.112.
    const errors = [-3.48, -4.08, -4.68, -5.28, -5.88];
    const mse = errors.reduce((s, e) => s + e * e, 0) / 5;
    expect(mse).toBeCloseTo(22.6224, 12);
    expect(num("it2a.s7", "loss")).toBeCloseTo(mse, 10);
    expect(num("it2a.s7", "loss")).not.toBeCloseTo(24.096, 1);
  });

  it("has gradients (2/5)(-76.2) = -30.48 and (2/5)(-23.4) = -9.36", () => {
    expect(num("it2a.s9", "w.grad")).toBeCloseTo(-30.48, 10);
    expect(num("it2a.s9", "b.grad")).toBeCloseTo(-9.36, 10);
  });

  it("updates to w = 0.7048 and b = 0.2136", () => {
    expect(num("it2a.s11", "w")).toBeCloseTo(0.7048, 10);
    expect(num("it2a.s12", "b")).toBeCloseTo(0.2136, 10);
  });
});

describe("seed lesson: iteration 2, scenario B (not zeroed)", () => {
  it("starts from the state after iteration 1 with the old gradients", () => {
    expect(num("it2b.s1", "w_no_zero")).toBe(0.4);
    expect(at("it2b.s1").values["w_no_zero.grad"]).toEqual({ kind: "none" });
    expect(num("it2b.s4", "w_no_zero.grad")).toBe(-40);
    expect(num("it2b.s4", "b_no_zero.grad")).toBe(-12);
  });

  it("predicts and loses the same as scenario A", () => {
    close(vec("it2b.s8", "y_pred_no_zero"), [0.52, 0.92, 1.32, 1.72, 2.12]);
    expect(num("it2b.s10", "loss_no_zero")).toBeCloseTo(22.6224, 10);
  });

  it("accumulates: -40 + -30.48 = -70.48 and -12 + -9.36 = -21.36", () => {
    expect(num("it2b.s12", "w_no_zero.grad")).toBeCloseTo(-70.48, 10);
    expect(num("it2b.s12", "b_no_zero.grad")).toBeCloseTo(-21.36, 10);
  });

  it("overshoots to w = 1.1048 and b = 0.3336", () => {
    expect(num("it2b.s14", "w_no_zero")).toBeCloseTo(1.1048, 10);
    expect(num("it2b.s15", "b_no_zero")).toBeCloseTo(0.3336, 10);
  });

  it("leaves scenario A's tensors alone", () => {
    expect(num("it2b.s15", "w")).toBeCloseTo(0.7048, 10);
    expect(num("it2b.s15", "w.grad")).toBeCloseTo(-30.48, 10);
  });
});

describe("seed lesson: torch.optim.SGD", () => {
  it("computes w_optim.grad = -40 and steps to 0.4", () => {
    expect(num("sgd.s8", "w_optim.grad")).toBeCloseTo(-40, 12);
    expect(num("sgd.s10", "w_optim")).toBeCloseTo(0.4, 12);
    expect(num("sgd.s10", "b_optim")).toBeCloseTo(0.12, 12);
  });

  it("zero_grad() sets .grad to None in PyTorch 2.x (the walkthrough's comment says 0.0)", () => {
    expect(at("sgd.s12").values["w_optim.grad"]).toEqual({ kind: "none" });
    expect(at("sgd.s12").values["b_optim.grad"]).toEqual({ kind: "none" });
    expect(at("sgd.s12").values["w_optim.grad"]).toEqual({ kind: "none" });
  });

  it("so the walkthrough's w_optim.grad.item() raises AttributeError", () => {
    const c = at("sgd.s13");
    expect(c.raised).toEqual<Value>({
      kind: "error",
      pyType: "AttributeError",
      message: "'NoneType' object has no attribute 'item'",
    });
    expect(c.values["w_optim"]).toEqual(at("sgd.s12").values["w_optim"]);
  });
});

describe("seed lesson: checkpoints", () => {
  it("has one checkpoint per line that runs, with readable ids, lines and labels", () => {
    // Every line of code runs once but the two bodies of `if w.grad is not None:` (the test is false).
    const code = seedLesson.source.filter((l) => l.trim() !== "" && !l.trim().startsWith("#") && !/^\s*(if |with )/.test(l));
    expect(trace.checkpoints).toHaveLength(code.length - 2);
    expect(trace.checkpoints.some((c) => seedLesson.source[c.line]!.trim() === "w.grad = None")).toBe(false);
    trace.checkpoints.forEach((c, i) => expect(c.index).toBe(i));
    const c = at("it2a.s9");
    expect(c.iteration).toBe(4); // setup, start, it1, it2a
    expect(c.iterationId).toBe("it2a");
    expect(c.iterationLabel).toBe("Iteration 2, scenario A: with zeroing");
    expect(seedLesson.source[c.line]).toBe("loss.backward()");
    expect(c.label).toBe("loss.backward()");
    expect(c.raised).toBeNull();
    expect(at("sgd.s12").label).toBe("optimizer.zero_grad()");
  });

  it("names quantities as the source does", () => {
    for (const q of ["w", "w.grad", "b", "b.grad", "y_pred", "loss", "w_no_zero.grad", "loss_no_zero", "w_optim"])
      expect(trace.quantities).toContain(q);
  });

  it("says what each line is about", () => {
    expect(at("it1.s7").about.sort()).toEqual(["b.grad", "w.grad"]);
    expect(at("it1.s9").about).toEqual(["w"]);
    expect(at("sgd.s8").about.sort()).toEqual(["b_optim.grad", "w_optim.grad"]);
    expect(at("sgd.s12").about.sort()).toEqual(["b_optim", "b_optim.grad", "w_optim", "w_optim.grad"]);
  });
});

describe("the graph recorded at each checkpoint", () => {
  it("after iteration 1's backward(): w·X + b → − y → ² → mean, with the leaves' gradients", () => {
    const cp = traceLesson(seedLesson).checkpoints.find((c) => c.id === "it1.s7")!;
    const graph = cp.graph!;
    const byName = (n: string) => graph.nodes.find((x) => x.name === n)!;
    // loss = mean((0·x + 0 − y)²) = (16 + 25 + 36 + 49 + 64) / 5 = 38; w.grad = (2/5)·Σ(−y·x) = −40; b.grad = −12.
    expect(byName("loss").value[0]).toBeCloseTo(38, 12);
    expect(byName("w").grad![0]).toBeCloseTo(-40, 12);
    expect(byName("b").grad![0]).toBeCloseTo(-12, 12);
    expect(byName("X").value).toEqual([1, 2, 3, 4, 5]);
    expect(graph.nodes.map((n) => n.op)).toEqual(["leaf", "leaf", "MulBackward0", "leaf", "AddBackward0", "leaf", "SubBackward0", "PowBackward0", "MeanBackward0"]);
    expect(graph.edges).toHaveLength(8);
    // Before any forward line there is nothing to draw.
    expect(traceLesson(seedLesson).checkpoints[0]!.graph).toBeUndefined();
  });
});

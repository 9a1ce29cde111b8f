// The other built-in lessons against numbers computed by hand (or, for the network, by the published
// step-by-step backpropagation example), and the runner's behaviour around errors.
import { describe, expect, it } from "vitest";
import {
  accumulationLesson,
  momentumLesson,
  networkLesson,
  seedLesson,
  traceLesson,
  trapsLesson,
  type Lesson,
  type Value,
} from "../src/brain";
import { tensor as engineTensor, TorchError } from "../src/engine/index";

function values(lesson: Lesson, id: string): Record<string, Value> {
  const c = traceLesson(lesson).checkpoints.find((k) => k.id === id);
  if (!c) throw new Error(`no checkpoint ${id}`);
  return c.values;
}

function num(lesson: Lesson, id: string, q: string): number {
  const v = values(lesson, id)[q];
  if (v?.kind !== "number") throw new Error(`${id} ${q} is ${JSON.stringify(v)}`);
  return v.value;
}

function vec(lesson: Lesson, id: string, q: string): number[] {
  const v = values(lesson, id)[q];
  if (v?.kind !== "vector") throw new Error(`${id} ${q} is ${JSON.stringify(v)}`);
  return v.value;
}

function raised(lesson: Lesson, id: string): Value | null {
  return traceLesson(lesson).checkpoints.find((k) => k.id === id)!.raised;
}

const closeAll = (xs: number[], ys: number[], digits = 9) => {
  expect(xs).toHaveLength(ys.length);
  xs.forEach((x, i) => expect(x).toBeCloseTo(ys[i]!, digits));
};

describe("gradient accumulation", () => {
  const L = accumulationLesson;
  it("computes the full batch: loss 126/4, gradients (2/4)·Σe·x and (2/4)·Σe", () => {
    // x = 1..4, y = x + 3, w = b = 0: errors -4, -5, -6, -7.
    expect(num(L, "full.s3", "loss")).toBeCloseTo((16 + 25 + 36 + 49) / 4, 12);
    expect(num(L, "full.s4", "w.grad")).toBeCloseTo(0.5 * (-4 - 10 - 18 - 28), 12);
    expect(num(L, "full.s4", "b.grad")).toBeCloseTo(0.5 * (-4 - 5 - 6 - 7), 12);
  });

  it("zero_grad() before the micro-batches sets .grad to None", () => {
    expect(values(L, "micro.s1")["w.grad"]).toEqual({ kind: "none" });
  });

  it("adds each micro-batch's gradient, scaled by 1/k, into .grad", () => {
    // Micro-batch 1 (x = 1, 2): loss = mean(16, 25) / 2; d/dw = (1/2)·(2/2)·(-4·1 - 5·2) = -7.
    closeAll(vec(L, "micro.s2", "y_pred"), [0, 0]);
    expect(num(L, "micro.s3", "loss")).toBeCloseTo(20.5 / 2, 12);
    expect(num(L, "micro.s4", "w.grad")).toBeCloseTo(-7, 12);
    expect(num(L, "micro.s4", "b.grad")).toBeCloseTo(-4.5, 12);
    // Micro-batch 2 (x = 3, 4) adds (1/2)·(-18 - 28) = -23 and (1/2)·(-13) = -6.5.
    expect(num(L, "micro.s6", "loss")).toBeCloseTo(42.5 / 2, 12);
    expect(num(L, "micro.s7", "w.grad")).toBeCloseTo(-7 - 23, 12);
    expect(num(L, "micro.s7", "b.grad")).toBeCloseTo(-4.5 - 6.5, 12);
  });

  it("equals the full batch, and steps once", () => {
    expect(num(L, "micro.s7", "w.grad")).toBeCloseTo(num(L, "full.s4", "w.grad"), 12);
    expect(num(L, "micro.s7", "b.grad")).toBeCloseTo(num(L, "full.s4", "b.grad"), 12);
    expect(num(L, "micro.s8", "w")).toBeCloseTo(0.3, 12);
    expect(num(L, "micro.s8", "b")).toBeCloseTo(0.11, 12);
  });
});

describe("SGD with momentum 0.9", () => {
  const L = momentumLesson;
  it("takes a plain first step (the buffer starts as the gradient)", () => {
    expect(num(L, "it1.s4", "w.grad")).toBeCloseTo(-40, 12);
    expect(num(L, "it1.s5", "w")).toBeCloseTo(0.4, 12);
    expect(num(L, "it1.s5", "b")).toBeCloseTo(0.12, 12);
  });

  it("pushes the second step with buffer = 0.9·(-40) + (-30.48)", () => {
    expect(num(L, "it2.s4", "w.grad")).toBeCloseTo(-30.48, 10);
    const bw = 0.9 * -40 + -30.48;
    const bb = 0.9 * -12 + -9.36;
    expect(num(L, "it2.s5", "w")).toBeCloseTo(0.4 - 0.01 * bw, 10);
    expect(num(L, "it2.s5", "b")).toBeCloseTo(0.12 - 0.01 * bb, 10);
    expect(num(L, "it2.s5", "w")).toBeCloseTo(1.0648, 10);
  });

  it("keeps moving on a zero gradient, through the buffer", () => {
    expect(num(L, "it3.s1", "w.grad")).toBe(0);
    const bw = 0.9 * (0.9 * -40 + -30.48);
    expect(num(L, "it3.s2", "w")).toBeCloseTo(1.0648 - 0.01 * bw, 10);
    expect(num(L, "it3.s2", "w")).toBeCloseTo(1.66312, 10);
    expect(num(L, "it3.s2", "b")).toBeCloseTo(0.3216 - 0.01 * 0.9 * (0.9 * -12 + -9.36), 10);
  });

  it("skips parameters whose .grad is None", () => {
    expect(values(L, "it4.s1")["w.grad"]).toEqual({ kind: "none" });
    expect(num(L, "it4.s2", "w")).toBe(num(L, "it3.s2", "w"));
    expect(num(L, "it4.s2", "b")).toBe(num(L, "it3.s2", "b"));
  });
});

describe("traps", () => {
  const L = trapsLesson;
  it("w.grad is None before any backward, and w.grad.zero_() raises AttributeError", () => {
    expect(values(L, "trap1.s1")["w.grad"]).toEqual({ kind: "none" });
    expect(raised(L, "trap1.s2")).toEqual({
      kind: "error",
      pyType: "AttributeError",
      message: "'NoneType' object has no attribute 'zero_'",
    });
    expect(values(L, "trap1.s2")["w.grad"]).toEqual({ kind: "none" });
  });

  it("a non-leaf's .grad is None after backward", () => {
    expect(num(L, "trap2.s3", "w.grad")).toBeCloseTo(-40, 12);
    expect(values(L, "trap2.s4")["y_pred.grad"]).toEqual({ kind: "none" });
  });

  it("a second backward through the freed graph raises, with the engine's own message", () => {
    const r = raised(L, "trap3.s1");
    expect(r?.kind).toBe("error");
    expect(num(L, "trap3.s1", "w.grad")).toBeCloseTo(-40, 12); // unchanged
    // The engine itself, without the runner's retained graph:
    const w = engineTensor(0, { requiresGrad: true });
    const loss = w.mul(engineTensor([1, 2])).sub(engineTensor([4, 5])).pow(2).mean();
    loss.backward();
    let engineError: unknown;
    try {
      loss.backward();
    } catch (e) {
      engineError = e;
    }
    expect(engineError).toBeInstanceOf(TorchError);
    expect(r).toEqual({ kind: "error", pyType: "RuntimeError", message: (engineError as TorchError).message });
  });

  it("an in-place update outside no_grad raises; inside it works, and the lesson goes on", () => {
    expect(raised(L, "trap4.s1")).toEqual({
      kind: "error",
      pyType: "RuntimeError",
      message: "a leaf Variable that requires grad is being used in an in-place operation.",
    });
    expect(num(L, "trap4.s1", "w")).toBe(0);
    expect(num(L, "trap4.s2", "w")).toBeCloseTo(0.4, 12);
    expect(num(L, "trap4.s3", "b")).toBeCloseTo(0.12, 12);
    expect(raised(L, "trap4.s3")).toBeNull();
  });
});

describe("two-layer sigmoid network", () => {
  const L = networkLesson;
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  // Forward by hand: h_j = σ(x·W1[:, j] + b1_j), o_k = σ(h·W2[:, k] + b2_k).
  const h1 = sig(0.05 * 0.15 + 0.1 * 0.2 + 0.35);
  const h2 = sig(0.05 * 0.25 + 0.1 * 0.3 + 0.35);
  const o1 = sig(h1 * 0.4 + h2 * 0.45 + 0.6);
  const o2 = sig(h1 * 0.5 + h2 * 0.55 + 0.6);
  // Backward by hand for loss = ½Σ(o - y)²: δ_k = (o_k - y_k)·o_k·(1 - o_k).
  const d1 = (o1 - 0.01) * o1 * (1 - o1);
  const d2 = (o2 - 0.99) * o2 * (1 - o2);

  it("reproduces the published forward pass", () => {
    closeAll(vec(L, "it1.s2", "h"), [0.593269992, 0.596884378]);
    closeAll(vec(L, "it1.s3", "y_pred"), [0.75136507, 0.772928465]);
    expect(num(L, "it1.s4", "loss")).toBeCloseTo(0.298371109, 9);
    closeAll(vec(L, "it1.s3", "y_pred"), [o1, o2], 12);
  });

  it("computes the gradients of the second layer", () => {
    // W2 is stored (hidden × output): W2.grad[j][k] = h_j·δ_k.
    closeAll(vec(L, "it1.s5", "W2.grad"), [h1 * d1, h1 * d2, h2 * d1, h2 * d2], 12);
    expect(vec(L, "it1.s5", "W2.grad")[0]).toBeCloseTo(0.082167041, 9);
    closeAll(vec(L, "it1.s5", "b2.grad"), [d1, d2], 12);
  });

  it("computes the gradients of the first layer", () => {
    const e1 = (d1 * 0.4 + d2 * 0.5) * h1 * (1 - h1);
    const e2 = (d1 * 0.45 + d2 * 0.55) * h2 * (1 - h2);
    closeAll(vec(L, "it1.s5", "W1.grad"), [0.05 * e1, 0.05 * e2, 0.1 * e1, 0.1 * e2], 12);
    closeAll(vec(L, "it1.s5", "b1.grad"), [e1, e2], 12);
  });

  it("steps with lr 0.5 to the published weights", () => {
    closeAll(vec(L, "it1.s6", "W2"), [0.35891648, 0.51130127, 0.408666186, 0.561370121], 8);
    closeAll(vec(L, "it1.s6", "W1"), [0.149780716, 0.24975114, 0.19956143, 0.29950229], 8);
    closeAll(vec(L, "it1.s6", "b2"), [0.6 - 0.5 * d1, 0.6 - 0.5 * d2], 12);
  });

  it("keeps the weights through zero_grad() and lowers the loss", () => {
    expect(vec(L, "it2.s1", "W2")).toEqual(vec(L, "it1.s6", "W2"));
    expect(values(L, "it2.s1")["W2.grad"]).toEqual({ kind: "none" });
    expect(num(L, "it2.s4", "loss")).toBeLessThan(num(L, "it1.s4", "loss"));
  });

  it("reports matrices flattened row by row, with their shape", () => {
    expect(values(L, "it1.s5")["W2.grad"]).toMatchObject({ kind: "vector", shape: [2, 2] });
    expect(values(L, "it1.s2")["h"]).toMatchObject({ kind: "vector", shape: [1, 2] });
  });
});

describe("the runner", () => {
  it("is deterministic and cached per lesson object", () => {
    expect(traceLesson(seedLesson)).toBe(traceLesson(seedLesson));
    const copy = structuredClone(seedLesson);
    expect(traceLesson(copy)).toEqual(traceLesson(seedLesson));
  });

  it("runs in float32 like PyTorch's default dtype", () => {
    const f32 = traceLesson({ ...seedLesson, dtype: "float32" });
    const w = f32.checkpoints.find((c) => c.id === "it2a.s11")!.values.w;
    expect(w?.kind).toBe("number");
    const value = (w as { value: number }).value;
    expect(value).toBe(Math.fround(value));
    expect(value).toBeCloseTo(0.7048, 6);
  });

  it("reports a name used before it exists as a NameError and goes on", () => {
    const lesson: Lesson = {
      id: "broken",
      title: "Broken",
      summary: "",
      teacherNotes: "",
      source: ["import torch", "optimizer.step()", "y_pred = nope * 2", "x = torch.tensor(1.0)"],
    };
    const t = traceLesson(lesson);
    expect(t.checkpoints[1]!.raised).toEqual({ kind: "error", pyType: "NameError", message: "name 'optimizer' is not defined" });
    expect(t.checkpoints[2]!.raised).toMatchObject({ pyType: "NameError", message: "name 'nope' is not defined" });
    expect(t.checkpoints[3]!.raised).toBeNull();
    expect(t.checkpoints.map((c) => c.id)).toEqual(["main.s1", "main.s2", "main.s3", "main.s4"]);
  });
});

describe("freed graphs are decided by the graph, not by the loss's name", () => {
  it("a new loss built on predictions whose graph was freed raises on backward, leaving .grad as it was", () => {
    // y_pred = w * X + b saved X for w's gradient; the first backward() frees it. A second loss computed from the
    // same y_pred (without a new forward pass) reaches that freed node, so PyTorch raises — whatever the
    // loss is called. w.grad keeps the first backward's -40 = (2/5)·Σ(0 − y_i)·x_i.
    const lesson: Lesson = {
      id: "twice",
      title: "Twice",
      summary: "",
      teacherNotes: "",
      source: [
        "import torch",
        "X = torch.tensor([1., 2., 3., 4., 5.])",
        "y = 1.0 * X + 3.0",
        "w = torch.tensor(0.0, requires_grad=True)",
        "b = torch.tensor(0.0, requires_grad=True)",
        "y_pred = w * X + b",
        "loss = ((y_pred - y) ** 2).mean()",
        "loss.backward()",
        "again = ((y_pred - y) ** 2).mean()",
        "again.backward()",
      ],
    };
    const cp = traceLesson(lesson).checkpoints.at(-1)!;
    expect(cp.raised).toMatchObject({ kind: "error", pyType: "RuntimeError", message: expect.stringContaining("backward through the graph a second time") });
    expect(cp.values["w.grad"]).toEqual({ kind: "number", value: expect.closeTo(-40, 9) });
  });
});

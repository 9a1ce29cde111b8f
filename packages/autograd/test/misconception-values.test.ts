// Each misconception, the value it predicts on a built-in lesson, and that value computed by hand.
// "local": the misconception acts on the question's line only, from the true state shown so far.
// "carried": it has been held since the start of the lesson.
import { beforeAll, describe, expect, it } from "vitest";
import {
  accumulationLesson,
  misconceptionDefs,
  momentumLesson,
  mutantCheckpoint,
  networkLesson,
  seedLesson,
  traceLesson,
  carriedCheckpoint,
  traceMutant,
  trapsLesson,
  type Checkpoint,
  type Lesson,
  type Value,
} from "../src/brain";
import { type ProgramCheckpoint, type ProgramTrace, runProgram } from "../src/python/index";

function indexOf(lesson: Lesson, checkpointId: string): number {
  const i = traceLesson(lesson).checkpoints.findIndex((c) => c.id === checkpointId);
  if (i < 0) throw new Error(`no checkpoint ${checkpointId}`);
  return i;
}

/**
 * Where the misconceptions act: a lesson's traces (truth, local and carried mutants, by checkpoint id), or the
 * PyTorch-subset interpreter running the lesson's program directly with a misconception's hooks (each top-level
 * statement as a notebook cell, as lessons show an error and go on). A checkpoint id names the same line and pass
 * in both.
 */
interface Engine {
  name: string;
  /** The answer a student holding `id` gives for `quantity` right after `checkpointId` (an error if it raises). */
  local(lesson: Lesson, id: string, checkpointId: string, quantity: string): Value;
  /** The same, the misconception held since the start of the lesson. */
  carried(lesson: Lesson, id: string, checkpointId: string, quantity: string): Value;
  truth(lesson: Lesson, checkpointId: string, quantity: string): Value;
}

const runner: Engine = {
  name: "the lesson's traces",
  local(lesson, id, checkpointId, quantity) {
    const c = mutantCheckpoint(lesson, id, indexOf(lesson, checkpointId));
    return c.raised ?? c.values[quantity]!;
  },
  carried(lesson, id, checkpointId, quantity) {
    const c = carriedCheckpoint(lesson, id, traceLesson(lesson).checkpoints[indexOf(lesson, checkpointId)]!)!;
    return c.raised ?? c.values[quantity]!;
  },
  truth(lesson, checkpointId, quantity) {
    const c = traceLesson(lesson).checkpoints[indexOf(lesson, checkpointId)]!;
    return c.raised ?? c.values[quantity]!;
  },
};

const programs = new Map<Lesson, { source: string; truth: ProgramTrace; at: Map<string, number> }>();

/** The lesson's program, and where each of the runner's checkpoints is in its trace (same line, same pass). */
function programOf(lesson: Lesson) {
  let p = programs.get(lesson);
  if (!p) {
    const source = `${lesson.source.join("\n")}\n`;
    const truth = runProgram(source, { cells: true });
    const byLine = new Map<string, number>();
    const seen = new Map<number, number>();
    truth.checkpoints.forEach((c, i) => {
      const k = seen.get(c.line) ?? 0;
      seen.set(c.line, k + 1);
      byLine.set(`${c.line}#${k}`, i);
    });
    const at = new Map<string, number>();
    const seen2 = new Map<number, number>();
    for (const c of traceLesson(lesson).checkpoints) {
      const k = seen2.get(c.line + 1) ?? 0;
      seen2.set(c.line + 1, k + 1);
      const i = byLine.get(`${c.line + 1}#${k}`);
      if (i !== undefined) at.set(c.id, i);
    }
    programs.set(lesson, (p = { source, truth, at }));
  }
  return p;
}

function valueOf(c: ProgramCheckpoint | undefined, quantity: string): Value {
  if (!c) throw new Error("no such checkpoint");
  if (c.error) return { kind: "error", pyType: c.error.type, message: c.error.message };
  const q = c.quantities[quantity];
  if (!q) throw new Error(`no quantity ${quantity} at ${c.label}`);
  if (q.kind === "none") return { kind: "none" };
  if (q.kind === "tensor") return q.shape.length === 0 ? { kind: "number", value: q.values[0]! } : { kind: "vector", value: q.values, shape: q.shape };
  if (q.kind === "number") return { kind: "number", value: q.value };
  throw new Error(`${quantity} is a ${q.kind}`);
}

function hooksOf(id: string) {
  const m = misconceptionDefs.find((d) => d.id === id);
  if (!m) throw new Error(`unknown misconception ${id}`);
  return m.hooks;
}

const interpreter: Engine = {
  name: "the PyTorch interpreter",
  local(lesson, id, checkpointId, quantity) {
    const { source, at } = programOf(lesson);
    const i = at.get(checkpointId)!;
    const hooks = hooksOf(id);
    const t = runProgram(source, { cells: true, hooksAt: (j) => (j === i ? hooks : {}), until: i + 1, keepGraphs: hooks.reusesGraph === true });
    return valueOf(t.checkpoints[i], quantity);
  },
  carried(lesson, id, checkpointId, quantity) {
    const { source, truth, at } = programOf(lesson);
    const hooks = hooksOf(id);
    const t = runProgram(source, { cells: true, hooksAt: () => hooks, keepGraphs: hooks.reusesGraph === true });
    // By id: a misconception may run lines the truth does not (an `if` it makes true).
    const cid = truth.checkpoints[at.get(checkpointId)!]!.id;
    return valueOf(t.checkpoints.find((c) => c.id === cid), quantity);
  },
  truth(lesson, checkpointId, quantity) {
    const { truth, at } = programOf(lesson);
    return valueOf(truth.checkpoints[at.get(checkpointId)!], quantity);
  },
};

let engine: Engine = runner;
const local = (lesson: Lesson, id: string, checkpointId: string, quantity: string) => engine.local(lesson, id, checkpointId, quantity);
const carried = (lesson: Lesson, id: string, checkpointId: string, quantity: string) => engine.carried(lesson, id, checkpointId, quantity);
const truth = (lesson: Lesson, checkpointId: string, quantity: string) => engine.truth(lesson, checkpointId, quantity);

function n(v: Value): number {
  if (v.kind !== "number") throw new Error(`not a number: ${JSON.stringify(v)}`);
  return v.value;
}

function vec(v: Value): number[] {
  if (v.kind !== "vector") throw new Error(`not a vector: ${JSON.stringify(v)}`);
  return v.value;
}

const closeAll = (xs: number[], ys: number[]) => xs.forEach((x, i) => expect(x).toBeCloseTo(ys[i]!, 10));

// The seed's iteration 1 by hand: errors e = -4..-8 at x = 1..5.
const sumEX = -4 * 1 - 5 * 2 - 6 * 3 - 7 * 4 - 8 * 5; // -100
const sumE = -4 - 5 - 6 - 7 - 8; // -30

describe.each([runner, interpreter])("$name", (e) => {
  beforeAll(() => {
    engine = e;
  });

  describe("zero_grad family", () => {
    it("backward-overwrites: .grad holds only the new gradient", () => {
      // Seed 2B: the old -40 is replaced by this backward's (2/5)·Σe·x = -30.48.
      expect(n(local(seedLesson, "backward-overwrites", "it2b.s12", "w_no_zero.grad"))).toBeCloseTo((2 / 5) * -76.2, 10);
      expect(n(local(seedLesson, "backward-overwrites", "it2b.s12", "b_no_zero.grad"))).toBeCloseTo((2 / 5) * -23.4, 10);
      expect(n(truth(seedLesson, "it2b.s12", "w_no_zero.grad"))).toBeCloseTo(-70.48, 10);
      // Accumulation: after the second micro-batch only its own (1/2)·(-6·3 - 7·4) = -23 is left.
      expect(n(local(accumulationLesson, "backward-overwrites", "micro.s7", "w.grad"))).toBeCloseTo(0.5 * (-18 - 28), 10);
    });

    it("zero-grad-writes-zeros: zero_grad() leaves 0 instead of None", () => {
      expect(local(seedLesson, "zero-grad-writes-zeros", "sgd.s12", "w_optim.grad")).toEqual({ kind: "number", value: 0 });
      // Held since the start, the seed's last line prints 0.0 instead of raising.
      expect(truth(seedLesson, "sgd.s13", "w_optim.grad").kind).toBe("error");
      expect(carried(seedLesson, "zero-grad-writes-zeros", "sgd.s13", "w_optim.grad")).toEqual({ kind: "number", value: 0 });
      // Momentum: with zeros instead of None the fourth step is not skipped; the buffer 0.9·b3 pushes again.
      const b3 = 0.9 * (0.9 * -40 + -30.48);
      const w3 = 1.66312;
      expect(n(carried(momentumLesson, "zero-grad-writes-zeros", "it4.s2", "w"))).toBeCloseTo(w3 - 0.01 * 0.9 * b3, 10);
      expect(n(truth(momentumLesson, "it4.s2", "w"))).toBeCloseTo(w3, 10);
    });

    it("zeroing-resets-params: the parameter becomes 0", () => {
      expect(n(local(seedLesson, "zeroing-resets-params", "it2a.s2", "w"))).toBe(0);
      expect(n(truth(seedLesson, "it2a.s2", "w"))).toBeCloseTo(0.4, 12);
      expect(n(local(momentumLesson, "zeroing-resets-params", "it3.s1", "w"))).toBe(0);
      expect(n(local(momentumLesson, "zeroing-resets-params", "it3.s1", "b"))).toBe(0);
    });

    it("zeroing-undoes-step: the parameter goes back to its value before the last step", () => {
      // Momentum: before step 2, w was 0.4 (after step 1).
      expect(n(local(momentumLesson, "zeroing-undoes-step", "it3.s1", "w"))).toBeCloseTo(0.4, 12);
      expect(n(truth(momentumLesson, "it3.s1", "w"))).toBeCloseTo(1.0648, 10);
      // Network: after step 1 and zero_grad(), W2 is back at its initial value.
      expect(vec(local(networkLesson, "zeroing-undoes-step", "it2.s1", "W2"))).toEqual([0.4, 0.5, 0.45, 0.55]);
    });

    it("zero-none-grad-works: w.grad.zero_() on None gives a zero gradient instead of raising", () => {
      expect(truth(trapsLesson, "trap1.s2", "w.grad").kind).toBe("error");
      expect(local(trapsLesson, "zero-none-grad-works", "trap1.s2", "w.grad")).toEqual({ kind: "number", value: 0 });
    });

    it("grad-zero-keeps-grad: w.grad.zero_() leaves the old gradient, and the next backward() adds to it", () => {
      // Seed 2A: w.grad.zero_() (it2a.s2) keeps iteration 1's -40 instead of 0.
      expect(n(local(seedLesson, "grad-zero-keeps-grad", "it2a.s2", "w.grad"))).toBeCloseTo(sumEX * (2 / 5), 10);
      expect(n(truth(seedLesson, "it2a.s2", "w.grad"))).toBe(0);
      // Held on: 2A's backward from w = 0.4, b = 0.12 (errors -3.48 … -5.88, Σe·x = -76.2) adds (2/5)·(-76.2) = -30.48
      // to the kept -40: -70.48, where PyTorch gives -30.48.
      expect(n(carried(seedLesson, "grad-zero-keeps-grad", "it2a.s9", "w.grad"))).toBeCloseTo(-40 + (2 / 5) * -76.2, 10);
      expect(n(truth(seedLesson, "it2a.s9", "w.grad"))).toBeCloseTo((2 / 5) * -76.2, 10);
    });

    it("no-grad-stops-update: nothing changes inside no_grad; outside it the update happens", () => {
      expect(n(local(seedLesson, "no-grad-stops-update", "it1.s9", "w"))).toBe(0);
      expect(n(local(seedLesson, "no-grad-stops-update", "it2a.s11", "w"))).toBeCloseTo(0.4, 12);
      // Traps: w -= lr * w.grad outside no_grad "works": 0 - 0.01·(-40).
      expect(n(local(trapsLesson, "no-grad-stops-update", "trap4.s1", "w"))).toBeCloseTo(0.4, 12);
    });
  });

  describe("update family", () => {
    it("update-sign-flipped: w + lr·grad", () => {
      expect(n(local(seedLesson, "update-sign-flipped", "it1.s9", "w"))).toBeCloseTo(0 + 0.01 * -40, 12);
      expect(n(local(seedLesson, "update-sign-flipped", "it2a.s11", "w"))).toBeCloseTo(0.4 + 0.01 * -30.48, 12);
      // With momentum the buffer is added: 0.4 + 0.01·(0.9·(-40) - 30.48).
      expect(n(local(momentumLesson, "update-sign-flipped", "it2.s5", "w"))).toBeCloseTo(0.4 + 0.01 * -66.48, 10);
    });

    it("update-forgets-lr: w - grad", () => {
      expect(n(local(seedLesson, "update-forgets-lr", "it1.s9", "w"))).toBeCloseTo(0 - -40, 12);
      expect(n(local(seedLesson, "update-forgets-lr", "it2a.s11", "w"))).toBeCloseTo(0.4 - -30.48, 10);
      expect(n(local(momentumLesson, "update-forgets-lr", "it2.s5", "w"))).toBeCloseTo(0.4 - -66.48, 10);
      // Carried through the seed: w = 40, b = 12 after iteration 1, so y_pred = 40x + 12.
      closeAll(vec(carried(seedLesson, "update-forgets-lr", "it2a.s5", "y_pred")), [52, 92, 132, 172, 212]);
    });

    it("reports-before-step: the value before the line", () => {
      expect(n(local(seedLesson, "reports-before-step", "it2a.s11", "w"))).toBeCloseTo(0.4, 12);
      expect(n(local(seedLesson, "reports-before-step", "sgd.s10", "w_optim"))).toBe(0);
      expect(vec(local(networkLesson, "reports-before-step", "it1.s6", "W2"))).toEqual([0.4, 0.5, 0.45, 0.55]);
      // Only a view: the next line sees the updated value.
      expect(n(local(seedLesson, "reports-before-step", "it2a.s12", "w"))).toBeCloseTo(0.7048, 10);
    });

    it("momentum-ignored: w - lr·grad, as plain SGD", () => {
      expect(n(local(momentumLesson, "momentum-ignored", "it2.s5", "w"))).toBeCloseTo(0.4 - 0.01 * -30.48, 10);
      // Step 3 has a zero gradient: without the buffer nothing moves.
      expect(n(local(momentumLesson, "momentum-ignored", "it3.s2", "w"))).toBeCloseTo(1.0648, 10);
      expect(n(truth(momentumLesson, "it3.s2", "w"))).toBeCloseTo(1.66312, 10);
    });

    it("step-clears-grad: .grad is 0 after step()", () => {
      expect(n(local(momentumLesson, "step-clears-grad", "it1.s5", "w.grad"))).toBe(0);
      expect(n(local(seedLesson, "step-clears-grad", "sgd.s10", "w_optim.grad"))).toBe(0);
      expect(n(truth(seedLesson, "sgd.s10", "w_optim.grad"))).toBeCloseTo(-40, 12);
    });
  });

  describe("calculus family", () => {
    it("square-factor-forgotten: (1/N)·Σe·x instead of (2/N)·Σe·x", () => {
      expect(n(local(seedLesson, "square-factor-forgotten", "it1.s7", "w.grad"))).toBeCloseTo((1 / 5) * sumEX, 12);
      expect(n(local(seedLesson, "square-factor-forgotten", "it1.s7", "b.grad"))).toBeCloseTo((1 / 5) * sumE, 12);
      // ½·Σ(o - y)²: the output deltas (o - y)·o·(1 - o) are halved.
      const sig = (z: number) => 1 / (1 + Math.exp(-z));
      const h1 = sig(0.05 * 0.15 + 0.1 * 0.2 + 0.35);
      const h2 = sig(0.05 * 0.25 + 0.1 * 0.3 + 0.35);
      const o1 = sig(h1 * 0.4 + h2 * 0.45 + 0.6);
      const o2 = sig(h1 * 0.5 + h2 * 0.55 + 0.6);
      closeAll(vec(local(networkLesson, "square-factor-forgotten", "it1.s5", "b2.grad")), [
        0.5 * (o1 - 0.01) * o1 * (1 - o1),
        0.5 * (o2 - 0.99) * o2 * (1 - o2),
      ]);
    });

    it("gradient-sign-flipped: the error taken as y − ŷ: -(2/N)·Σe·x", () => {
      expect(n(local(seedLesson, "gradient-sign-flipped", "it1.s7", "w.grad"))).toBeCloseTo(-(2 / 5) * sumEX, 10); // +40
      expect(n(local(seedLesson, "gradient-sign-flipped", "it1.s7", "b.grad"))).toBeCloseTo(-(2 / 5) * sumE, 10); // +12
      // Held on, the update then moves w the wrong way: 0 - 0.01·40.
      expect(n(carried(seedLesson, "gradient-sign-flipped", "it1.s9", "w"))).toBeCloseTo(-0.4, 12);
    });

    it("sum-instead-of-mean: the loss and its gradients are N times larger", () => {
      expect(n(local(seedLesson, "sum-instead-of-mean", "it1.s5", "loss"))).toBeCloseTo(16 + 25 + 36 + 49 + 64, 10);
      expect(n(local(seedLesson, "sum-instead-of-mean", "it1.s7", "w.grad"))).toBeCloseTo(2 * sumEX, 10);
      expect(n(local(seedLesson, "sum-instead-of-mean", "it1.s7", "b.grad"))).toBeCloseTo(2 * sumE, 10);
      // A micro-batch of two: (1/2)·2·Σe·x over x = 1, 2.
      expect(n(local(accumulationLesson, "sum-instead-of-mean", "micro.s4", "w.grad"))).toBeCloseTo(0.5 * 2 * (-4 - 10), 10);
    });

    it("bias-grad-times-x: b.grad = (2/N)·Σe·x, the weight's gradient", () => {
      expect(n(local(seedLesson, "bias-grad-times-x", "it1.s7", "b.grad"))).toBeCloseTo((2 / 5) * sumEX, 10);
      expect(n(local(seedLesson, "bias-grad-times-x", "it2a.s9", "b.grad"))).toBeCloseTo((2 / 5) * -76.2, 10);
    });
  });

  describe("autograd family", () => {
    it("leaf-update-allowed: the update outside no_grad goes through", () => {
      expect(truth(trapsLesson, "trap4.s1", "w").kind).toBe("error");
      expect(n(local(trapsLesson, "leaf-update-allowed", "trap4.s1", "w"))).toBeCloseTo(0 - 0.01 * -40, 12);
      // Held from the start, the next (inside no_grad) update applies the step a second time.
      expect(n(carried(trapsLesson, "leaf-update-allowed", "trap4.s2", "w"))).toBeCloseTo(0.4 - 0.01 * -40, 12);
    });

    it("non-leaf-grad-kept: y_pred.grad = (2/N)·(y_pred - y)", () => {
      closeAll(vec(local(trapsLesson, "non-leaf-grad-kept", "trap2.s4", "y_pred.grad")), [-4, -5, -6, -7, -8].map((e) => (2 / 5) * e));
    });

    it("grad-starts-at-zero: a new parameter's .grad is 0", () => {
      expect(local(seedLesson, "grad-starts-at-zero", "sgd.s2", "w_optim.grad")).toEqual({ kind: "number", value: 0 });
      expect(carried(seedLesson, "grad-starts-at-zero", "start.s3", "w.grad")).toEqual({ kind: "number", value: 0 });
      expect(carried(trapsLesson, "grad-starts-at-zero", "trap1.s1", "w.grad")).toEqual({ kind: "number", value: 0 });
    });

    it("graph-reusable: a second backward adds the gradient again", () => {
      expect(truth(trapsLesson, "trap3.s1", "w.grad").kind).toBe("error");
      expect(n(local(trapsLesson, "graph-reusable", "trap3.s1", "w.grad"))).toBeCloseTo(2 * (2 / 5) * sumEX, 10);
      expect(n(local(trapsLesson, "graph-reusable", "trap3.s1", "b.grad"))).toBeCloseTo(2 * (2 / 5) * sumE, 10);
    });
  });
});

describe("mutants and the truth", () => {
  it("a local mutant changes only its own line: the line before is the truth", () => {
    const i = indexOf(seedLesson, "it1.s9");
    const before = mutantCheckpoint(seedLesson, "update-forgets-lr", i - 1);
    expect(before.values).toEqual(traceLesson(seedLesson).checkpoints[i - 1]!.values);
  });

  it("a misconception that does not concern a lesson leaves its trace unchanged", () => {
    // Truth traces also record the graph to draw and what each line is about; the values, errors and lines are
    // what a mutant can change.
    const run = ({ graph: _graph, about: _about, ...rest }: Checkpoint) => rest;
    expect(traceMutant(seedLesson, "momentum-ignored").checkpoints.map(run)).toEqual(traceLesson(seedLesson).checkpoints.map(run));
  });

  it("rejects an unknown misconception id", () => {
    expect(() => traceMutant(seedLesson, "no-such-thing")).toThrow(/unknown misconception/);
  });
});

// The self-paced run as a fold over its steps: mastery counts correct answers in a row on different variants,
// practice retries a miss on fresh numbers and goes on with unmastered concepts, attempts restart the list.
import { describe, expect, it } from "vitest";
import { applyStep, foldRun, initialRun, RunStepRefused, type RunConfig, type RunStep } from "../../server/assignments/run.ts";

const concepts: Record<string, ("mse-gradient" | "accumulation" | "update")[]> = {
  "it1.s7:w.grad": ["mse-gradient"],
  "it2b.s12:w_no_zero.grad": ["accumulation", "mse-gradient"],
  "it1.s9:w": ["update"],
};
const config = (attempts: number | null, mastery = 2): RunConfig => ({ questions: Object.keys(concepts), conceptsOf: (q) => concepts[q] ?? [], attempts, mastery });
const ans = (questionId: string, variant: number, correct: boolean): RunStep => ({ kind: "answer", questionId, variant, correct });

describe("self-paced run", () => {
  it("two answers on the same variant count once towards mastery; a miss resets the streak", () => {
    const c = config(1, 2);
    const s = foldRun(c, [ans("it1.s7:w.grad", 0, true), ans("it2b.s12:w_no_zero.grad", 0, true)]);
    expect(s.streak["mse-gradient"]).toBe(1);
    expect(s.mastered).toEqual([]);
    const reset = applyStep(s, ans("it1.s9:w", 0, false), c);
    expect(reset.streak.update).toBe(0);
    expect(reset.phase).toBe("done"); // one attempt, the list is over
  });

  it("practice: a miss waits for a choice; retry draws the next variant; the run goes on with unmastered concepts only", () => {
    const c = config(null, 2);
    let s = foldRun(c, [ans("it1.s7:w.grad", 0, true), ans("it2b.s12:w_no_zero.grad", 0, false)]);
    expect(s.phase).toBe("missed");
    expect(() => applyStep(s, ans("it1.s9:w", 0, true), c)).toThrow(RunStepRefused);
    s = applyStep(s, { kind: "retry" }, c);
    expect(s).toMatchObject({ phase: "question", variant: 1, queue: Object.keys(concepts), position: 1 });
    s = applyStep(s, ans("it2b.s12:w_no_zero.grad", 1, true), c);
    s = applyStep(s, ans("it1.s9:w", 1, true), c);
    // mse-gradient: right on variant 0, wrong on 0, right on 1 → streak 1; accumulation 1; update 1. A new pass.
    expect(s).toMatchObject({ phase: "question", variant: 2, attempt: 2, position: 0 });
    for (const q of s.queue) s = applyStep(s, ans(q, 2, true), c);
    expect(s.mastered.sort()).toEqual(["accumulation", "mse-gradient", "update"]);
    expect(s.phase).toBe("done");
    expect(s).toMatchObject({ answered: 7, correct: 6, done: Object.keys(concepts) });
  });

  it("attempts: between attempts the student restarts on fresh numbers or stops; no more than allowed", () => {
    const c = config(2, 3);
    let s = foldRun(c, Object.keys(concepts).map((q) => ans(q, 0, true)));
    expect(s.phase).toBe("between");
    expect(() => applyStep(s, { kind: "retry" }, c)).toThrow(RunStepRefused);
    s = applyStep(s, { kind: "restart" }, c);
    expect(s).toMatchObject({ phase: "question", attempt: 2, variant: 1, position: 0 });
    for (const q of Object.keys(concepts)) s = applyStep(s, ans(q, 1, q !== "it1.s9:w"), c);
    expect(s.phase).toBe("done");
    expect(() => applyStep(s, { kind: "restart" }, c)).toThrow(RunStepRefused);
  });

  it("an answer for another question or variant is refused", () => {
    const c = config(null);
    const s = initialRun(c);
    expect(() => applyStep(s, ans("it1.s9:w", 0, true), c)).toThrow(RunStepRefused);
    expect(() => applyStep(s, ans("it1.s7:w.grad", 3, true), c)).toThrow(RunStepRefused);
  });
});

describe("replaying a stored run", () => {
  it("skips a stored step that no longer fits (the lesson changed), keeping the rest", () => {
    const c = config(null, 2);
    const s = foldRun(c, [ans("it1.s7:w.grad", 0, true), ans("gone.s1:w", 0, true), ans("it2b.s12:w_no_zero.grad", 0, true)]);
    expect(s).toMatchObject({ answered: 2, correct: 2, position: 2 });
  });
});

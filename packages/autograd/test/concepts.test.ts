// Which concepts a question tests, on the seed lesson: read off what each line does and which misconceptions
// can go wrong on it alone (the table in src/grade/concepts.ts).
import { describe, expect, it } from "vitest";
import { answerKey, concepts, conceptsOf, misconceptionDefs, questionAt, seedLesson } from "../src/brain";

const of = (checkpoint: string, quantity: string) => conceptsOf(seedLesson, checkpoint, answerKey(seedLesson, questionAt(seedLesson, checkpoint, quantity)));

describe("concepts", () => {
  it("every misconception belongs to exactly one concept", () => {
    for (const m of misconceptionDefs) expect(concepts.filter((c) => c.misconceptions.includes(m.id)).map((c) => c.id), m.id).toHaveLength(1);
  });

  it("names the concepts of the seed's questions", () => {
    expect(of("it1.s5", "loss")).toEqual(["loss"]);
    expect(of("it1.s7", "w.grad")).toEqual(["mse-gradient"]);
    // Scenario B's backward: the gradient, and that backward() adds to what is there.
    expect(of("it2b.s12", "w_no_zero.grad")).toEqual(["mse-gradient", "accumulation"]);
    expect(of("it1.s9", "w")).toEqual(expect.arrayContaining(["update", "no-grad"]));
    expect(of("sgd.s12", "w_optim.grad")).toEqual(["zeroing"]);
  });
});

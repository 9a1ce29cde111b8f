import katex from "katex";
import { compileLesson, lessons } from "@descent/autograd";
import { describe, expect, it } from "vitest";
import { makeLessonRuntime } from "../../server/session/lesson-runtime.ts";

describe("step formulas", () => {
  it("every statement of every built-in lesson has a formula that KaTeX renders (or none)", () => {
    for (const lesson of lessons) {
      const runtime = makeLessonRuntime(compileLesson(lesson));
      for (let i = 0; i < runtime.statementCount; i++) {
        const tex = runtime.formula(i);
        if (tex !== null) expect(() => katex.renderToString(tex, { throwOnError: true }), `${lesson.id} #${i}: ${tex}`).not.toThrow();
      }
    }
  });

  it("the seed's backward shows the MSE gradients of y = w·x + b, with the 2/N of the mean of squares", () => {
    const runtime = makeLessonRuntime(compileLesson(lessons.find((l) => l.id === "seed-zero-grad")!));
    const backward = runtime.trace.checkpoints.findIndex((c) => c.label === "loss_no_zero.backward()");
    const tex = runtime.formula(backward)!;
    expect(tex).toContain("\\tfrac{2}{N}");
    expect(tex).toContain("w\\_no\\_zero.grad");
    expect(tex).toContain("b\\_no\\_zero.grad");
    expect(tex).toContain("\\mathrel{+}="); // accumulates, never assigns
  });
});

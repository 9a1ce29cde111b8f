/** The answer form's example numbers must not be the answer to anything: no value of any built-in lesson. */
import { compileLesson, DEFAULT_TOLERANCE, lessons, numbersOf } from "@descent/autograd";
import { describe, expect, it } from "vitest";
import { NUMBER_EXAMPLES, VECTOR_EXAMPLE } from "../../app/_lib/format.ts";

describe("hints", () => {
  it("no example in the answer form is within grading tolerance of any value of any built-in lesson", () => {
    const examples = [...NUMBER_EXAMPLES, ...VECTOR_EXAMPLE];
    const hits: string[] = [];
    for (const lesson of lessons) {
      const { trace, keys } = compileLesson(lesson);
      const values = [...trace.checkpoints.flatMap((c) => Object.values(c.values)), ...Object.values(keys).map((k) => k.truth)];
      for (const v of values) {
        for (const x of numbersOf(v) ?? []) {
          for (const e of examples) {
            if (Math.abs(e - x) <= DEFAULT_TOLERANCE.atol + DEFAULT_TOLERANCE.rtol * Math.abs(x)) hits.push(`${lesson.id}: ${e} ≈ ${x}`);
          }
        }
      }
    }
    expect(hits).toEqual([]);
  });
});

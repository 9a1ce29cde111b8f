import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { formatPath, lessonSchema, parseLesson } from "../src/schema";
import { answerKey, defaultQuestions, grade, seedLesson, traceLesson, type Lesson } from "../src/brain";

const docExample = (): string => {
  const doc = readFileSync(new URL("../docs/lessons.md", import.meta.url), "utf8");
  const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!json) throw new Error("docs/lessons.md has no ```json example");
  return json;
};

describe("the lesson schema", () => {
  it("has exactly the Lesson type as its output", () => {
    expectTypeOf<z.output<typeof lessonSchema>>().toEqualTypeOf<Lesson>();
  });

  it("accepts the example of docs/lessons.md, which then runs and grades", () => {
    const parsed = parseLesson(docExample());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const lesson = parsed.lesson;
    const wGrad = traceLesson(lesson).checkpoints.find((c) => c.id === "it2.s3")!.values["w.grad"];
    // Step 1: (2/3)·(-2 - 8 - 18) = -56/3; step 2 adds (2/3)·(2/3 + 16/15 + 6/5) = 88/45.
    expect(wGrad?.kind).toBe("number");
    expect((wGrad as { value: number }).value).toBeCloseTo(-56 / 3 + 88 / 45, 10);
    const q = defaultQuestions(lesson).find((x) => x.id === "it2.s3:w.grad")!;
    expect(grade(answerKey(lesson, q), { kind: "number", value: 88 / 45 })).toEqual({
      outcome: "misconception",
      ids: expect.arrayContaining(["backward-overwrites"]),
    });
  });

  it("takes JSON text or a parsed value", () => {
    expect(parseLesson(JSON.stringify(seedLesson)).ok).toBe(true);
    expect(parseLesson(JSON.parse(JSON.stringify(seedLesson))).ok).toBe(true);
    const bad = parseLesson("{ nope");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ path: "", message: expect.stringContaining("not valid JSON") });
  });

  it("explains shape errors by path", () => {
    const lesson = JSON.parse(JSON.stringify(seedLesson));
    lesson.title = "";
    lesson.loss.reduction = "avg";
    lesson.iterations[1].statements[2] = { op: "fly", line: 3 };
    lesson.iterations[1].statements[4].lr = 0.1;
    lesson.optimizer.kind = "rmsprop";
    lesson.data.X = "12345";
    delete lesson.summary;
    const r = parseLesson(lesson);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        "title",
        "summary",
        "loss.reduction",
        "iterations[1].statements[2].op",
        "iterations[1].statements[4]",
        "optimizer.kind",
        "data.X",
      ].sort(),
    );
    expect(byPath["iterations[1].statements[2].op"]).toMatch(/unknown "op"/);
    expect(byPath["iterations[1].statements[4]"]).toMatch(/lr/);
    expect(byPath["optimizer.kind"]).toMatch(/sgd/);
  });

  it("then explains meaning errors by path", () => {
    const lesson = JSON.parse(JSON.stringify(seedLesson));
    lesson.iterations[1].statements[5].param = "v";
    lesson.iterations[1].statements[0].line = 500;
    lesson.questions.push({ checkpoint: "it1.s9", quantity: "w" });
    const r = parseLesson(lesson);
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: "iterations[1].statements[0].line", message: expect.stringContaining("outside the source") },
        { path: "iterations[1].statements[5].param", message: '"v" is not a parameter at this point' },
        { path: "questions[14].checkpoint", message: expect.stringContaining('no checkpoint "it1.s9"') },
      ],
    });
  });

  it("formats paths the way teachers read them", () => {
    expect(formatPath(["iterations", 1, "statements", 3, "op"])).toBe("iterations[1].statements[3].op");
    expect(formatPath([])).toBe("");
    expect(formatPath(["data", "X", 0])).toBe("data.X[0]");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { formatPath, lessonSchema, parseLesson } from "../src/schema";
import { answerKey, defaultQuestions, grade, seedLesson, traceLesson, type Lesson } from "../src/brain";

const docExample = (): string => {
  const doc = readFileSync(new URL("../docs/lessons.md", import.meta.url), "utf8");
  const file = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!file) throw new Error("docs/lessons.md has no ```python example");
  return file;
};

/** A lesson stored in the statements format of earlier versions: two SGD steps without zero_grad(). */
const legacyLesson = () => ({
  id: "forgot-zero-grad",
  title: "Two steps without zero_grad()",
  summary: "s",
  teacherNotes: "n",
  source: ["import torch", "for step in range(2):", "    y_pred = w * X + b", "    loss = ((y_pred - y) ** 2).mean()", "    loss.backward()", "    optimizer.step()"],
  data: { X: [1, 2, 3], y: [2, 4, 6] },
  params: [
    { name: "w", value: 0, line: 4 },
    { name: "b", value: 0, line: 5 },
  ],
  loss: { kind: "mse", reduction: "mean" },
  optimizer: { kind: "sgd", lr: 0.1, line: 6 },
  iterations: [1, 2].map((i) => ({
    id: `it${i}`,
    label: `Step ${i}`,
    statements: [
      { op: "forward", line: 2 },
      { op: "loss", line: 3 },
      { op: "backward", line: 4 },
      { op: "step", line: 5 },
    ],
  })),
  questions: [
    { checkpoint: "it1.s3", quantity: "w.grad" },
    { checkpoint: "it2.s3", quantity: "w.grad" },
    { checkpoint: "it2.s4", quantity: "w" },
  ],
});

describe("the lesson schema", () => {
  it("has exactly the Lesson type as its output", () => {
    expectTypeOf<z.output<typeof lessonSchema>>().toEqualTypeOf<Lesson>();
  });

  it("accepts the example file of docs/lessons.md, which then runs and grades", () => {
    const parsed = parseLesson(docExample());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const lesson = parsed.lesson;
    expect(lesson.sections?.map((s) => s.id)).toEqual(["it1", "it2"]);
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

  it("takes a lesson file, JSON text or a parsed value", () => {
    expect(parseLesson(JSON.stringify(seedLesson)).ok).toBe(true);
    expect(parseLesson(JSON.parse(JSON.stringify(seedLesson))).ok).toBe(true);
    expect(parseLesson(docExample()).ok).toBe(true);
    const bad = parseLesson("{ nope");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ path: "", message: expect.stringContaining("not valid JSON") });
  });

  it("explains shape errors by path", () => {
    const lesson = JSON.parse(JSON.stringify(seedLesson));
    lesson.title = "";
    lesson.questions[2].line = 0;
    lesson.questions[3].colour = "red";
    lesson.sections[1].label = 7;
    lesson.dtype = "float16";
    delete lesson.summary;
    const r = parseLesson(lesson);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(["title", "summary", "questions[2].line", "questions[3]", "sections[1].label", "dtype"].sort());
    expect(byPath["questions[2].line"]).toMatch(/counted from 1/);
    expect(byPath["questions[3]"]).toMatch(/colour/);
  });

  it("then explains meaning errors by path: the program, ids, lines", () => {
    const lesson = JSON.parse(JSON.stringify(seedLesson));
    lesson.source[20] = "while False: pass";
    lesson.questions.push({ line: 9999, quantity: "w" });
    const r = parseLesson(lesson);
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: "source", message: expect.stringMatching(/^line 21: .*while/) },
        { path: "questions[14].line", message: expect.stringContaining("outside the program") },
      ],
    });
  });

  it("formats paths the way teachers read them", () => {
    expect(formatPath(["questions", 1, "line"])).toBe("questions[1].line");
    expect(formatPath([])).toBe("");
    expect(formatPath(["sections", 0])).toBe("sections[0]");
  });
});

describe("a lesson stored in the statements format of earlier versions", () => {
  it("is read as the program its statements stand for, with the same checkpoint ids and questions", () => {
    const r = parseLesson(JSON.stringify(legacyLesson()));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const lesson = r.lesson;
    expect(lesson.source).toContain("optimizer = torch.optim.SGD([w, b], lr=0.1)");
    expect(lesson.source).toContain("y_pred = w * X + b");
    const ids = traceLesson(lesson).checkpoints.filter((c) => c.iterationId !== "setup").map((c) => c.id);
    expect(ids).toEqual(["it1.s1", "it1.s2", "it1.s3", "it1.s4", "it2.s1", "it2.s2", "it2.s3", "it2.s4"]);
    expect(defaultQuestions(lesson).map((q) => q.id)).toEqual(["it1.s3:w.grad", "it2.s3:w.grad", "it2.s4:w"]);
    // The same numbers as the example file: without zero_grad() the second gradient adds to the first.
    const wGrad = traceLesson(lesson).checkpoints.find((c) => c.id === "it2.s3")!.values["w.grad"] as { value: number };
    expect(wGrad.value).toBeCloseTo(-56 / 3 + 88 / 45, 10);
  });

  it("is refused by path when its statements are malformed, or name a checkpoint it does not have", () => {
    const bad = legacyLesson() as unknown as { iterations: { statements: unknown[] }[] };
    bad.iterations[0]!.statements[1] = { op: "fly", line: 3 };
    const r = parseLesson(bad);
    expect(r).toMatchObject({ ok: false, errors: [{ path: "iterations[0].statements[1].op", message: expect.stringContaining('unknown "op"') }] });
    const missing = { ...legacyLesson(), questions: [{ checkpoint: "it9.s1", quantity: "w" }] };
    expect(parseLesson(missing)).toEqual({ ok: false, errors: [{ path: "", message: 'no checkpoint "it9.s1" in the lesson' }] });
  });
});

import { describe, expect, it } from "vitest";
import {
  answerFor,
  answerKey,
  DEFAULT_TOLERANCE,
  defaultQuestions,
  diagnosticPower,
  grade,
  lessonDiagnostics,
  lessons,
  networkLesson,
  questionAt,
  seedLesson,
  separation,
  studentProfile,
  suggestQuestions,
  trapsLesson,
  type AnswerKey,
  type Grade,
} from "../src/brain";

const key = (truth: AnswerKey["truth"], mutants: [string, AnswerKey["truth"]][]): AnswerKey => ({
  questionId: "q",
  truth,
  mutants: mutants.map(([misconceptionId, value]) => ({ misconceptionId, value, mode: "local" })),
});

const num = (value: number) => ({ kind: "number", value }) as const;

describe("grade", () => {
  const k = key(num(0.7048), [
    ["no-grad-stops-update", num(0.4)],
    ["reports-before-step", num(0.4)],
    ["update-forgets-lr", num(30.88)],
  ]);

  it("is correct within 1 % + 0.001, the default tolerance", () => {
    expect(DEFAULT_TOLERANCE).toEqual({ rtol: 0.01, atol: 0.001 });
    expect(grade(k, num(0.7048))).toEqual({ outcome: "correct" });
    expect(grade(k, num(0.705))).toEqual({ outcome: "correct" });
    expect(grade(k, num(0.7))).toEqual({ outcome: "correct" }); // 0.0048 ≤ 0.001 + 0.007048
    expect(grade(k, num(0.69))).toEqual({ outcome: "unclassified" });
  });

  it("names every misconception whose value matches", () => {
    expect(grade(k, num(0.4))).toEqual({ outcome: "misconception", ids: ["no-grad-stops-update", "reports-before-step"] });
    expect(grade(k, num(30.9))).toEqual({ outcome: "misconception", ids: ["update-forgets-lr"] });
  });

  it("is unclassified when nothing matches", () => {
    expect(grade(k, num(-1))).toEqual({ outcome: "unclassified" });
    expect(grade(k, { kind: "none" })).toEqual({ outcome: "unclassified" });
    expect(grade(k, { kind: "error" })).toEqual({ outcome: "unclassified" });
  });

  it("takes a tolerance", () => {
    expect(grade(k, num(0.7), { rtol: 0, atol: 1e-6 })).toEqual({ outcome: "unclassified" });
    expect(grade(k, num(0.69), { rtol: 0.05 })).toEqual({ outcome: "correct" });
  });

  it("compares None and errors by kind only", () => {
    const none = key({ kind: "none" }, [["zero-grad-writes-zeros", num(0)]]);
    expect(grade(none, { kind: "none" })).toEqual({ outcome: "correct" });
    expect(grade(none, num(0))).toEqual({ outcome: "misconception", ids: ["zero-grad-writes-zeros"] });
    expect(grade(none, { kind: "error" })).toEqual({ outcome: "unclassified" });
    const err = key({ kind: "error", pyType: "AttributeError", message: "..." }, [["zero-none-grad-works", num(0)]]);
    expect(grade(err, { kind: "error" })).toEqual({ outcome: "correct" });
    expect(grade(err, num(0))).toEqual({ outcome: "misconception", ids: ["zero-none-grad-works"] });
    expect(grade(err, { kind: "none" })).toEqual({ outcome: "unclassified" });
  });

  it("compares vectors elementwise, of the same length", () => {
    const v = key({ kind: "vector", value: [0.52, 0.92, 1.32], shape: [3] }, [
      ["update-sign-flipped", { kind: "vector", value: [-0.52, -0.92, -1.32], shape: [3] }],
    ]);
    expect(grade(v, { kind: "vector", value: [0.52, 0.92, 1.32] })).toEqual({ outcome: "correct" });
    expect(grade(v, { kind: "vector", value: [0.52, 0.92, 1.4] })).toEqual({ outcome: "unclassified" });
    expect(grade(v, { kind: "vector", value: [0.52, 0.92] })).toEqual({ outcome: "unclassified" });
    expect(grade(v, { kind: "vector", value: [-0.52, -0.92, -1.32] })).toEqual({
      outcome: "misconception",
      ids: ["update-sign-flipped"],
    });
    expect(grade(v, num(0.52))).toEqual({ outcome: "unclassified" });
  });

  it("treats a number and a one-element vector alike", () => {
    expect(grade(key(num(3), []), { kind: "vector", value: [3] })).toEqual({ outcome: "correct" });
    expect(grade(key({ kind: "vector", value: [3], shape: [1] }, []), num(3))).toEqual({ outcome: "correct" });
  });

  it("lists a misconception once even when both its values match", () => {
    const twice: AnswerKey = {
      questionId: "q",
      truth: num(1),
      mutants: [
        { misconceptionId: "a", value: num(5), mode: "local" },
        { misconceptionId: "a", value: num(5.001), mode: "carried" },
      ],
    };
    expect(grade(twice, num(5))).toEqual({ outcome: "misconception", ids: ["a"] });
  });

  it("is cheap: a hundred thousand grades well under a second", () => {
    const real = answerKey(seedLesson, questionAt(seedLesson, "it2a.s11", "w"));
    const answers = [num(0.7048), num(0.4), num(30.88), num(12), { kind: "none" } as const];
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) grade(real, answers[i % answers.length]!);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("answer keys of the built-in lessons", () => {
  it("hold the truth and only the misconceptions that differ from it", () => {
    const k = answerKey(seedLesson, questionAt(seedLesson, "it2b.s12", "w_no_zero.grad"));
    expect(k.questionId).toBe("it2b.s12:w_no_zero.grad");
    expect(k.truth.kind).toBe("number");
    expect((k.truth as { value: number }).value).toBeCloseTo(-70.48, 10);
    const overwrites = k.mutants.find((m) => m.misconceptionId === "backward-overwrites");
    expect((overwrites?.value as { value: number }).value).toBeCloseTo(-30.48, 10);
    expect(k.mutants.some((m) => m.misconceptionId === "momentum-ignored")).toBe(false);
    expect(grade(k, num(-30.48))).toEqual({ outcome: "misconception", ids: ["backward-overwrites"] });
    expect(grade(k, num(-70.5))).toEqual({ outcome: "correct" });
  });

  it("grade the seed walkthrough's own mistake as zero-grad-writes-zeros", () => {
    const k = answerKey(seedLesson, questionAt(seedLesson, "sgd.s13", "w_optim.grad"));
    expect(k.truth).toMatchObject({ kind: "error", pyType: "AttributeError" });
    expect(grade(k, num(0))).toEqual({ outcome: "misconception", ids: ["zero-grad-writes-zeros"] });
    expect(grade(k, { kind: "error" })).toEqual({ outcome: "correct" });
  });

  it("never grade a misconception's value correct on a default question", () => {
    for (const lesson of lessons)
      for (const q of defaultQuestions(lesson)) {
        const k = answerKey(lesson, q);
        for (const m of k.mutants)
          expect(grade(k, answerFor(m.value)), `${lesson.id} ${q.id} ${m.misconceptionId}`).not.toEqual({
            outcome: "correct",
          });
        expect(grade(k, answerFor(k.truth))).toEqual({ outcome: "correct" });
        expect(diagnosticPower(k), `${lesson.id} ${q.id}`).toBeGreaterThan(0);
      }
  });
});

describe("questions", () => {
  it("are (checkpoint, quantity) with a prompt, a line and the answer kinds to offer", () => {
    const q = questionAt(seedLesson, "it2a.s9", "w.grad");
    expect(q).toMatchObject({ id: "it2a.s9:w.grad", lessonId: "seed-zero-grad", checkpointId: "it2a.s9", quantity: "w.grad" });
    expect(seedLesson.source[q.line]).toBe("loss.backward()");
    expect(q.prompt).toContain("loss.backward()");
    expect(q.prompt).toContain("w.grad");
    expect(q.accepts).toEqual(["number", "none", "error"]);
    expect(questionAt(seedLesson, "it2a.s5", "y_pred").accepts).toEqual(["vector", "none", "error"]);
    // A None gradient of a matrix is still a vector question.
    expect(questionAt(networkLesson, "it2.s1", "W2.grad").accepts).toEqual(["vector", "none", "error"]);
    expect(questionAt(trapsLesson, "trap2.s4", "y_pred.grad").accepts).toEqual(["vector", "none", "error"]);
  });

  it("refuse a checkpoint or quantity that does not exist", () => {
    expect(() => questionAt(seedLesson, "it9.s1", "w")).toThrow(/no checkpoint/);
    expect(() => questionAt(seedLesson, "it1.s1", "loss")).toThrow(/does not exist/);
  });

  it("include None and error answers among the defaults", () => {
    const kinds = (l: typeof seedLesson) => defaultQuestions(l).map((q) => answerKey(l, q).truth.kind);
    expect(kinds(seedLesson)).toEqual(expect.arrayContaining(["number", "none", "error"]));
    expect(kinds(trapsLesson)).toEqual(expect.arrayContaining(["number", "none", "error"]));
  });
});

describe("suggestQuestions", () => {
  it("chooses, for a lesson without its own list, questions that tell apart all it can", () => {
    for (const lesson of lessons) {
      const { questions: _own, ...bare } = lesson;
      const chosen = suggestQuestions(bare);
      expect(defaultQuestions(bare)).toEqual(chosen);
      const about = lessonDiagnostics(bare, {}, { aboutOnly: true });
      const picked = about.filter((d) => chosen.some((q) => q.id === d.question.id));
      expect(picked).toHaveLength(chosen.length);
      expect(separation(picked), lesson.id).toEqual(separation(about));
      for (const d of picked) expect(d.gradedCorrect, `${lesson.id} ${d.question.id}`).toEqual([]);
    }
  });
});

describe("diagnosticPower", () => {
  it("counts distinct wrong values, not misconceptions", () => {
    const k = key(num(0.7048), [
      ["a", num(0.4)],
      ["b", num(0.401)],
      ["c", num(30.88)],
      ["d", num(0.7049)], // within tolerance of the truth: not diagnostic
    ]);
    expect(diagnosticPower(k)).toBe(2);
    expect(diagnosticPower(key(num(1), []))).toBe(0);
    expect(diagnosticPower(key({ kind: "none" }, [["a", num(0)], ["b", { kind: "error", pyType: "E", message: "" }]]))).toBe(2);
  });
});

describe("studentProfile", () => {
  const mis = (...ids: string[]): Grade => ({ outcome: "misconception", ids });
  it("calls a misconception seen on two or more questions a bug, on one a slip", () => {
    const p = studentProfile([
      { questionId: "q1", grade: mis("backward-overwrites") },
      { questionId: "q2", grade: mis("backward-overwrites", "step-clears-grad") },
      { questionId: "q3", grade: { outcome: "correct" } },
      { questionId: "q4", grade: mis("update-sign-flipped") },
      { questionId: "q5", grade: { outcome: "unclassified" } },
    ]);
    expect(p.bugs).toEqual(["backward-overwrites"]);
    expect(p.slips).toEqual(["step-clears-grad", "update-sign-flipped"]);
    expect(p.counts).toEqual({ "backward-overwrites": 2, "step-clears-grad": 1, "update-sign-flipped": 1 });
  });

  it("counts a question once, however often it was answered", () => {
    const p = studentProfile([
      { questionId: "q1", grade: mis("a") },
      { questionId: "q1", grade: mis("a") },
    ]);
    expect(p).toEqual({ bugs: [], slips: ["a"], counts: { a: 1 } });
  });

  it("is empty for a student with no matched misconception", () => {
    expect(studentProfile([])).toEqual({ bugs: [], slips: [], counts: {} });
  });
});

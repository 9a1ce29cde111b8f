import { describe, expect, it } from "vitest";
import { buildReport, formatReport, main } from "../scripts/lessons-report";
import { lessons, misconceptions } from "../src/brain";

const report = buildReport();

describe("lessons:report", () => {
  it("covers every built-in lesson and misconception, at the default tolerance", () => {
    expect(report.tolerance).toEqual({ rtol: 0.01, atol: 0.001 });
    expect(report.lessons.map((l) => l.id)).toEqual(lessons.map((l) => l.id));
    expect(report.misconceptions.map((m) => m.id)).toEqual(misconceptions.map((m) => m.id));
  });

  it("lists each question with its truth, each mutant's value and its diagnostic power", () => {
    const seed = report.lessons[0]!;
    const q = seed.questions.find((x) => x.id === "it2b.s12:w_no_zero.grad")!;
    expect(q.isDefault).toBe(true);
    expect(q.label).toBe("loss_no_zero.backward()");
    expect(q.truth).toMatchObject({ kind: "number" });
    expect(q.mutants.map((m) => m.misconceptionId)).toContain("backward-overwrites");
    expect(q.power).toBeGreaterThanOrEqual(3);
    expect(q.gradedCorrect).toEqual([]);
  });

  it("shows that the default questions tell apart every misconception that the lesson can tell apart", () => {
    for (const l of report.lessons) {
      expect(l.defaults.detected, l.id).toEqual(l.best.detected);
      expect(l.defaults.confused, l.id).toEqual(l.best.confused);
      for (const id of l.defaultQuestions) {
        const q = l.questions.find((x) => x.id === id)!;
        expect(q.gradedCorrect, `${l.id} ${id}`).toEqual([]);
        expect(q.power, `${l.id} ${id}`).toBeGreaterThan(0);
      }
    }
    // Across the library, every pair is told apart somewhere: the seed alone cannot separate the two
    // "zeroing changes the parameters" misconceptions (both predict 0 there), the momentum lesson can.
    expect(report.lessons.find((l) => l.id === "seed-zero-grad")!.best.confused).toEqual([
      ["zeroing-resets-params", "zeroing-undoes-step"],
    ]);
    expect(report.lessons.find((l) => l.id === "sgd-momentum")!.best.confused).toEqual([]);
  });

  it("prints the same as JSON with --json", () => {
    const json = JSON.parse(main(["--json"]));
    expect(json).toEqual(JSON.parse(JSON.stringify(report)));
    // Independent of the code: the seed's first loss is (16+25+36+49+64)/5 = 38; summing instead of averaging
    // gives 190; the accumulated gradient of scenario B is (−40) + (−30.48) = −70.48 and the overwriting one −30.48.
    type Q = { id: string; truth: { value: number }; mutants: { misconceptionId: string; value: { value: number } }[] };
    const seed = json.lessons.find((l: { id: string }) => l.id === "seed-zero-grad").questions as Q[];
    const loss = seed.find((q) => q.id === "it1.s5:loss")!;
    expect(loss.truth.value).toBeCloseTo(38, 9);
    expect(loss.mutants.find((m) => m.misconceptionId === "sum-instead-of-mean")!.value.value).toBeCloseTo(190, 9);
    const accumulated = seed.find((q) => q.id === "it2b.s12:w_no_zero.grad")!;
    expect(accumulated.truth.value).toBeCloseTo(-70.48, 9);
    expect(accumulated.mutants.find((m) => m.misconceptionId === "backward-overwrites")!.value.value).toBeCloseTo(-30.48, 9);
  });

  it("prints a readable table by default", () => {
    const text = main([]);
    expect(text).toBe(formatReport(report));
    expect(text).toContain("=== seed-zero-grad");
    expect(text).toMatch(/\* it2b\.s12:w_no_zero\.grad +power \d+ +truth -70\.48/);
    expect(text).toMatch(/backward-overwrites +-30\.48/);
    expect(text).toContain("Default questions (*)");
  });

  it("filters by lesson, and lists every quantity with --all", () => {
    const one = buildReport({ lessonIds: ["sgd-momentum"] });
    expect(one.lessons.map((l) => l.id)).toEqual(["sgd-momentum"]);
    const all = buildReport({ all: true, lessonIds: ["sgd-momentum"] });
    expect(all.lessons[0]!.questions.length).toBeGreaterThan(one.lessons[0]!.questions.length);
    expect(all.lessons[0]!.questions.some((q) => q.power === 0)).toBe(true);
    expect(JSON.parse(main(["--json", "--lesson", "sgd-momentum"])).lessons).toHaveLength(1);
  });
});

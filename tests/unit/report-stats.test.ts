/**
 * Report statistics on a small fixture, every expected number worked out by hand in the comments. One session,
 * three questions, three students:
 *   Ada: q1 correct, q2 correct, q3 misconception x
 *   Bo:  q1 correct, q2 x,       q3 x
 *   Cy:  q1 y,       q2 unclassified (said with high confidence), q3 correct
 */
import type { Grade } from "@descent/autograd";
import { describe, expect, it } from "vitest";
import { combine, misconceptionStats, questionShifts, questionStats, studentStats, summarize, type AnswerRow } from "../../server/reports/stats.ts";

const C: Grade = { outcome: "correct" };
const X: Grade = { outcome: "misconception", ids: ["x"] };
const Y: Grade = { outcome: "misconception", ids: ["y"] };
const U: Grade = { outcome: "unclassified" };
const row = (student: string, questionId: string, grade: Grade, confidence: string | null = null): AnswerRow => ({ sessionId: "s1", questionId, student, grade, confidence });
const rows: AnswerRow[] = [
  row("ada", "q1", C), row("ada", "q2", C), row("ada", "q3", X),
  row("bo", "q1", C), row("bo", "q2", X), row("bo", "q3", X),
  row("cy", "q1", Y), row("cy", "q2", U, "high"), row("cy", "q3", C),
];

describe("question statistics", () => {
  const q = Object.fromEntries(questionStats(rows).map((s) => [s.questionId, s]));
  it("accuracy is the share answered correctly", () => {
    expect([q.q1!.accuracy, q.q2!.accuracy, q.q3!.accuracy]).toEqual([2 / 3, 1 / 3, 1 / 3]);
  });
  it("discrimination is the item–rest correlation", () => {
    // q1 scores [1, 1, 0]; the rest of each total (Ada 2−1, Bo 1−1, Cy 1−0) is [1, 0, 1].
    // Means 2/3 and 2/3; deviations [⅓, ⅓, −⅔] and [⅓, −⅔, ⅓]: Σxy = −⅓, Σxx = Σyy = ⅔, so r = −0.5.
    expect(q.q1!.discrimination).toBeCloseTo(-0.5, 12);
    // q2 scores [1, 0, 0]; rest [1, 1, 1]: no spread, undefined.
    expect(q.q2!.discrimination).toBeNull();
  });
  it("counts outcomes, confidence against correctness, and the confident-and-wrong", () => {
    expect(q.q2!.outcomes).toEqual({ correct: 1, x: 1, unclassified: 1 });
    expect(q.q2!.calibration).toEqual({ none: { correct: 1, wrong: 1 }, high: { correct: 0, wrong: 1 } });
    expect(q.q2!.confidentWrong).toBe(1);
    expect(q.q1!.confidentWrong).toBe(0);
  });
});

describe("students and misconceptions", () => {
  it("a misconception on two questions is a bug, on one a slip", () => {
    const s = Object.fromEntries(studentStats(rows).map((x) => [x.student, x]));
    expect(s.bo).toMatchObject({ answered: 3, correct: 1, bugs: ["x"], slips: [] });
    expect(s.ada).toMatchObject({ correct: 2, bugs: [], slips: ["x"] });
    expect(s.cy).toMatchObject({ correct: 1, bugs: [], slips: ["y"] });
  });
  it("a revote of the same question does not make a slip a bug", () => {
    const revote = [...rows, row("ada", "q3#2", X)];
    expect(studentStats(revote).find((x) => x.student === "ada")!.slips).toEqual(["x"]);
  });
  it("per misconception: who holds it, where it showed, and its share of each session's answers", () => {
    const m = Object.fromEntries(misconceptionStats(rows, ["s1"]).map((x) => [x.id, x]));
    expect(m.x).toMatchObject({ bugStudents: ["bo"], slipStudents: ["ada"], questions: ["s1/q2", "s1/q3"] });
    // 3 of the session's 9 answers matched x.
    expect(m.x!.trend).toEqual([{ sessionId: "s1", share: 3 / 9 }]);
    expect(m.y).toMatchObject({ bugStudents: [], slipStudents: ["cy"], questions: ["s1/q1"] });
  });
});

describe("summaries per session, combined", () => {
  // A second session: Cy shows y again (a bug across sessions, a slip within each); Ada shows x on q1.
  const s2 = [
    { ...row("ada", "q1", X), sessionId: "s2" },
    { ...row("cy", "q1", Y), sessionId: "s2" },
    { ...row("dee", "q1", C), sessionId: "s2" },
  ];
  const withText = (r: AnswerRow) => ({ ...r, prompt: `prompt of ${r.questionId}`, studentLabel: r.student.toUpperCase(), truth: null });
  const combined = combine([summarize("s1", new Date(0), rows.map(withText)), summarize("s2", new Date(1), s2.map(withText))]);

  it("gives the same students, bugs and slips as the answers of both sessions together", () => {
    const all = [...rows, ...s2];
    const direct = Object.fromEntries(studentStats(all).map((s) => [s.student, s]));
    for (const s of combined.students) expect(s).toMatchObject({ ...direct[s.student], label: s.student.toUpperCase() });
    // Cy: y once in each session = on two questions = a bug; Ada: x on s1/q3 and s2/q1 = a bug too.
    expect(combined.students.find((s) => s.student === "cy")!.bugs).toEqual(["y"]);
    expect(combined.students.find((s) => s.student === "ada")!.bugs).toEqual(["x"]);
  });

  it("gives the same misconception statistics, with one trend point per session", () => {
    const direct = Object.fromEntries(misconceptionStats([...rows, ...s2], ["s1", "s2"]).map((m) => [m.id, m]));
    for (const m of combined.misconceptions) expect({ ...m, bugStudents: [...m.bugStudents].sort(), slipStudents: [...m.slipStudents].sort() }).toEqual({ ...direct[m.id], bugStudents: [...direct[m.id]!.bugStudents].sort(), slipStudents: [...direct[m.id]!.slipStudents].sort() });
    // x: 3 of s1's 9 answers, 1 of s2's 3.
    expect(combined.misconceptions.find((m) => m.id === "x")!.trend).toEqual([
      { sessionId: "s1", share: 3 / 9 },
      { sessionId: "s2", share: 1 / 3 },
    ]);
  });
});

describe("peer instruction shift", () => {
  // q2 voted twice: Ada C → C, Bo x → C, Cy unclassified → x; Dee answered only the revote (not a pair).
  const pi: AnswerRow[] = [...rows, row("ada", "q2#2", C), row("bo", "q2#2", C), row("cy", "q2#2", X), row("dee", "q2#2", C)];
  it("counts, per first answer, who moved to the truth and who kept it", () => {
    const shifts = questionShifts(pi);
    expect(shifts).toHaveLength(1);
    const s = shifts[0]!;
    expect(s.questionId).toBe("q2");
    expect(s.pairs).toBe(3);
    expect([s.firstCorrect, s.secondCorrect]).toEqual([1, 2]);
    expect(s.rows.map((r) => [r.key, r.before, r.toTruth, r.stayed])).toEqual([
      ["correct", 1, 0, 1],
      ["x", 1, 1, 0],
      ["unclassified", 1, 0, 0],
    ]);
  });
  it("goes into the session's summary and the combined report", () => {
    const report = combine([summarize("s1", new Date("2026-01-05T10:00:00Z"), pi.map((r) => ({ ...r, prompt: r.questionId, studentLabel: r.student, truth: null })))]);
    expect(report.shifts.map((s) => [s.questionId, s.firstCorrect, s.secondCorrect])).toEqual([["q2", 1, 2]]);
    expect(questionShifts(rows)).toEqual([]);
  });
});

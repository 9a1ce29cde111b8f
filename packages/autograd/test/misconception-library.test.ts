import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  answerKey,
  defaultQuestions,
  getMisconception,
  lessons,
  misconceptionDefs,
  misconceptions,
  valueClusters,
} from "../src/brain";

describe("the misconception library", () => {
  it("has at least 12 misconceptions with unique kebab-case ids", () => {
    expect(misconceptions.length).toBeGreaterThanOrEqual(12);
    const ids = misconceptions.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("covers the zero_grad family and the update/calculus family", () => {
    const required = {
      "backward-overwrites": "zero_grad",
      "zero-grad-writes-zeros": "zero_grad",
      "zeroing-resets-params": "zero_grad",
      "zeroing-undoes-step": "zero_grad",
      "no-grad-stops-update": "zero_grad",
      "update-sign-flipped": "update",
      "update-forgets-lr": "update",
      "square-factor-forgotten": "calculus",
      "sum-instead-of-mean": "calculus",
      "bias-grad-times-x": "calculus",
      "reports-before-step": "update",
      "momentum-ignored": "update",
    } as const;
    for (const [id, family] of Object.entries(required)) expect(getMisconception(id)?.family).toBe(family);
  });

  it("explains each misconception to the student and to the teacher", () => {
    for (const m of misconceptions) {
      expect(m.title.length).toBeGreaterThan(5);
      expect(m.studentExplanation.length).toBeGreaterThan(40);
      expect(m.teacherNote.length).toBeGreaterThan(20);
      expect(["zero_grad", "update", "calculus", "autograd"]).toContain(m.family);
    }
  });

  it("publishes plain data (no rules) in `misconceptions`", () => {
    for (const m of misconceptions) expect(Object.keys(m).sort()).toEqual(["family", "id", "studentExplanation", "teacherNote", "title"]);
    expect(misconceptionDefs.map((m) => m.id)).toEqual(misconceptions.map((m) => m.id));
  });

  it("detects every misconception on some default question of the built-in lessons", () => {
    const detected = new Set<string>();
    for (const lesson of lessons)
      for (const q of defaultQuestions(lesson))
        for (const c of valueClusters(answerKey(lesson, q))) c.ids.filter((id) => !id.startsWith("known:")).forEach((id) => detected.add(id));
    expect([...detected].sort()).toEqual(misconceptions.map((m) => m.id).sort());
  });

  it("documents every misconception in docs/lessons.md", () => {
    const doc = readFileSync(new URL("../docs/lessons.md", import.meta.url), "utf8");
    for (const m of misconceptions) {
      expect(doc).toContain(`\`${m.id}\``);
      expect(doc).toContain(m.studentExplanation);
    }
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lessonFilesModule } from "../scripts/build-lessons";
import { lessonFile, parseLesson, readLessonFile } from "../src/schema";
import {
  defaultQuestions,
  getLesson,
  lessons,
  seedLesson,
  traceLesson,
  validateLesson,
  type Lesson,
} from "../src/brain";

const commentOf = (line: string) => /#(.*)$/.exec(line)?.[1] ?? "";

describe("the built-in lessons", () => {
  it("are the seed first, then accumulation, momentum, traps and the network", () => {
    expect(lessons.map((l) => l.id)).toEqual([
      "seed-zero-grad",
      "grad-accumulation",
      "sgd-momentum",
      "autograd-traps",
      "two-layer-sigmoid",
    ]);
    expect(getLesson("sgd-momentum")?.title).toMatch(/momentum/i);
    expect(getLesson("nope")).toBeUndefined();
  });

  it("are loaded from lessons/*.py, embedded as the files say (npm run lessons:build)", () => {
    expect(readFileSync(new URL("../src/lesson/library/files.ts", import.meta.url), "utf8")).toBe(lessonFilesModule());
  });

  for (const lesson of lessons) {
    describe(lesson.id, () => {
      it("has a title, a summary for students and notes for the teacher", () => {
        expect(lesson.title.length).toBeGreaterThan(10);
        expect(lesson.summary.length).toBeGreaterThan(100);
        expect(lesson.teacherNotes.length).toBeGreaterThan(100);
      });

      it("is valid, and survives JSON, the schema and its file unchanged", () => {
        expect(validateLesson(lesson)).toEqual([]);
        expect(parseLesson(JSON.stringify(lesson))).toEqual({ ok: true, lesson: JSON.parse(JSON.stringify(lesson)) });
        expect(parseLesson(lessonFile(lesson))).toEqual({ ok: true, lesson: JSON.parse(JSON.stringify(lesson)) });
      });

      it("runs every line its header names, with the quantity it names", () => {
        for (const ref of [...(lesson.questions ?? []), ...(lesson.knownMistakes ?? []), ...(lesson.copies ?? []).map((c) => c.from)]) {
          const runs = traceLesson(lesson).checkpoints.filter((c) => c.line === ref.line - 1);
          const c = runs[(ref.pass ?? 1) - 1];
          expect(c, `line ${ref.line}`).toBeDefined();
          expect(Object.keys(c!.values)).toContain(ref.quantity);
        }
      });

      it("does not give answers away in the program's comments", () => {
        for (const line of lesson.source) expect(commentOf(line)).not.toMatch(/Expected/);
        for (const q of defaultQuestions(lesson)) {
          const comment = commentOf(lesson.source[q.line]!);
          expect(comment, lesson.source[q.line]).not.toMatch(/None|Error|=\s*-?\d|^\s*-?\d/);
        }
      });

      it("has default questions", () => {
        expect(lesson.questions?.length).toBeGreaterThanOrEqual(5);
      });
    });
  }

  it("give stable, readable checkpoint ids: the section and the line's place in it", () => {
    const ids = traceLesson(seedLesson).checkpoints.map((c) => c.id);
    // Lines before the first section are "setup": imports, data, parameters.
    expect(ids.slice(0, 3)).toEqual(["setup.s1", "setup.s2", "setup.s3"]);
    const first = ids.indexOf("it1.s1");
    // Iteration 1 starts with a print; the two `if w.grad is not None:` bodies do not run and have no checkpoint.
    expect(traceLesson(seedLesson).checkpoints[first]!.label).toMatch(/^print\("\\n=== ITERATION 1/);
    expect(traceLesson(seedLesson).checkpoints[first + 1]!.label).toMatch(/^print\(f"1\.1 After manual/);
    expect(ids).toContain("it2b.s12");
    expect(ids.at(-1)).toBe("sgd.s14");
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("a lesson file", () => {
  it("reads the header's fields and the program after it", () => {
    const r = readLessonFile("# ---\n# id: tiny\n# title: Tiny\n# teacher_notes: n\n# ---\nimport torch\nw = torch.tensor(1.0)\n");
    expect(r).toEqual({ ok: true, lesson: { id: "tiny", title: "Tiny", teacherNotes: "n", source: ["import torch", "w = torch.tensor(1.0)"] } });
  });

  it("refuses a file without a closed header, YAML that does not parse, and unknown fields", () => {
    expect(readLessonFile("import torch\n")).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining("starts with a header") }] });
    expect(readLessonFile("# ---\n# id: x\nimport torch\n# ---\n")).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining("not a comment") }] });
    expect(readLessonFile("# ---\n# id: x\n")).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining("not closed") }] });
    expect(readLessonFile("# ---\n# id: [x\n# ---\n")).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining("not valid YAML") }] });
    expect(readLessonFile("# ---\n# colour: red\n# ---\n")).toMatchObject({ ok: false, errors: [{ path: "colour", message: expect.stringContaining("unknown field") }] });
  });
});

describe("validateLesson", () => {
  const base: Lesson = JSON.parse(JSON.stringify(seedLesson)) as Lesson;
  const n = base.source.length;

  it("finds lines outside the program", () => {
    const l: Lesson = { ...base, questions: [{ line: n + 5, quantity: "w" }], copies: [{ line: 0, from: { line: 3, quantity: "w" } }] };
    expect(validateLesson(l)).toEqual([
      { path: "questions[0].line", message: `line ${n + 5} is outside the program (1..${n})` },
      { path: "copies[0].line", message: `line 0 is outside the program (1..${n})` },
    ]);
  });

  it("refuses a program outside the subset, by line, before it runs", () => {
    const l: Lesson = { ...base, source: ["import torch", "x = 1", "while x < 3:", "    x += 1"], sections: [], questions: [], knownMistakes: [], copies: [] };
    expect(validateLesson(l)).toEqual([{ path: "source", message: expect.stringMatching(/^line 3: .*while/) }]);
  });

  it("checks ids, sections and quantities", () => {
    const l: Lesson = {
      ...base,
      id: "Not An Id",
      sections: [
        { id: "it1", label: "a", line: 30 },
        { id: "it1", label: "b", line: 10 },
        { id: "setup", label: "c", line: 40 },
      ],
      questions: [{ line: 10, quantity: "w grad" }],
    };
    expect(validateLesson(l).map((i) => i.path)).toEqual(["id", "sections[1].id", "sections[1].line", "sections[2].id", "questions[0].quantity"]);
  });
});

import { describe, expect, it } from "vitest";
import { parseLesson } from "../src/schema";
import {
  checkpointPlaces,
  getLesson,
  lessons,
  seedLesson,
  statementLabel,
  validateLesson,
  type Lesson,
  type Statement,
} from "../src/brain";

/** What the source line of each kind of statement must contain, so that a shifted line number shows up. */
function lineMatches(lesson: Lesson, st: Statement): boolean {
  const code = statementLabel(lesson, st);
  switch (st.op) {
    case "zero_grad":
      return code.includes(".zero_grad(") && (st.setToNone === false) === code.includes("set_to_none=False");
    case "grad_zero":
      return code === `${st.param}.grad.zero_()`;
    case "set_grad":
      return code.startsWith(`${st.param}.grad = `);
    case "param":
      return code.startsWith(`${st.name} = torch.tensor(`) && code.includes("requires_grad=True");
    case "optimizer":
      return code.startsWith("optimizer = ");
    case "forward":
      return code.startsWith(`${st.out ?? "y_pred"} = `) && code.includes(st.weight ?? "w") && code.includes(st.bias ?? "b");
    case "loss":
      return code.startsWith(`${st.out ?? "loss"} = `) && code.includes(st.pred ?? "y_pred") && code.includes("** 2");
    case "backward":
      return code === `${st.loss ?? "loss"}.backward()`;
    case "step":
      return code === "optimizer.step()";
    case "update":
      return code === `${st.param} -= lr * ${st.param}.grad`;
    case "read":
      return code === `print(${st.quantity}${st.item ? ".item()" : ""})`;
  }
}

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

  for (const lesson of lessons) {
    describe(lesson.id, () => {
      it("has a title, a summary for students and notes for the teacher", () => {
        expect(lesson.title.length).toBeGreaterThan(10);
        expect(lesson.summary.length).toBeGreaterThan(100);
        expect(lesson.teacherNotes.length).toBeGreaterThan(100);
      });

      it("is valid, and survives JSON and the schema unchanged", () => {
        expect(validateLesson(lesson)).toEqual([]);
        const parsed = parseLesson(JSON.stringify(lesson));
        expect(parsed).toEqual({ ok: true, lesson: JSON.parse(JSON.stringify(lesson)) });
      });

      it("points every statement at the source line it stands for", () => {
        for (const it of lesson.iterations)
          for (const st of it.statements)
            expect(lineMatches(lesson, st), `${it.id} ${st.op} -> "${lesson.source[st.line]}"`).toBe(true);
      });

      it("does not give answers away in the source's comments", () => {
        for (const line of lesson.source) expect(line).not.toMatch(/#.*(None|Error|=\s*-?\d)/);
      });

      it("has default questions", () => {
        expect(lesson.questions?.length).toBeGreaterThanOrEqual(5);
      });
    });
  }

  it("give stable, readable checkpoint ids", () => {
    const ids = checkpointPlaces(seedLesson).map((p) => p.id);
    expect(ids.slice(0, 4)).toEqual(["start.s1", "it1.s1", "it1.s2", "it1.s3"]);
    expect(ids).toContain("it2b.s7");
    expect(ids.at(-1)).toBe("sgd.s10");
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("validateLesson", () => {
  // The seed without its known mistakes (they point at checkpoints that the variants below do not have).
  const base: Lesson = { ...(JSON.parse(JSON.stringify(seedLesson)) as Lesson), knownMistakes: undefined };

  it("finds a line outside the source", () => {
    const l: Lesson = { ...base, iterations: [{ label: "x", statements: [{ op: "backward", line: 99 }] }], questions: [] };
    expect(validateLesson(l)).toContainEqual({
      path: "iterations[0].statements[0].line",
      message: `line 99 is outside the source (0..${base.source.length - 1})`,
    });
  });

  it("finds names used before they exist", () => {
    const l: Lesson = {
      ...base,
      questions: [],
      iterations: [
        {
          label: "x",
          statements: [
            { op: "backward", line: 0 },
            { op: "forward", line: 0, weight: "w2" },
            { op: "update", line: 0, param: "b3", noGrad: true },
            { op: "read", line: 0, quantity: "h.grad" },
          ],
        },
      ],
    };
    const paths = validateLesson(l).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "iterations[0].statements[0].loss",
        "iterations[0].statements[1].weight",
        "iterations[0].statements[2].param",
        "iterations[0].statements[3].quantity",
      ]),
    );
  });

  it("wants an optimizer before step() and zero_grad(), and lr for hand-written updates", () => {
    const { optimizer: _o, lr: _lr, ...rest } = base;
    const l: Lesson = {
      ...rest,
      questions: [],
      iterations: [
        {
          label: "x",
          statements: [
            { op: "step", line: 0 },
            { op: "update", line: 0, param: "w", noGrad: true },
          ],
        },
      ],
    };
    expect(validateLesson(l).map((i) => i.message)).toEqual([
      '"step" needs the lesson\'s "optimizer" settings',
      'a hand-written update needs the lesson\'s "lr"',
    ]);
    // The seed's optimizer is created over w_optim, which does not exist before its `param` line.
    const early: Lesson = { ...base, questions: [], iterations: [{ label: "x", statements: [{ op: "zero_grad", line: 0 }] }] };
    expect(validateLesson(early)).toEqual([
      { path: "iterations[0].statements[0].op", message: '"zero_grad" comes before the optimizer is created' },
    ]);
  });

  it("checks questions against the checkpoints and the quantities that exist there", () => {
    const l: Lesson = {
      ...base,
      questions: [
        { checkpoint: "it1.s4", quantity: "loss" },
        { checkpoint: "it1.s3", quantity: "loss" },
        { checkpoint: "it7.s1", quantity: "w" },
      ],
    };
    expect(validateLesson(l)).toEqual([
      { path: "questions[1].quantity", message: '"loss" does not exist at it1.s3' },
      { path: "questions[2].checkpoint", message: expect.stringContaining('no checkpoint "it7.s1"') },
    ]);
  });

  it("checks data, ids, shapes and batches", () => {
    const l: Lesson = {
      ...base,
      id: "Not An Id",
      data: { X: [1, 2, 3], y: [1, 2] },
      params: [...base.params, { name: "W", value: [[1, 2], [3]] }],
      questions: [],
      iterations: [
        {
          id: "it1",
          label: "x",
          statements: [
            { op: "forward", line: 0, batch: [2, 9] },
            { op: "set_grad", line: 0, param: "w", value: [1, 2] },
          ],
        },
        { id: "it1", label: "again", statements: [{ op: "forward", line: 0, kind: "dense" }] },
      ],
    };
    const paths = validateLesson(l).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "id",
        "data.y",
        "params[2].value",
        "iterations[0].statements[0].batch",
        "iterations[0].statements[1].value",
        "iterations[1].id",
        "iterations[1].statements[0].weight",
      ]),
    );
  });
});

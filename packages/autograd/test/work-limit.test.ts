// A lesson's Python is a teacher's (or anyone's) upload: nothing it does may allocate or print past the limits,
// and a refusal names the line and what to change. Each program below took the server down before.
import { describe, expect, it } from "vitest";
import { compileLesson, LessonTooCostly, type Lesson } from "../src/index";
import { runProgram } from "../src/python/interpret";
import { parseProgram } from "../src/python/syntax";
import { withWorkLimit } from "../src/engine/work";

function lesson(lines: string[]): Lesson {
  return { id: "attack", title: "Attack", summary: "", teacherNotes: "", source: lines };
}

function refusal(lines: string[]): LessonTooCostly {
  try {
    compileLesson(lesson(lines));
  } catch (e) {
    if (e instanceof LessonTooCostly) return e;
    throw e;
  }
  throw new Error("the lesson compiled");
}

describe("work limit: every allocation the program controls is charged first", () => {
  it.each([
    ["a format width", 'print(f"{1.0:>200000000}")'],
    ["a format precision", 'print(f"{1.0:.200000000f}")'],
    ["a string repeated", 's = "ab" * 100000000'],
    ["a list repeated", "xs = [0.0] * 100000000"],
    ["a big power", "n = 10 ** 30000000"],
    ["a tensor's size", "t = torch.zeros(100000, 100000)"],
    ["an arange's length", "t = torch.arange(0.0, 1e12)"],
    ["a linspace's steps", "t = torch.linspace(0.0, 1.0, 1000000000)"],
  ])("%s is refused with the line it is on", (_name, attack) => {
    const e = refusal(["import torch", "x = 1.0", attack]);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^Line 3: /);
  });

  it("a string doubled in a loop is refused before it is huge", () => {
    const e = refusal(["s = 'x'", "for i in range(40):", "    s = s + s"]);
    expect(e.line).toBe(3);
  });

  it("a list appended to without end is refused", () => {
    // 20,000 lines at most run; each pass charges its growth, so a small limit shows it is counted.
    const program = parseProgram(["xs = []", "for i in range(5000):", "    xs.append(xs * 3)"].join("\n"));
    expect(() => withWorkLimit(100_000, () => runProgram(program))).toThrow(/units of work/);
  });
});

describe("a compiled lesson's size in memory is bounded", () => {
  it("a large tensor kept while many lines run is refused: every line's values are charged as they are kept", () => {
    // 250,000 elements are cheap to make once, but kept on each of 20,000 lines they would be 5 billion numbers.
    const e = refusal(["import torch", "t = torch.zeros(500, 500)", "for i in range(20000):", "    x = 1"]);
    expect(e.line).toBe(4);
  });
});

describe("printed output is capped per line and per lesson", () => {
  it("one printed line of more than 2,000 characters is refused, naming the line and the width", () => {
    const e = refusal(["x = 1.0", 'print(f"{x:>2001}")']);
    expect(e.message).toBe(
      "Line 2: it prints a line of more than 2,000 characters (Descent shows at most that much on one line): print fewer or shorter values, or a smaller format width.",
    );
  });

  it("a line of exactly 2,000 characters prints", () => {
    const trace = runProgram(parseProgram('print(f"{1.0:>2000}")'));
    expect(trace.output).toBe(`${" ".repeat(1997)}1.0\n`);
  });

  it("more than 8,000 characters in all is refused at the line that passes it", () => {
    // 100 characters a pass (99 and the newline): the 81st pass passes 8,000.
    const e = refusal(["for i in range(200):", '    print("x" * 99)']);
    expect(e.line).toBe(2);
    expect(e.message).toContain("more than 8,000 characters in all");
  });
});

describe("Python's own limit on int to text", () => {
  it("str() of an int of more than 4,300 digits raises Python's ValueError", () => {
    const trace = runProgram(parseProgram("n = 10 ** 5000\ns = str(n)"));
    expect(trace.error).toEqual({
      type: "ValueError",
      message: "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
    });
  });

  it("str(10 ** 1000000) raises it without building the digits", () => {
    const trace = runProgram(parseProgram("s = str(10 ** 1000000)"));
    expect(trace.error?.type).toBe("ValueError");
  });

  it("an int of exactly 4,300 digits becomes text", () => {
    const trace = runProgram(parseProgram("print(len(str(10 ** 4299)))"));
    expect(trace.output).toBe("4300\n");
  });
});

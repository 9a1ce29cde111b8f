// The PyTorch-subset interpreter: what it refuses before anything runs, how it labels checkpoints, Python's
// semantics where students meet them. Values against real PyTorch: tests/unit/python-torch.test.ts.
import { describe, expect, it } from "vitest";
import { type LineQuestion, parseProgram, ProgramRefused, questionsAt, runProgram, type Value } from "../src/index";
import { TORCH_API } from "../src/python/syntax";

function refusals(source: string) {
  try {
    parseProgram(source);
  } catch (err) {
    if (err instanceof ProgramRefused) return err.refusals;
    throw err;
  }
  return [];
}

describe("refused before anything runs", () => {
  const cases: [string, number, RegExp][] = [
    ["x = 1\nwhile x < 3:\n    x += 1\n", 2, /while loop/],
    ["def f(w):\n    return w\n", 1, /function definition/],
    ["class Net:\n    pass\n", 1, /class definition/],
    ["try:\n    x = 1\nexcept Exception:\n    pass\n", 1, /try\/except/],
    ["f = lambda x: x\n", 1, /lambda/],
    ["xs = [i * 2 for i in range(3)]\n", 1, /list comprehension/],
    ["d = {'a': 1}\n", 1, /dict/],
    ["import numpy as np\n", 1, /numpy is outside the subset/],
    ["import torch\nx = torch.randn(3)\n", 2, /torch\.randn is outside the subset/],
    ["import torch\nx = torch.tensor([1.0, 2.0])\ny = x.cumsum(0)\n", 3, /\.cumsum is outside the subset/],
    ["import torch.nn as nn\nm = nn.Sequential()\n", 2, /torch\.nn\.Sequential is outside/],
    ["for a, b in zip([1], [2]):\n    pass\n", 1, /several names|zip/],
    ["x = 1\nok = 0 < x < 2\n", 2, /chained comparison/],
    ["import torch\nX = torch.zeros(2, 2)\nv = X[0, 1]\n", 3, /several dimensions/],
    ["a, b = 1, 2\n", 1, /unpacking|tuple/],
    ["x = [1]\ndel x\n", 2, /del/],
    ["x = 1 if True else 2\n", 1, /conditional expression/],
  ];
  for (const [source, line, message] of cases) {
    it(`${JSON.stringify(source.split("\n").at(-2))} at line ${line}`, () => {
      const r = refusals(source);
      expect(r.length).toBeGreaterThan(0);
      expect(r[0]!.line).toBe(line);
      expect(r[0]!.message).toMatch(message);
    });
  }

  it("says what is supported", () => {
    expect(refusals("while True:\n    pass\n")[0]!.message).toMatch(/Supported: .*for … in range/);
  });

  it("lists every refusal of a program, in line order, and nothing runs", () => {
    const source = 'print("before")\nimport numpy\nx = torch.randn(2)\nwhile x:\n    pass\n';
    const r = refusals(source);
    expect(r.map((x) => x.line)).toEqual([2, 3, 4]);
    expect(() => runProgram(source)).toThrow(ProgramRefused);
  });

  it("reports a syntax error at its line", () => {
    const r = refusals("x = 1\ny = (2 +\nz = 3\n");
    expect(r[0]!.construct).toBe("a syntax error");
    expect(r[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("reads floats written with a trailing point (1.), which lezer-python's grammar lacks", () => {
    const t = runProgram("import torch\nX = torch.tensor([1., 2.])\nk = 3.\n");
    expect(t.checkpoints.at(-1)!.quantities.X).toEqual({ kind: "tensor", shape: [2], values: [1, 2] });
    expect(t.checkpoints.at(-1)!.quantities.k).toEqual({ kind: "number", value: 3, int: false });
  });

  it("every torch member it lets through is one the interpreter has", () => {
    for (const [module, members] of Object.entries(TORCH_API)) {
      for (const m of members) {
        const t = runProgram(`import torch\nimport torch.nn\nimport torch.nn.functional\nimport torch.optim\nv = ${module}.${m}\n`);
        expect(t.error, `${module}.${m}`).toBeNull();
      }
    }
  });
});

describe("checkpoints", () => {
  it("a line that does not run has none: the seed's `if w.grad is not None:` body on the first iteration", () => {
    const source = [
      "import torch",
      "w = torch.tensor(0.0, requires_grad=True)",
      "if w.grad is not None:",
      "    w.grad = None",
      "y = w * 2.0",
    ].join("\n");
    expect(runProgram(source).checkpoints.map((c) => c.line)).toEqual([1, 2, 5]);
  });

  it("a loop's lines once per pass, labelled with the pass", () => {
    const source = "total = 0\nfor epoch in range(2):\n    for i in [10, 20]:\n        total += i\n";
    const t = runProgram(source);
    expect(t.checkpoints.map((c) => c.id)).toEqual(["L1", "L4.1.1", "L4.1.2", "L4.2.1", "L4.2.2"]);
    expect(t.checkpoints[2]!.label).toBe("line 4 (epoch = 0, i = 20)");
    expect(t.checkpoints.map((c) => c.quantities.total)).toEqual([0, 10, 30, 40, 60].map((value) => ({ kind: "number", value, int: true })));
  });

  it("holds every leaf's .grad (None before the first backward), not a non-leaf's", () => {
    const t = runProgram("import torch\nw = torch.tensor(3.0, requires_grad=True)\ny = w * w\ny.backward()\n");
    expect(t.checkpoints[1]!.quantities["w.grad"]).toEqual({ kind: "none" });
    expect(t.checkpoints[3]!.quantities["w.grad"]).toEqual({ kind: "tensor", shape: [], values: [6] }); // d(w²)/dw = 2·3
    expect(t.checkpoints[3]!.quantities["y.grad"]).toBeUndefined();
  });

  it("an error stops the program at its line; as notebook cells the next statement still runs", () => {
    const source = "import torch\nw = torch.tensor(1.0, requires_grad=True)\nw.grad.zero_()\nz = 2\n";
    const stop = runProgram(source);
    expect(stop.checkpoints.map((c) => c.line)).toEqual([1, 2, 3]);
    expect(stop.error).toEqual({ type: "AttributeError", message: "'NoneType' object has no attribute 'zero_'" });
    const cells = runProgram(source, { cells: true });
    expect(cells.checkpoints.map((c) => c.line)).toEqual([1, 2, 3, 4]);
    expect(cells.checkpoints[2]!.error?.type).toBe("AttributeError");
  });

  it("stops a loop that runs away", () => {
    const t = runProgram("x = 0\nfor i in range(1000000):\n    x += 1\n", { maxLines: 500 });
    expect(t.error?.type).toBe("NotSupported");
    expect(t.checkpoints.length).toBeLessThanOrEqual(501);
  });
});

describe("Python where students meet it", () => {
  const printed = (source: string) => runProgram(source).output;

  it("formats numbers as Python does (values worked out by hand)", () => {
    // 2.5 and 0.125 are exact binary ties: Python rounds them to even.
    expect(printed('print(f"{2.5:.0f} {0.125:.2f} {0.375:.2f} {1234.5:,.1f} {3:>4} {12345.678:.2e} {-0.5:+.1f} {7:03d}")')).toBe("2 0.12 0.38 1,234.5    3 1.23e+04 -0.5 007\n");
    expect(printed("print(0.1 + 0.2, 1e16, 1e-5, 2 ** 0.5, 10 / 4, 7 // 2, -7 // 2, -7 % 3)")).toBe("0.30000000000000004 1e+16 1e-05 1.4142135623730951 2.5 3 -4 2\n");
  });

  it("prints tensors as PyTorch does", () => {
    expect(printed("import torch\nprint(torch.tensor(0.4, requires_grad=True))\nprint(torch.tensor([-40.0]))\nprint(torch.tensor([0.52, 1.0]))")).toBe(
      "tensor(0.4000, requires_grad=True)\ntensor([-40.])\ntensor([0.5200, 1.0000])\n",
    );
  });

  it("refuses an integer tensor (int64 in PyTorch) with what to write instead: written out, before anything runs", () => {
    const r = refusals("import torch\nprint('hi')\nX = torch.tensor([1, 2, 3])\nT = torch.arange(5)\nF = torch.full((2,), 1)\n");
    expect(r.map((x) => x.line)).toEqual([3, 4, 5]);
    expect(r[0]!.message).toMatch(/write them as floats/);
    // Typed or made of floats, they run.
    expect(runProgram("import torch\nX = torch.tensor([1, 2], dtype=torch.float32)\nY = torch.tensor([1., 2.])\n").error).toBeNull();
  });

  it("refuses at run time an integer tensor it could not see in the code", () => {
    const t = runProgram("import torch\nxs = [1, 2, 3]\nX = torch.tensor(xs)\n");
    expect(t.checkpoints.map((c) => c.line)).toEqual([1, 2, 3]);
    expect(t.error?.type).toBe("NotSupported");
    expect(t.error?.message).toMatch(/write them as floats/);
  });

  it("never shows a slice that PyTorch would have changed: writes through a view, and kept views of a changed tensor, are refused", () => {
    // X[0:2] shares X's memory in PyTorch: zeroing it would zero X too.
    const through = runProgram("import torch\nX = torch.tensor([1., 2., 3.])\nX[0:2].zero_()\n");
    expect(through.error?.type).toBe("NotSupported");
    expect(through.checkpoints.at(-1)!.line).toBe(3);
    // A row kept in a variable would show the step in PyTorch: refused at the step.
    const kept = runProgram("import torch\nW = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nrow = W[0]\nW.sum().backward()\nopt = torch.optim.SGD([W], lr=0.1)\nopt.step()\n");
    expect(kept.error?.type).toBe("NotSupported");
    expect(kept.error?.message).toMatch(/^row is a slice, a row or a transpose/);
    expect(kept.checkpoints.at(-1)!.line).toBe(6);
    // A view used at once (X @ W.T) is a value like any other.
    expect(runProgram("import torch\nW = torch.tensor([[1., 2.]], requires_grad=True)\nX = torch.tensor([[1., 1.]])\nloss = (X @ W.T).sum()\nloss.backward()\nwith torch.no_grad():\n    W -= 0.1 * W.grad\n").error).toBeNull();
  });

  it("refuses nn.Linear's random weights until the program sets them", () => {
    const t = runProgram("import torch\nm = torch.nn.Linear(2, 1)\ny = m(torch.tensor([1.0, 2.0]))\n");
    expect(t.checkpoints[1]!.quantities["m.weight"]).toEqual({ kind: "unset" });
    expect(t.error?.type).toBe("NotSupported");
    expect(t.error?.message).toMatch(/random in PyTorch/);
  });
});

describe("the questions a line offers", () => {
  // The seed's first iteration by hand: w = b = 0, x = 1..5, y = x + 3, so the errors are e = -4..-8;
  // Σe = -30, Σe·x = -100; w.grad = (2/5)·Σe·x = -40, b.grad = (2/5)·Σe = -12.
  const source = [
    "import torch",
    "X = torch.tensor([1., 2., 3., 4., 5.])",
    "y = 1.0 * X + 3.0",
    "w = torch.tensor(0.0, requires_grad=True)",
    "b = torch.tensor(0.0, requires_grad=True)",
    "y_pred = w * X + b",
    "loss = ((y_pred - y) ** 2).mean()",
    "loss.backward()",
  ].join("\n");

  it("asks what backward() changed, with each misconception's value and the diagnostic power", () => {
    const program = parseProgram(source);
    const trace = runProgram(program);
    const qs = questionsAt(program, trace, 7);
    expect(qs.map((q) => q.quantity)).toEqual(["w.grad", "b.grad"]);
    const [w, b] = qs as [LineQuestion, LineQuestion];
    const num = (v: Value | undefined) => (v?.kind === "number" ? v.value : Number.NaN);
    const predicted = (q: LineQuestion, id: string) => q.mutants.find((m) => m.misconceptionId === id)?.value;
    expect(num(w.truth)).toBeCloseTo(-40, 10);
    expect(num(predicted(w, "square-factor-forgotten"))).toBeCloseTo(-20, 10); // (1/5)·Σe·x
    expect(num(predicted(w, "sum-instead-of-mean"))).toBeCloseTo(-200, 10); // 2·Σe·x
    // A first backward into empty grads: overwriting and adding give the same -40, so it cannot tell them apart.
    expect(predicted(w, "backward-overwrites")).toBeUndefined();
    expect(num(predicted(w, "gradient-sign-flipped"))).toBeCloseTo(40, 10); // (2/5)·Σ(y − ŷ)·x
    expect(w.power).toBe(3);
    expect(num(b.truth)).toBeCloseTo(-12, 10);
    expect(num(predicted(b, "bias-grad-times-x"))).toBeCloseTo(-40, 10); // the weight's (2/5)·Σe·x
    expect(b.power).toBe(4); // -6, +12, -60 and -40
  });

  it("asks a line that raises about what it names: the answer is the error", () => {
    const program = parseProgram("import torch\nw = torch.tensor(0.4, requires_grad=True)\nw.grad.zero_()\n");
    const trace = runProgram(program);
    const [q] = questionsAt(program, trace, 2);
    expect(q!.quantity).toBe("w.grad");
    expect(q!.truth).toMatchObject({ kind: "error", pyType: "AttributeError" });
    expect(q!.mutants.find((m) => m.misconceptionId === "zero-none-grad-works")?.value).toEqual({ kind: "number", value: 0 });
  });
});

describe("dtypes in the float64 mode", () => {
  it("knows which tensors PyTorch holds as float64: its dtype errors, .dtype and printing follow", () => {
    const t = runProgram(
      "import torch\na = torch.tensor([1.0, 2.0], dtype=torch.float64)\nb = torch.tensor([0.5, 0.25])\nprint((a * b).dtype, b.dtype, a + b)\nc = a @ b\n",
    );
    expect(t.output).toBe("torch.float64 torch.float32 tensor([1.5000, 2.2500], dtype=torch.float64)\n");
    expect(t.error?.type).toBe("RuntimeError");
    expect(t.checkpoints.at(-1)!.line).toBe(5);
  });
});

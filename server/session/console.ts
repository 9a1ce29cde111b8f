/**
 * What the lesson's program prints as it runs, as Python would show it: `print(...)` lines and the traceback of a
 * line that raises. Shown under the code once the line has run (never before: it can state an answer).
 */
import type { Checkpoint, Lesson, Statement, Value } from "@descent/autograd";

export type ConsoleLine = { line: number; text: string; error: boolean };

/** A Python float as `repr` prints it (`38.0`, `-30.48`). */
function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** A tensor's elements as PyTorch prints them: `-40.` when every element is whole, else four decimals. */
function torchNumbers(xs: readonly number[]): string[] {
  const whole = xs.every((x) => Number.isInteger(x));
  return xs.map((x) => (whole ? `${x}.` : x.toFixed(4)));
}

function tensorRepr(v: Value): string {
  switch (v.kind) {
    case "number":
      return `tensor(${torchNumbers([v.value])[0]})`;
    case "vector": {
      const parts = torchNumbers(v.value);
      if (v.shape.length === 2) {
        const [rows, cols] = v.shape as [number, number];
        const lines = Array.from({ length: rows }, (_, r) => `[${parts.slice(r * cols, (r + 1) * cols).join(", ")}]`);
        return `tensor([${lines.join(",\n        ")}])`;
      }
      return `tensor([${parts.join(", ")}])`;
    }
    case "none":
      return "None";
    case "error":
      return `${v.pyType}: ${v.message}`;
  }
}

/** The output of the first `executed` statements. */
export function consoleOutput(lesson: Lesson, statements: readonly Statement[], checkpoints: readonly Checkpoint[], executed: number): ConsoleLine[] {
  const out: ConsoleLine[] = [];
  for (let i = 0; i < executed && i < checkpoints.length; i++) {
    const c = checkpoints[i]!;
    const st = statements[i]!;
    if (c.raised && c.raised.kind === "error") {
      out.push({
        line: c.line,
        error: true,
        text: `Traceback (most recent call last):\n  File "lesson.py", line ${c.line + 1}, in <module>\n    ${c.label}\n${c.raised.pyType}: ${c.raised.message}`,
      });
      continue;
    }
    if (st.op !== "read") continue;
    const v = c.values[st.quantity];
    if (!v) continue;
    out.push({ line: c.line, error: false, text: st.item && v.kind === "number" ? pyFloat(v.value) : tensorRepr(v) });
  }
  return out;
}

/**
 * What the lesson's program prints as it runs, as Python shows it: what `print(...)` wrote (the interpreter
 * formats it as Python and PyTorch do) and the traceback of a line that raises. Shown under the code once the
 * line has run (never before: it can state an answer).
 */
import type { Checkpoint } from "@descent/autograd";

export type ConsoleLine = { line: number; text: string; error: boolean };

/** The output of the first `executed` lines run. */
export function consoleOutput(checkpoints: readonly Checkpoint[], executed: number): ConsoleLine[] {
  const out: ConsoleLine[] = [];
  for (let i = 0; i < executed && i < checkpoints.length; i++) {
    const c = checkpoints[i]!;
    if (c.output) out.push({ line: c.line, error: false, text: c.output.replace(/\n$/, "") });
    if (c.raised && c.raised.kind === "error") {
      out.push({
        line: c.line,
        error: true,
        text: `Traceback (most recent call last):\n  File "lesson.py", line ${c.line + 1}, in <module>\n    ${c.label}\n${c.raised.pyType}: ${c.raised.message}`,
      });
    }
  }
  return out;
}

// PyTorch programs run by Descent's interpreter and by real PyTorch (Debian's python3-torch, run by
// /usr/bin/python3): the same lines run in the same order, every variable and every leaf's .grad agree at every
// checkpoint, every raised error has the same type, and in the float32 mode the printed output is the same text.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lessons, type Quantity, runProgram } from "@descent/autograd";

const PYTHON = "/usr/bin/python3";
const HARNESS = new URL("../support/torch_trace.py", import.meta.url).pathname;
const CORPUS = new URL("../pytorch/programs/", import.meta.url).pathname;

type TorchQuantity = Exclude<Quantity, { kind: "unset" }> | { kind: "number"; value: number | string; int: boolean };
type TorchCheckpoint = { line: number; quantities: Record<string, TorchQuantity>; output: string; error: { type: string; message: string } | null };
type TorchTrace = { checkpoints: TorchCheckpoint[]; error: { type: string; message: string } | null };
type Run = { name: string; source: string; cells: boolean };

export const programs: Run[] = [
  ...fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((f) => ({ name: f, source: fs.readFileSync(path.join(CORPUS, f), "utf8"), cells: false })),
  // The built-in lessons' programs, as a lesson runs them: each top-level statement a notebook cell.
  ...lessons.map((l) => ({ name: `lesson ${l.id}`, source: `${l.source.join("\n")}\n`, cells: true })),
];

/** Real PyTorch's traces of the programs, with float32 (PyTorch's default) as the default dtype. */
export function torchTraces(runs: Run[]): TorchTrace[] {
  const input = JSON.stringify({ programs: runs.map((r) => ({ source: r.source, dtype: "float32", cells: r.cells })) });
  const out = execFileSync(PYTHON, [HARNESS], { input, encoding: "utf8", timeout: 120_000, maxBuffer: 1 << 28 });
  return (JSON.parse(out) as { traces: TorchTrace[] }).traces;
}

/**
 * Where Debian's PyTorch 1.13 and the 2.x semantics Descent follows raise different errors: program → Descent's
 * (2.x) error type → 1.13's. `.item()` of a tensor of several values is a RuntimeError in 2.x, a ValueError in 1.13.
 */
const VERSION_DIFFERENCES: Record<string, Record<string, string>> = {
  "44-item-of-vector.py": { RuntimeError: "ValueError" },
};

/** Python's json writes inf, -inf and nan as strings. */
const num = (x: number | string) => (typeof x === "number" ? x : x === "inf" ? Infinity : x === "-inf" ? -Infinity : Number.NaN);

/** Equal numbers: exactly (float32 mode), or within rtol 1e-4 (float64 against PyTorch's float32). */
function agree(a: number, b: number, exact: boolean): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (exact || !Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b)) + 1e-6;
}

/** The first difference between Descent's trace and PyTorch's, or null. */
export function difference(source: string, torch: TorchTrace, cells: boolean, dtype: "float32" | "float64", versions: Record<string, string> = {}): string | null {
  const exact = dtype === "float32";
  const ours = runProgram(source, { dtype, cells });
  const type = (e: { type: string } | null) => (e ? (versions[e.type] ?? e.type) : null);
  const lines = (cs: { line: number }[]) => cs.map((c) => c.line).join(",");
  if (lines(ours.checkpoints) !== lines(torch.checkpoints)) return `lines run: Descent ${lines(ours.checkpoints)}; PyTorch ${lines(torch.checkpoints)}`;
  if (type(ours.error) !== (torch.error?.type ?? null)) return `program error: Descent ${JSON.stringify(ours.error)}; PyTorch ${JSON.stringify(torch.error)}`;
  for (const [i, c] of ours.checkpoints.entries()) {
    const t = torch.checkpoints[i]!;
    const at = `${c.label}`;
    if (type(c.error) !== (t.error?.type ?? null)) return `${at}: error ${JSON.stringify(c.error)}; PyTorch ${JSON.stringify(t.error)}`;
    // Python prints an object's address (`<MulBackward0 object at 0x7f…>`); Descent leaves it out.
    if (exact && c.output !== t.output.replace(/ at 0x[0-9a-f]+>/g, ">")) return `${at}: printed ${JSON.stringify(c.output)}; PyTorch ${JSON.stringify(t.output)}`;
    // nn.Linear's random initial weights are not values (Descent leaves them unset until the program sets them).
    const names = new Set([...Object.keys(c.quantities).filter((k) => c.quantities[k]!.kind !== "unset"), ...Object.keys(t.quantities).filter((k) => c.quantities[k]?.kind !== "unset")]);
    for (const name of names) {
      const a = c.quantities[name];
      const b = t.quantities[name];
      const show = `${at}: ${name} is ${JSON.stringify(a)?.slice(0, 200)}; PyTorch ${JSON.stringify(b)?.slice(0, 200)}`;
      if (!a || !b || a.kind !== b.kind) return show;
      if (a.kind === "tensor" && b.kind === "tensor") {
        if (a.shape.join() !== b.shape.join() || !a.values.every((v, j) => agree(v, num(b.values[j]!), exact))) return show;
      } else if (a.kind === "list" && b.kind === "list") {
        if (a.values.length !== b.values.length || !a.values.every((v, j) => agree(v, num(b.values[j]!), exact))) return show;
      } else if (a.kind === "number" && b.kind === "number") {
        if (a.int !== b.int || !agree(a.value, num(b.value), exact)) return show;
      } else if (JSON.stringify(a) !== JSON.stringify(b)) return show;
    }
  }
  return null;
}

describe("PyTorch programs: Descent's interpreter against real PyTorch", () => {
  const traces = torchTraces(programs);

  it("the corpus holds at least 40 training-loop programs, and every built-in lesson", () => {
    expect(programs.filter((p) => !p.cells).length).toBeGreaterThanOrEqual(40);
    expect(programs.filter((p) => p.cells).length).toBe(lessons.length);
  });

  for (const [i, p] of programs.entries()) {
    it(`${p.name}: the same trace in the float32 mode (exactly) and in float64 (rtol 1e-4)`, () => {
      const torch = traces[i]!;
      expect(torch.checkpoints.length).toBeGreaterThan(0);
      const versions = VERSION_DIFFERENCES[p.name];
      expect(difference(p.source, torch, p.cells, "float32", versions)).toBeNull();
      expect(difference(p.source, torch, p.cells, "float64", versions)).toBeNull();
    });
  }
});

/**
 * What the code editor works out from a program: its trace (or why it is refused) and the questions of one
 * checkpoint. Pure: it runs in a Web Worker (analysis.worker.ts), so that a long program never freezes the page.
 */
import { type LineQuestion, parseProgram, type Program, ProgramRefused, type ProgramTrace, questionsAt, runProgram } from "@descent/autograd";

export type Problem = { line: number; message: string };
export type Analysis = { code: string; trace: ProgramTrace } | { code: string; refused: Problem[] };

export type Request = { id: number; kind: "analyse"; code: string } | { id: number; kind: "questions"; code: string; index: number };
export type Response = { id: number; kind: "analyse"; analysis: Analysis } | { id: number; kind: "questions"; code: string; index: number; questions: LineQuestion[] } | { id: number; kind: "failed"; message: string };

let last: { code: string; program: Program; trace: ProgramTrace } | null = null;

function analyse(code: string): Analysis {
  try {
    const program = parseProgram(code);
    const trace = runProgram(program, { cells: true });
    last = { code, program, trace };
    return { code, trace };
  } catch (err) {
    if (err instanceof ProgramRefused) return { code, refused: err.refusals.map((r) => ({ line: r.line, message: r.message })) };
    throw err;
  }
}

export function answer(req: Request): Response {
  try {
    if (req.kind === "analyse") return { id: req.id, kind: "analyse", analysis: analyse(req.code) };
    if (last?.code !== req.code) analyse(req.code);
    if (!last || last.code !== req.code) return { id: req.id, kind: "questions", code: req.code, index: req.index, questions: [] };
    return { id: req.id, kind: "questions", code: req.code, index: req.index, questions: questionsAt(last.program, last.trace, req.index, { cells: true }) };
  } catch (err) {
    return { id: req.id, kind: "failed", message: err instanceof Error ? err.message : String(err) };
  }
}

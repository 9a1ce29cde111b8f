/**
 * `npm run bench` (part 4): a lesson written as PyTorch code, in process. A 100-line training loop (ten
 * iterations of zero_grad, forward, loss, backward, step and a print, written out as a lesson shows them): parsing
 * it, tracing it, and tracing it as a student holding each of the 18 misconceptions from the start would; and the
 * questions of every line (each misconception acting on that line alone), as the code editor asks them.
 * Prints p50/p95/p99/max and writes JSON to tests/bench/results/python-<date>.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { misconceptionDefs, parseProgram, questionsAt, runProgram } from "@descent/autograd";

const RUNS = Number(process.env.BENCH_RUNS ?? 40);

/** The program: data and parameters, then iterations written out, 100 lines in all. */
function hundredLines(): string {
  const lines = [
    "import torch",
    "X = torch.tensor([1., 2., 3., 4., 5.])",
    "y = 2.0 * X + 1.0",
    "w = torch.tensor(0.0, requires_grad=True)",
    "b = torch.tensor(0.0, requires_grad=True)",
    "optimizer = torch.optim.SGD([w, b], lr=0.01, momentum=0.5)",
  ];
  for (let i = 0; lines.length < 100; i++) {
    lines.push("optimizer.zero_grad()", "y_pred = w * X + b", "loss = ((y_pred - y) ** 2).mean()", "loss.backward()", "optimizer.step()", `print(f"${i}: {loss.item():.4f}")`);
  }
  return `${lines.slice(0, 100).join("\n")}\n`;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.at(-1)! };
}

const source = hundredLines();
const whole: number[] = [];
const parse: number[] = [];
const trace: number[] = [];
const mutants: number[] = [];
for (let r = 0; r < RUNS + 3; r++) {
  const t0 = performance.now();
  const program = parseProgram(source);
  const t1 = performance.now();
  runProgram(program);
  const t2 = performance.now();
  for (const m of misconceptionDefs) runProgram(program, { hooksAt: () => m.hooks, keepGraphs: m.hooks.reusesGraph === true });
  const t3 = performance.now();
  if (r < 3) continue; // warm-up
  parse.push(t1 - t0);
  trace.push(t2 - t1);
  mutants.push(t3 - t2);
  whole.push(t3 - t0);
}
const program = parseProgram(source);
const truth = runProgram(program);
const lineQuestions: number[] = [];
for (let i = 0; i < truth.checkpoints.length; i++) {
  const t = performance.now();
  questionsAt(program, truth, i);
  lineQuestions.push(performance.now() - t);
}

const rows: [string, ReturnType<typeof stats>][] = [
  ["parse (lezer-python + the subset's checks)", stats(parse)],
  ["trace (100 lines, every value)", stats(trace)],
  [`${misconceptionDefs.length} misconceptions' traces, held from the start`, stats(mutants)],
  ["parse + trace + every misconception's trace", stats(whole)],
  ["one line's questions (each misconception on that line alone)", stats(lineQuestions)],
];
console.log(`\nA 100-line PyTorch program (${truth.checkpoints.length} checkpoints), ${RUNS} runs, in process`);
console.log(`${"".padEnd(64)}${["p50", "p95", "p99", "max"].map((h) => h.padStart(10)).join("")}`);
for (const [label, s] of rows) console.log(`${label.padEnd(64)}${[s.p50, s.p95, s.p99, s.max].map((x) => `${x.toFixed(1)} ms`.padStart(10)).join("")}`);

const out = path.join(import.meta.dirname, "results");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(out, `python-${new Date().toISOString().slice(0, 10)}.json`),
  JSON.stringify({ machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model }, lines: 100, checkpoints: truth.checkpoints.length, runs: RUNS, results: Object.fromEntries(rows) }, null, 2),
);

// Variants against real PyTorch (Debian's python3-torch, run by /usr/bin/python3): the code a student is shown
// for a variant, run as written, gives at every asked line the value Descent grades against.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { lessons, numbersOf, resolveRef, traceLesson, variantPlan, variantSpace } from "@descent/autograd";

const PYTHON = "/usr/bin/python3";
const ORACLE = new URL("../support/torch_oracle.py", import.meta.url).pathname;

type Probe = { line: number; pass: number; quantity: string };
type Read = Probe & { kind: string; value?: number | number[]; error?: string };

function torch(source: string[], probes: Probe[]): Read[] {
  const out = execFileSync(PYTHON, [ORACLE], { input: JSON.stringify({ source, probes }), encoding: "utf8", timeout: 60_000 });
  return (JSON.parse(out) as { values: Read[] }).values;
}

describe("variants in real PyTorch", () => {
  for (const lesson of lessons.filter((l) => variantSpace(l).params.length > 0)) {
    it(`${lesson.id}: four variants, every asked value`, () => {
      const questions = lesson.questions!.map((q) => resolveRef(lesson, q));
      for (let i = 0; i < 4; i++) {
        const plan = variantPlan(lesson, `torch:${lesson.id}:${i}`, questions);
        const items = Object.values(plan.items);
        // A loop runs its lines once per pass: the checkpoint's pass is how often its line ran before it.
        const places = traceLesson(lesson).checkpoints;
        const probes = items.map((it) => {
          const index = places.findIndex((p) => p.id === it.question.checkpointId);
          return { line: it.question.line, pass: places.slice(0, index).filter((p) => p.line === it.question.line).length, quantity: it.question.quantity };
        });
        const read = torch(plan.source, probes);
        items.forEach((it, k) => {
          const where = `seed torch:${lesson.id}:${i}, ${it.question.id}`;
          const truth = it.key.truth;
          const got = read[k]!;
          if (truth.kind === "error") expect(got.kind, where).toBe("error");
          else if (truth.kind === "none") expect(got.kind, where).toBe("none");
          else {
            expect(got.kind, where).not.toBe("missing");
            const want = numbersOf(truth)!;
            const have = Array.isArray(got.value) ? got.value : [got.value!];
            expect(have.length, where).toBe(want.length);
            have.forEach((x, j) => expect(x, where).toBeCloseTo(want[j]!, 9));
          }
        });
      }
    });
  }
});

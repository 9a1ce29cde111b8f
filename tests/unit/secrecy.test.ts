/**
 * No truth before the reveal: for every default question of every built-in lesson, asked after any order of the
 * other default questions of its line, nothing the class is sent while the line is highlighted (before the
 * question is asked, and while it is open) holds the question's true value: not the values so far (the quantity
 * itself or another name equal to it), the printed output, the graph or the pictures. The truths come from the
 * compiled lesson (checked against PyTorch elsewhere); what is checked here is the class's view alone.
 */
import { compileLesson, lessons, sameValue, type Question, type Value } from "@descent/autograd";
import { describe, expect, it } from "vitest";
import type { PublicSession } from "../../server/protocol/views.ts";
import { apply, newSession, type SessionCommand, type SessionState } from "../../server/session/engine.ts";
import { makeLessonRuntime, type LessonRuntime } from "../../server/session/lesson-runtime.ts";
import { LiveSession } from "../../server/session/service.ts";
import { publicView } from "../../server/session/views.ts";

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const numerals = (text: string) => [...text.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => ({ value: Number(m[0]), decimals: m[0].split(/e/)[0]!.split(".")[1]?.length ?? 0 }));

/**
 * Whether a printed numeral shows the number: exactly, or rounded to the two or more decimals it was printed with
 * (a section's "1.1" in a printed label is not 1.1048; "1.10" would be).
 */
function printedAs(x: { value: number; decimals: number }, t: number): boolean {
  if (Math.abs(x.value - t) <= 1e-9 * Math.max(1, Math.abs(t))) return true;
  return x.decimals >= 2 && Math.abs(x.value - t) <= 0.5 * 10 ** -x.decimals * (1 + 1e-9);
}

/** Where in the class's view the value shows, or null. */
function leak(view: PublicSession, truth: Value, quantity: string): string | null {
  for (const [name, v] of Object.entries(view.values)) if (sameValue(v, truth)) return `values.${name}`;
  const nums = truth.kind === "number" ? [truth.value] : truth.kind === "vector" ? truth.value : [];
  for (const line of view.output) {
    if (line.error) continue;
    if (truth.kind === "none" && /\bNone\b/.test(line.text)) return `output: ${line.text}`;
    // A printed number (or every number of a printed vector, in order) that is the value.
    const printed = numerals(line.text);
    for (let i = 0; nums.length > 0 && i + nums.length <= printed.length; i++) {
      if (nums.every((t, j) => printedAs(printed[i + j]!, t))) return `output: ${line.text}`;
    }
  }
  for (const node of view.graph?.nodes ?? []) {
    const same = (xs: number[] | null) => xs !== null && nums.length > 0 && xs.length === nums.length && xs.every((x, i) => Math.abs(x - nums[i]!) <= 1e-9 * Math.max(1, Math.abs(x)));
    if (same(node.value) || same(node.grad)) return `graph node ${node.name ?? node.op}`;
    if (truth.kind === "none" && node.grad === null && `${node.name}.grad` === quantity) return `graph node ${node.name}`;
  }
  for (const path of view.picture?.paths ?? []) {
    const plotted = [...path.points.flatMap((p) => [p.x, p.y]), ...path.losses.map((l) => l.loss)];
    if (truth.kind === "number" && plotted.some((x) => Math.abs(x - truth.value) <= 1e-9 * Math.max(1, Math.abs(x)))) return `picture ${path.id}`;
  }
  return null;
}

function scenario(runtime: LessonRuntime) {
  let t = 0;
  const state: SessionState = newSession("s1", runtime.lessonId, 0);
  const session = new LiveSession(state, "ABCDEF", "0".repeat(64), runtime);
  const run = (cmd: Record<string, unknown>) => apply(state, { at: (t += 1000), ...cmd } as SessionCommand, runtime);
  run({ type: "join", participantId: "p1", nickname: "Ada" });
  run({ type: "start" });
  // What the class receives is the public view, sent as JSON.
  const view = () => JSON.parse(JSON.stringify(publicView(session, t))) as PublicSession;
  return { run, view };
}

for (const lesson of lessons) {
  describe(`${lesson.title}: no default question's value before its reveal`, () => {
    const runtime = makeLessonRuntime(compileLesson(lesson));
    const byLine = new Map<number, Question[]>();
    for (const q of runtime.defaults) {
      const index = runtime.trace.checkpoints.findIndex((c) => c.id === q.checkpointId);
      byLine.set(index, [...(byLine.get(index) ?? []), q]);
    }

    it(`holds for all ${runtime.defaults.length} default questions, in every order of each line's questions`, () => {
      const failures: string[] = [];
      let checked = 0;
      for (const [cursor, questions] of byLine) {
        for (const order of permutations(questions)) {
          for (const hideValues of [false, true]) {
            const { run, view } = scenario(runtime);
            run({ type: "goto", cursor });
            const check = (moment: string, pending: Question[]) => {
              const v = view();
              for (const q of pending) {
                checked++;
                const where = leak(v, runtime.truth(q), q.quantity);
                if (where) failures.push(`${q.id} ${moment} (${order.map((o) => o.quantity).join(", ")}${hideValues ? ", values hidden" : ""}): ${where}`);
              }
            };
            order.forEach((q, k) => {
              check(`before ${q.quantity} is asked`, order.slice(k));
              run({ type: "ask", quantity: q.quantity, durationMs: null, hideValues });
              check(`while ${q.quantity} is open`, order.slice(k));
              run({ type: "close", reason: "host" });
              check(`once ${q.quantity} is closed`, order.slice(k));
              run({ type: "reveal" });
              check(`after ${q.quantity} is revealed`, order.slice(k + 1));
            });
          }
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(runtime.defaults.length);
    });
  });
}

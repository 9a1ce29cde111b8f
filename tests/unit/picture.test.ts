// The projector's pictures (loss curve, path on the loss surface) as data: checked against numbers worked out by
// hand and, for the surface, against real PyTorch (Debian's python3-torch).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  compileLesson,
  LessonInvalid,
  lessons,
  linearMse,
  markOf,
  momentumLesson,
  networkLesson,
  numbersOf,
  pictureAt,
  rangeOf,
  seedLesson,
  surfaceGrid,
  surfaceMinimum,
  traceLesson,
  type Lesson,
  type Picture,
} from "@descent/autograd";

const seed = traceLesson(seedLesson).checkpoints;
/** The number of the seed's checkpoints that have run once the line with this code has run. */
function after(code: string, nth = 1): number {
  let seen = 0;
  const i = seed.findIndex((c) => c.label === code && ++seen === nth);
  if (i < 0) throw new Error(`no line ${code}`);
  return i + 1;
}
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 10);
const path = (p: Picture | null, id: string) => p?.paths.find((x) => x.id === id);

describe("the seed's loss surface", () => {
  const surface = pictureAt(seedLesson, seed.length)!.surface!;

  it("is the mean squared error of w·x + b against the seed's data", () => {
    expect(surface).toEqual({ kind: "linear-mse", x: [1, 2, 3, 4, 5], t: [4, 5, 6, 7, 8] });
    // By hand: at (0, 0) the errors are −4…−8, squares 16+25+36+49+64 = 190, mean 38.
    close(linearMse(surface, 0, 0), 38);
    // (1, 3) is the line the data lie on.
    close(linearMse(surface, 1, 3), 0);
    // (1, 0): every error is −3.
    close(linearMse(surface, 1, 0), 9);
    // (0, 3): errors −x, squares 1+4+9+16+25 = 55, mean 11.
    close(linearMse(surface, 0, 3), 11);
    // (0.4, 0.12), after iteration 1: errors −3.48 … −5.88, squares sum to 113.112, mean 22.6224.
    close(linearMse(surface, 0.4, 0.12), 22.6224);
    expect(surfaceMinimum(surface)).toEqual({ x: 1, y: 3 });
  });

  it("lays its grid out row by row, x fastest", () => {
    const g = surfaceGrid(surface, { x: [0, 1], y: [0, 3] }, 3, 3);
    expect(g.xs).toEqual([0, 0.5, 1]);
    expect(g.ys).toEqual([0, 1.5, 3]);
    close(g.values[0]!, 38); // (0, 0)
    close(g.values[2]!, 9); // (1, 0)
    // (0.5, 1.5): errors −0.5x − 1.5 = −2, −2.5, −3, −3.5, −4; squares 4 + 6.25 + 9 + 12.25 + 16 = 47.5; mean 9.5.
    close(g.values[4]!, 9.5);
    close(g.values[6]!, 11); // (0, 3)
    close(g.values[8]!, 0); // (1, 3)
  });

  it("equals PyTorch's MSE at every grid point", () => {
    const g = surfaceGrid(surface, { x: [-0.5, 1.7], y: [-1, 4] }, 7, 6);
    const script = [
      "import json, sys, torch",
      "d = json.load(sys.stdin)",
      "X = torch.tensor([1., 2., 3., 4., 5.], dtype=torch.float64)",
      "y = 1.0 * X + 3.0",
      "out = []",
      "for b in d['ys']:",
      "    for w in d['xs']:",
      "        out.append(((torch.tensor(w, dtype=torch.float64) * X + b - y) ** 2).mean().item())",
      "print(json.dumps(out))",
    ].join("\n");
    const torch = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script], { input: JSON.stringify(g), encoding: "utf8", timeout: 120_000 })) as number[];
    expect(torch).toHaveLength(g.values.length);
    torch.forEach((v, i) => expect(g.values[i]!).toBeCloseTo(v, 9));
    // Importing torch alone takes seconds on a busy machine, as in the other PyTorch tests.
  }, 120_000);
});

describe("the seed's paths", () => {
  it("draw nothing before the first loss is computed", () => {
    expect(pictureAt(seedLesson, after("y_pred = w * X + b"))).toBeNull();
  });

  it("go 0 → 0.4 → 0.7048 for w with zeroing, and branch at 0.4 to 1.1048 without", () => {
    const p = pictureAt(seedLesson, seed.length)!;
    expect(p.axes).toEqual(["w", "b"]);
    const a = path(p, "w,b")!;
    const b = path(p, "w_no_zero,b_no_zero")!;
    expect(a.from).toBeNull();
    expect(a.points.map((q) => q.iteration)).toEqual([0, 1, 2]);
    // w: 0, then 0 − 0.01·(−40) = 0.4, then 0.4 − 0.01·(−30.48) = 0.7048; b: 0, 0.12, 0.12 + 0.01·9.36 = 0.2136.
    [0, 0.4, 0.7048].forEach((w, i) => close(a.points[i]!.x, w));
    [0, 0.12, 0.2136].forEach((v, i) => close(a.points[i]!.y, v));
    // 2B starts where iteration 1 left w and b, and its accumulated gradients −70.48, −21.36 overshoot.
    expect(b.from).toEqual({ path: "w,b", iteration: 1 });
    expect(b.points.map((q) => q.iteration)).toEqual([1, 2]);
    close(b.points[1]!.x, 1.1048);
    close(b.points[1]!.y, 0.3336);
    // torch.optim.SGD's first step is iteration 1 again.
    const sgd = path(p, "w_optim,b_optim")!;
    expect(sgd.from).toEqual({ path: "w,b", iteration: 0 });
    close(sgd.points[1]!.x, 0.4);
  });

  it("draw the loss of each iteration, 2A and 2B sharing iteration 2's, and the surface's loss where the program computes none", () => {
    const p = pictureAt(seedLesson, seed.length)!;
    const a = path(p, "w,b")!.losses;
    expect(a.map((l) => [l.iteration, l.evaluated ?? false])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    close(a[0]!.loss, 38);
    close(a[1]!.loss, 22.6224);
    // At (0.7048, 0.2136) the errors are −0.2952x − 2.7864; squares sum to 68.2893504; mean 13.65787008.
    close(a[2]!.loss, 13.65787008);
    const b = path(p, "w_no_zero,b_no_zero")!.losses;
    expect(b.map((l) => l.iteration)).toEqual([2, 3]);
    close(b[0]!.loss, 22.6224);
    // At (1.1048, 0.3336) the errors are 0.1048x − 2.6664; squares sum to 27.7693504; mean 5.55387008.
    close(b[1]!.loss, 5.55387008);
  });

  it("move one line at a time: after `w -= …` only w has moved", () => {
    const mid = path(pictureAt(seedLesson, after("w -= lr * w.grad")), "w,b")!;
    expect(mid.points).toHaveLength(2);
    close(mid.points[1]!.x, 0.4);
    close(mid.points[1]!.y, 0);
    const done = path(pictureAt(seedLesson, after("b -= lr * b.grad")), "w,b")!;
    close(done.points[1]!.y, 0.12);
  });
});

describe("what a picture may show", () => {
  it("is only what has run: every number drawn is a value of a line that has run (or the surface's)", () => {
    for (const lesson of lessons) {
      const trace = traceLesson(lesson).checkpoints;
      for (let executed = 0; executed <= trace.length; executed++) {
        const p = pictureAt(lesson, executed);
        if (!p) continue;
        const seen = new Set<number>();
        for (const c of trace.slice(0, executed)) for (const v of Object.values(c.values)) for (const n of numbersOf(v) ?? []) seen.add(n);
        for (const q of p.paths) {
          for (const pt of q.points) {
            expect(seen.has(pt.x), `${lesson.id}@${executed}: x ${pt.x}`).toBe(true);
            expect(seen.has(pt.y), `${lesson.id}@${executed}: y ${pt.y}`).toBe(true);
          }
          for (const l of q.losses) if (!l.evaluated) expect(seen.has(l.loss), `${lesson.id}@${executed}: loss ${l.loss}`).toBe(true);
        }
      }
    }
  });

  it("puts a revealed parameter where its path goes next, and a revealed loss on its curve", () => {
    const before = pictureAt(seedLesson, after("w -= lr * w.grad") - 1)!;
    const w = markOf(before, "w", { kind: "number", value: 0.4 });
    expect(w).toMatchObject({ kind: "point", path: "w,b", from: { iteration: 0, x: 0, y: 0 }, to: { x: 0.4, y: 0 } });
    const loss2 = pictureAt(seedLesson, after("loss = ((y_pred - y) ** 2).mean()", 2) - 1)!;
    expect(markOf(loss2, "loss", { kind: "number", value: 22.6224 })).toEqual({ kind: "loss", path: "w,b", iteration: 2, loss: 22.6224 });
    expect(markOf(loss2, "w.grad", { kind: "number", value: -30.48 })).toBeNull();
    expect(markOf(loss2, "w", { kind: "none" })).toBeNull();
  });
});

describe("other lessons", () => {
  it("momentum: a step after zeroed gradients is a point of its own (w 0.4, 1.0648, 1.66312, from the teacher's notes)", () => {
    const p = path(pictureAt(momentumLesson, traceLesson(momentumLesson).checkpoints.length), "w,b")!;
    expect(p.points.map((q) => q.iteration)).toEqual([0, 1, 2, 3]);
    [0, 0.4, 1.0648, 1.66312].forEach((w, i) => close(p.points[i]!.x, w));
  });

  it("a bigger model draws the two numbers its header picks", () => {
    const p = pictureAt(networkLesson, traceLesson(networkLesson).checkpoints.length)!;
    expect(p.axes).toEqual(["W2[0][0]", "W2[1][0]"]);
    expect(p.surface).toBeNull();
    // The published worked example's W2 starts at [[.40, .50], [.45, .55]].
    close(p.paths[0]!.points[0]!.x, 0.4);
    close(p.paths[0]!.points[0]!.y, 0.45);
    // Loss ½·Σ(y_pred − y)² = 0.298371109 in the worked example.
    expect(p.paths[0]!.losses[0]!.loss).toBeCloseTo(0.298371109, 8);
  });

  it("a header that picks numbers no loss depends on is refused with what it could pick", () => {
    const bad: Lesson = { ...networkLesson, id: "bad-picture", picture: { params: ["W2[0][0]", "X"] } };
    expect(() => compileLesson(bad)).toThrow(LessonInvalid);
    expect(() => compileLesson(bad)).toThrow(/W1, b1, W2, b2/);
    const outside: Lesson = { ...networkLesson, id: "bad-picture-2", picture: { params: ["W2[0][0]", "W2[2][0]"] } };
    expect(() => compileLesson(outside)).toThrow(/picture/);
  });

  it("a view holds every point given", () => {
    const r = rangeOf([
      { x: 0, y: 0 },
      { x: 1, y: 3 },
    ]);
    expect(r.x[0]).toBeLessThan(0);
    expect(r.x[1]).toBeGreaterThan(1);
    expect(r.y[0]).toBeLessThan(0);
    expect(r.y[1]).toBeGreaterThan(3);
  });
});

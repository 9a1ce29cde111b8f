// Variants: seeded, humane, as diagnostic as the lesson's own numbers. Expected values come from the closed
// forms of the seed's first step (computed here by hand), not from the trace; every failure names its seed.
import { describe, expect, it } from "vitest";
import {
  answerFor,
  answerKey,
  DEFAULT_TOLERANCE,
  drawVariant,
  grade,
  lessons,
  misconceptionApplies,
  misconceptionDefs,
  mutantCheckpoint,
  numbersOf,
  questionAt,
  resolveDerived,
  resolveRef,
  hooksTouch,
  seedLesson,
  traceLesson,
  variantSpace,
  codeForItem,
  defaultQuestions,
  getLesson,
  variantPlan,
  type Lesson,
} from "../src/brain";

const questionsOf = (l: Lesson) => l.questions!.map((q) => resolveRef(l, q));
const varying = lessons.filter((l) => variantSpace(l).params.length > 0);

/** Every number of the true trace: finite, |x| ≤ 1000, at most 5 decimals (checked with toFixed, not the code's rule). */
function assertHumane(l: Lesson, seed: string) {
  for (const c of traceLesson(l).checkpoints)
    for (const [q, v] of Object.entries(c.values))
      for (const x of numbersOf(v) ?? []) {
        const where = `seed ${seed}: ${q} = ${x} at ${c.id}`;
        expect(Number.isFinite(x), where).toBe(true);
        expect(Math.abs(x), where).toBeLessThanOrEqual(1000);
        expect(Math.abs(Number(x.toFixed(5)) - x), where).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
      }
}

const apart = (a: number[], b: number[]) =>
  a.length !== b.length || a.some((x, i) => Math.abs(x - b[i]!) > DEFAULT_TOLERANCE.atol + DEFAULT_TOLERANCE.rtol * Math.abs(b[i]!));

type Key = ReturnType<typeof answerKey>;

/** For each misconception with a value apart from the truth: every misconception its values are graded as. */
function confusions(key: Key): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of key.mutants) {
    if (m.misconceptionId.startsWith("known:")) continue;
    const sameKind = m.value.kind === key.truth.kind;
    if (sameKind && !apart(numbersOf(m.value) ?? [], numbersOf(key.truth) ?? [])) continue;
    const g = grade(key, answerFor(m.value));
    const ids = out.get(m.misconceptionId) ?? new Set<string>();
    if (g.outcome === "misconception") g.ids.forEach((id) => ids.add(id));
    out.set(m.misconceptionId, ids);
  }
  return out;
}

const baseKeys = new Map<Lesson, Key[]>();
function keysOf(base: Lesson): Key[] {
  let k = baseKeys.get(base);
  if (!k) {
    const plain = { ...base, knownMistakes: [] };
    baseKeys.set(base, (k = questionsOf(base).map((q) => answerKey(plain, questionAt(plain, q.checkpoint, q.quantity)))));
  }
  return k;
}

/**
 * On every question, the truth keeps its kind, and each misconception whose value was apart from the truth on
 * the lesson's numbers still is, and is graded as no misconception it was told apart from there.
 */
function assertDiagnostic(base: Lesson, variant: Lesson, seed: string) {
  questionsOf(base).forEach((q, i) => {
    const b = keysOf(base)[i]!;
    const v = answerKey(variant, questionAt(variant, q.checkpoint, q.quantity));
    const where = `seed ${seed}, ${q.checkpoint}:${q.quantity}`;
    expect(v.truth.kind, where).toBe(b.truth.kind);
    const before = confusions(b);
    const now = confusions(v);
    for (const [id, was] of before) {
      const is = now.get(id);
      expect(is, `${where}: ${id} gives the truth (or is within tolerance of it)`).toBeDefined();
      for (const other of is!) expect(was.has(other), `${where}: ${id} now looks like ${other}`).toBe(true);
    }
  });
}

describe("variant generator", () => {
  it("is deterministic by seed, and different seeds give different numbers", () => {
    const a = drawVariant(seedLesson, "assignment-1:student-1:0");
    const b = drawVariant(seedLesson, "assignment-1:student-1:0");
    expect(b.lesson).toEqual(a.lesson);
    const distinct = new Set(Array.from({ length: 40 }, (_, i) => JSON.stringify(drawVariant(seedLesson, `assignment-1:student-1:${i}`).draws)));
    expect(distinct.size).toBeGreaterThan(30);
  });

  it("the seed's own numbers are consistent: every `from` literal is the value it copies", () => {
    for (const l of lessons) expect(resolveDerived(l)).toBe(l);
  });

  it("rewrites the code with the drawn numbers, and the trace follows them (seed, by hand)", () => {
    for (let i = 0; i < 200; i++) {
      const seed = `hand:${i}`;
      const v = drawVariant(seedLesson, seed);
      expect(v.own, `seed ${seed}`).toBe(false);
      const { "init:w": w0, "init:b": b0, slope: a, intercept: c, lr } = v.draws as Record<string, number>;
      const src = v.lesson.source;
      expect(src[5], `seed ${seed}`).toBe(`y = ${a!.toFixed(1).replace(/\.0$/, ".0")} * X ${c! < 0 ? "-" : "+"} ${Math.abs(c!).toFixed(1)}`.replace(/(\d)\.(\d)0$/, "$1.$2"));
      expect(src[8]).toMatch(new RegExp(`^w = torch\\.tensor\\(${String(w0).replace(/^(-?\d+)$/, "$1.0").replace(/[.-]/g, "\\$&")}, requires_grad=True\\)\\s*$`));
      expect(Number(/^lr = ([\d.e-]+)/.exec(src[11]!)![1])).toBe(lr);
      // Iteration 1 by hand: e = w0·x + b0 − (a·x + c); dw = 2/5 Σ e·x; db = 2/5 Σ e; w1 = w0 − lr·dw.
      const X = [1, 2, 3, 4, 5];
      const e = X.map((x) => w0! * x + b0! - (a! * x + c!));
      const loss = e.reduce((s, d) => s + d * d, 0) / 5;
      const dw = (2 / 5) * e.reduce((s, d, k) => s + d * X[k]!, 0);
      const db = (2 / 5) * e.reduce((s, d) => s + d, 0);
      const t = traceLesson(v.lesson);
      const val = (id: string, q: string) => numbersOf(t.checkpoints.find((k) => k.id === id)!.values[q]!)![0]!;
      expect(val("it1.s5", "loss"), `seed ${seed}`).toBeCloseTo(loss, 9);
      expect(val("it1.s7", "w.grad"), `seed ${seed}`).toBeCloseTo(dw, 9);
      expect(val("it1.s7", "b.grad"), `seed ${seed}`).toBeCloseTo(db, 9);
      expect(val("it1.s9", "w"), `seed ${seed}`).toBeCloseTo(w0! - lr! * dw, 9);
      // Scenario B starts from the state after iteration 1, shown as literals in the code.
      expect(Number(/tensor\((-?[\d.e-]+)/.exec(src[92]!)![1]), `seed ${seed}`).toBeCloseTo(w0! - lr! * dw, 9);
      expect(Number(/tensor\((-?[\d.e-]+)/.exec(src[97]!)![1]), `seed ${seed}`).toBeCloseTo(dw, 9);
      // Scenario B's backward adds the new gradient to the one left over: 2·dw-ish, computed by hand.
      const w1 = w0! - lr! * dw;
      const b1 = b0! - lr! * db;
      const e1 = X.map((x) => w1 * x + b1 - (a! * x + c!));
      const dw1 = (2 / 5) * e1.reduce((s, d, k) => s + d * X[k]!, 0);
      expect(val("it2b.s12", "w_no_zero.grad"), `seed ${seed}`).toBeCloseTo(dw + dw1, 6);
    }
  });

  for (const lesson of varying) {
    const n = lesson === seedLesson ? 600 : 350;
    it(`${lesson.id}: ${n} seeds give humane numbers and keep every misconception apart`, () => {
      let own = 0;
      for (let i = 0; i < n; i++) {
        const seed = `prop:${lesson.id}:${i}`;
        const v = drawVariant(lesson, seed, { questions: questionsOf(lesson) });
        if (v.own) own++;
        assertHumane(v.lesson, seed);
        assertDiagnostic(lesson, v.lesson, seed);
      }
      expect(own, "draws that fell back to the lesson's own numbers").toBeLessThan(n / 100);
    }, 240_000);
  }
});

describe("hooks act only on the lines they name", () => {
  it("a misconception's run equals PyTorch's on every line its hooks do not touch", () => {
    for (const lesson of lessons) {
      const truth = traceLesson(lesson).checkpoints;
      for (const m of misconceptionDefs) {
        if (!misconceptionApplies(lesson, m.id)) continue;
        truth.forEach((p, i) => {
          if (hooksTouch(m.hooks, p.kinds)) return;
          const c = mutantCheckpoint(lesson, m.id, i);
          expect({ values: c.values, raised: c.raised }, `${lesson.id} ${m.id} at ${p.id}`).toEqual({ values: p.values, raised: p.raised });
        });
      }
    }
  });
});

describe("a fresh variant", () => {
  it("never repeats the numbers it is told to avoid (a retry right after a miss)", () => {
    for (let i = 0; i < 100; i++) {
      const first = drawVariant(seedLesson, `avoid:${i}`);
      const next = drawVariant(seedLesson, `avoid:${i}`, { avoid: [first.draws] });
      expect(next.draws, `seed avoid:${i}`).not.toEqual(first.draws);
    }
  });
});

describe("the code shown while answering never answers a question still to come", () => {
  it("a copied literal equal to the truth of this question or a later one shows as …", () => {
    const seed = getLesson("seed-zero-grad")!;
    const refs = defaultQuestions(seed).map((q) => ({ checkpoint: q.checkpointId, quantity: q.quantity }));
    const plan = variantPlan(seed, "copies", refs);
    const trace = traceLesson(seed);
    const indexOf = (id: string) => trace.checkpoints.findIndex((c) => c.id === id);
    const items = Object.values(plan.items).sort((a, b) => indexOf(a.question.checkpointId) - indexOf(b.question.checkpointId));
    let answeredByCode = 0;
    items.forEach((item, k) => {
      const index = indexOf(item.question.checkpointId);
      const pending = items.slice(k).map((i) => i.key.truth);
      const code = codeForItem(plan, index, pending);
      for (const c of plan.copies) {
        // The literal as written in the variant's code (a number in torch.tensor(…)).
        const literal = /torch\.tensor\((-?[\d.]+)/.exec(code[c.line]!)?.[1];
        if (literal === undefined) continue;
        if (pending.some((t) => t.kind === "number" && Math.abs(t.value - Number(literal)) <= 1e-9 * Math.max(1, Math.abs(t.value)))) answeredByCode++;
      }
    });
    expect(answeredByCode).toBe(0);
    // Without the pending truths, the seed's own numbers show w_no_zero = 0.4 while "w after zero_()" (0.4) is asked.
    const itemAfterZero = items.find((i) => i.question.id === "it2a.s2:w")!;
    expect(itemAfterZero.key.truth).toMatchObject({ kind: "number" });
    const before = codeForItem(plan, indexOf("it2a.s2"));
    const after = codeForItem(plan, indexOf("it2a.s2"), items.slice(items.indexOf(itemAfterZero)).map((i) => i.key.truth));
    const wNoZero = seed.source.findIndex((l) => l.startsWith("w_no_zero = "));
    expect(before[wNoZero]).toMatch(/torch\.tensor\(-?[\d.]+, requires_grad=True\)/);
    expect(after[wNoZero]).toBe("w_no_zero = torch.tensor(…, requires_grad=True)");
  });
});

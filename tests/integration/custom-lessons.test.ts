/** A teacher's own lesson: validated by path, bounded, stored once, hosted, and found again after a restart. */
import { getLesson, type Lesson } from "@descent/autograd";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostSession } from "../../server/protocol/views.ts";
import { LessonCompiler } from "../../server/lessons/compiler.ts";
import { checkCustomLesson, customLessonId, MAX_NESTING, scanLessonText } from "../../server/session/custom-lessons.ts";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import { hashToken, newToken } from "../../server/session/service.ts";
import { sessionServices } from "../../server/session/setup.ts";
import { heavyLesson } from "../support/heavy-lesson.ts";
import { call, ok, startHarness, type Harness } from "../support/realtime-harness.ts";

const seed = getLesson("seed-zero-grad")!;
/** The seed with a learning rate of 0.1: after iteration 1, w = 0 − 0.1 · (−40) = 4 and b = 0 − 0.1 · (−12) = 1.2. */
const fast: Lesson = JSON.parse(
  JSON.stringify({ ...seed, id: "fast-seed", title: "The seed, ten times faster", questions: undefined, source: seed.source.map((l) => (/^lr = /.test(l) ? "lr = 0.1" : l)) }),
);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("checking a teacher's lesson", () => {
  it("reports every problem with its path", () => {
    const bad = JSON.parse(JSON.stringify(seed));
    bad.questions[0].line = 0;
    bad.sections[1].id = "Iteration One";
    bad.source[20] = "while True: pass";
    const r = checkCustomLesson(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(["questions[0].line"]);
    bad.questions[0].line = 1;
    const again = checkCustomLesson(JSON.stringify(bad));
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.errors.map((e) => e.path)).toEqual(["source", "sections[1].id"]);
    expect(again.errors[0]!.message).toMatch(/^line 21: .*while/);
    expect(checkCustomLesson("{ not json")).toMatchObject({ ok: false, errors: [{ path: "", message: expect.stringContaining("not valid JSON") }] });
  });

  it("reads a lesson file as well as JSON", () => {
    const file = ["# ---", "# id: tiny", "# title: Tiny", "# summary: s", "# teacher_notes: n", "# ---", "import torch", "w = torch.tensor(1.0, requires_grad=True)"].join("\n");
    expect(checkCustomLesson(file)).toEqual({ ok: true, lesson: { id: "tiny", title: "Tiny", summary: "s", teacherNotes: "n", source: ["import torch", "w = torch.tensor(1.0, requires_grad=True)"] } });
  });

  it("refuses programs too long to trace quickly", () => {
    const huge = { ...seed, source: [...seed.source, ...Array.from({ length: 400 }, (_, k) => `x${k} = ${k}.0`)] };
    const r = checkCustomLesson(huge);
    expect(r).toMatchObject({ ok: false, errors: [{ path: "source", message: expect.stringContaining("at most 400 lines") }] });
  });

  it("refuses names that JavaScript objects inherit, such as a variable or a question named __proto__", () => {
    const bad = JSON.parse(JSON.stringify(seed));
    bad.source[8] = "__proto__ = torch.tensor(0.0, requires_grad=True)";
    bad.questions[0].quantity = "__proto__";
    const r = checkCustomLesson(JSON.stringify(bad));
    expect(r).toMatchObject({
      ok: false,
      errors: [
        { path: "source", message: expect.stringContaining("__proto__") },
        { path: "questions[0].quantity", message: expect.stringContaining("not a quantity") },
      ],
    });
  });

  it("names a lesson by its content, whatever id the teacher gave it", () => {
    expect(customLessonId(fast)).toBe(customLessonId({ ...fast, id: "another-id" }));
    expect(customLessonId(fast)).not.toBe(customLessonId({ ...fast, source: [...fast.source, "z = 1.0"] }));
    expect(customLessonId(fast)).toMatch(/^custom-[0-9a-f]{20}$/);
  });
});

describe("the cheap scan before any parse", () => {
  const nested = (n: number) => `x = ${"(".repeat(n)}1.0${")".repeat(n)}`;

  it("refuses brackets nested deeper than Python allows, in one pass over the raw text", () => {
    // The program and its JSON together: {"source":[ opens two.
    expect(scanLessonText(JSON.stringify({ source: [nested(MAX_NESTING - 2)] }))).toBeNull();
    expect(scanLessonText(JSON.stringify({ source: [nested(MAX_NESTING - 1)] }))).not.toBeNull();
    // The attack: 195 kB of nested parentheses (JSON's own brackets count too).
    expect(scanLessonText(JSON.stringify({ lesson: { source: [nested(97_000)] } }))).toEqual({ path: "", message: `brackets nest more than ${MAX_NESTING} deep (Python refuses that too)` });
    expect(scanLessonText("[".repeat(MAX_NESTING + 1))).not.toBeNull();
    // Closing brackets never make room for more: depth is what is open at once.
    expect(scanLessonText(`${")".repeat(500)}${"(".repeat(MAX_NESTING)}`)).toBeNull();
  });

  it("sees brackets that JSON escapes hide from the raw text, once decoded", () => {
    const lesson = { ...fast, source: [...fast.source, nested(MAX_NESTING + 1)] };
    const raw = JSON.stringify(lesson).replace(/\(/g, "\\u0028");
    expect(scanLessonText(raw)).toBeNull();
    expect(checkCustomLesson(JSON.parse(raw))).toEqual({ ok: false, errors: [{ path: "", message: expect.stringContaining("nest more than 200 deep") }] });
  });
});

describe("the compiler serves students first", () => {
  it("a student's lesson is prepared while uploads over the limit wait in their own lane", async () => {
    const compiler = new LessonCompiler({ workers: 1 });
    const settled: string[] = [];
    const note = (name: string) => () => void settled.push(name);
    const heavy = heavyLesson({ width: 20, layers: 10, rows: 4, iterations: 6 });
    const uploads = [1, 2, 3].map((i) => compiler.compile({ ...heavy, title: `upload ${i}` }, "upload").then(note(`upload ${i}`), note(`upload ${i}`)));
    expect(compiler.pending("upload")).toBe(3);
    // One students' worker, as on two cores: in one queue the student's lesson would wait for all three uploads.
    const student = await compiler.compile(seed, "student");
    settled.push("student");
    expect(student.defaults.length).toBeGreaterThan(0);
    // In one queue it would come after all three; in its own lane it does not wait for them (the uploads, one
    // after another in theirs, take several times as long as the student's lesson).
    expect(settled).not.toContain("upload 3");
    await Promise.all(uploads);
    expect(settled.filter((x) => x !== "student")).toEqual(["upload 1", "upload 2", "upload 3"]);
    await compiler.close();
  });
});

describe("preparing a teacher's lesson off the event loop", () => {
  it("refuses a lesson whose real work is over the limit, with a clear message, and stores nothing", async () => {
    // Within every size limit (about 40 kB, 40 lines), but each step multiplies 20×20 matrices through 10 layers,
    // for every misconception and every line: far more work than a lesson may take.
    const heavy = heavyLesson({ width: 20, layers: 10, rows: 4, iterations: 6 });
    expect(checkCustomLesson(heavy).ok).toBe(true);
    const lessonsBefore = await h.db.customLesson.count();
    const sessionsBefore = await h.db.session.count();
    // While the worker compiles it (more than a second of work), the event loop stays free: timers keep firing.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    await expect(h.service.createWithLesson(heavy, "0".repeat(64))).rejects.toMatchObject({
      name: "LessonCompileError",
      reason: "too-costly",
      message: expect.stringContaining("needs more computation than Descent allows"),
    });
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(2);
    expect(await h.db.customLesson.count()).toBe(lessonsBefore);
    expect(await h.db.session.count()).toBe(sessionsBefore);
  });
});

describe("hosting a teacher's lesson", () => {
  it("runs with the teacher's numbers and survives a restart of the service", async () => {
    const hostKey = newToken();
    const s = await h.service.createWithLesson(fast, hashToken(hostKey));
    const host = await h.client({ cookie: `${HOST_COOKIE}=${hostKey}` });
    const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId: s.sessionId, command: c }));
    let view = await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
    expect(view.lesson.title).toBe("The seed, ten times faster");
    view = await command({ type: "start" });
    while (view.statementLabel !== "w -= lr * w.grad") view = await command({ type: "advance" });
    view = await command({ type: "ask", quantity: "w" });
    expect(view.preview).toEqual({ kind: "number", value: expect.closeTo(4, 9) });

    // A new service on the same database (a restarted server): the lesson comes back from the database.
    const { sessions: restarted, compiler } = sessionServices(h.db);
    expect(await restarted.restoreRecent()).toBeGreaterThan(0);
    const again = (await restarted.byId(s.sessionId))!;
    expect(again.runtime.lesson.title).toBe("The seed, ten times faster");
    expect(again.state.phase).toMatchObject({ kind: "question" });
    expect(again.runtime.truth([...again.state.questions.values()][0]!.question)).toEqual({ kind: "number", value: expect.closeTo(4, 9) });
    restarted.dispose();
    await compiler.close();
    expect(await h.db.customLesson.count()).toBe(1);
  });
});

describe("a lesson stored before lessons were programs", () => {
  it("is read from the database as the program its statements stand for, and hosted with its questions", async () => {
    // Stored as the statements format wrote it: two SGD steps on y = 2x without zero_grad().
    const id = "custom-0123456789abcdef0123";
    const stored = {
      id,
      title: "Two steps without zero_grad()",
      summary: "s",
      teacherNotes: "n",
      source: ["for step in range(2):", "    y_pred = w * X + b", "    loss = ((y_pred - y) ** 2).mean()", "    loss.backward()", "    optimizer.step()"],
      data: { X: [1, 2, 3], y: [2, 4, 6] },
      params: [
        { name: "w", value: 0 },
        { name: "b", value: 0 },
      ],
      loss: { kind: "mse", reduction: "mean" },
      optimizer: { kind: "sgd", lr: 0.1 },
      iterations: [1, 2].map((i) => ({
        id: `it${i}`,
        label: `Step ${i}`,
        statements: [
          { op: "forward", line: 1 },
          { op: "loss", line: 2 },
          { op: "backward", line: 3 },
          { op: "step", line: 4 },
        ],
      })),
      questions: [{ checkpoint: "it2.s3", quantity: "w.grad" }],
    };
    await h.db.customLesson.create({ data: { id, json: JSON.stringify(stored) } });
    const s = await h.service.create(id, hashToken(newToken()));
    const runtime = (await h.service.byId(s.sessionId))!.runtime;
    expect(runtime.lesson.source).toContain("loss.backward()");
    expect(runtime.defaults.map((q) => q.id)).toEqual(["it2.s3:w.grad"]);
    // Step 1: (2/3)·(−2 − 8 − 18) = −56/3; step 2 adds (2/3)·(2/3 + 16/15 + 6/5) = 88/45 (nothing zeroes .grad).
    expect(runtime.truth(runtime.defaults[0]!)).toEqual({ kind: "number", value: expect.closeTo(-56 / 3 + 88 / 45, 9) });
  });
});

describe("a session whose lesson cannot be loaded at start-up", () => {
  /** A stored session of a lesson that no longer compiles (stored before the interpreter's meter counted widths). */
  async function storedSessionOf(source: string[], restoreAttempts = 0): Promise<string> {
    const lesson = { id: `custom-${hashToken(newToken()).slice(0, 20)}`, title: "Too wide", summary: "s", teacherNotes: "n", source };
    await h.db.customLesson.create({ data: { id: lesson.id, json: JSON.stringify(lesson) } });
    const id = newToken().slice(0, 16);
    await h.db.session.create({ data: { id, code: newToken().slice(0, 6), lessonId: lesson.id, hostTokenHash: hashToken(newToken()), restoreAttempts } });
    return id;
  }

  it("is marked as failed with the reason and skipped by every later start-up", async () => {
    const id = await storedSessionOf(["x = 1.0", 'print(f"{x:>200000000}")']);
    const first = sessionServices(h.db);
    await first.sessions.restoreRecent();
    expect(await first.sessions.byId(id)).toBeNull();
    const row = (await h.db.session.findUnique({ where: { id } }))!;
    expect(row.failedAt).not.toBeNull();
    expect(row.failure).toMatch(/^Line 2: it needs more computation than Descent allows/);
    expect(await first.sessions.failureOf(id)).toBe(row.failure);
    first.sessions.dispose();
    await first.compiler.close();

    // The next start-up does not try it again: no attempt is counted and nothing is compiled.
    const second = sessionServices(h.db);
    await second.sessions.restoreRecent();
    expect((await h.db.session.findUnique({ where: { id } }))!.restoreAttempts).toBe(1);
    expect(second.compiler.pending()).toBe(0);
    second.sessions.dispose();
    await second.compiler.close();
  });

  it("that took the process down twice while loading is marked as failed without loading it a third time", async () => {
    // Two start-ups counted their attempt and never finished it (the process died during the load).
    const id = await storedSessionOf(["x = 1.0", "y = x * 2"], 2);
    const third = sessionServices(h.db);
    await third.sessions.restoreRecent();
    const row = (await h.db.session.findUnique({ where: { id } }))!;
    expect(row.failure).toBe("The server stopped while loading this session's lesson.");
    expect(await third.sessions.byId(id)).toBeNull();
    third.sessions.dispose();
    await third.compiler.close();
  });

  it("that loads has its attempts forgotten", async () => {
    const id = await storedSessionOf(["x = 1.0", "y = x * 2"], 1);
    const next = sessionServices(h.db);
    await next.sessions.restoreRecent();
    expect(await next.sessions.byId(id)).not.toBeNull();
    expect((await h.db.session.findUnique({ where: { id } }))!.restoreAttempts).toBe(0);
    next.sessions.dispose();
    await next.compiler.close();
  });
});

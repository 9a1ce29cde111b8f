/** A teacher's own JSON lesson: validated by path, bounded, stored once, hosted, and found again after a restart. */
import { getLesson, type Lesson } from "@descent/autograd";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostSession } from "../../server/protocol/views.ts";
import { checkCustomLesson, customLessonId } from "../../server/session/custom-lessons.ts";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import { hashToken, newToken } from "../../server/session/service.ts";
import { sessionServices } from "../../server/session/setup.ts";
import { heavyLesson } from "../support/heavy-lesson.ts";
import { call, ok, startHarness, type Harness } from "../support/realtime-harness.ts";

const seed = getLesson("seed-zero-grad")!;
/** The seed with a learning rate of 0.1: after iteration 1, w = 0 − 0.1 · (−40) = 4 and b = 0 − 0.1 · (−12) = 1.2. */
const fast: Lesson = JSON.parse(JSON.stringify({ ...seed, id: "fast-seed", title: "The seed, ten times faster", lr: 0.1, questions: undefined }));

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
    bad.iterations[1].statements[2].op = "explode";
    bad.loss = { kind: "mse", reduction: "median" };
    const r = checkCustomLesson(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["iterations[1].statements[2].op", "loss.reduction"]));
    expect(checkCustomLesson("{ not json")).toMatchObject({ ok: false, errors: [{ path: "", message: expect.stringContaining("not valid JSON") }] });
  });

  it("refuses lessons too large to trace quickly", () => {
    const it2a = seed.iterations.find((i) => i.id === "it2a")!;
    const huge = { ...seed, questions: undefined, knownMistakes: undefined, iterations: Array.from({ length: 20 }, (_, k) => ({ ...it2a, id: `r${k}` })) };
    const r = checkCustomLesson(huge);
    expect(r).toMatchObject({ ok: false, errors: [{ path: "iterations", message: expect.stringContaining("at most 100 statements") }] });
  });

  it("refuses names that JavaScript objects inherit, such as a parameter named __proto__", () => {
    const bad = JSON.parse(JSON.stringify(seed));
    bad.params[0].name = "__proto__";
    const r = checkCustomLesson(JSON.stringify(bad));
    expect(r).toMatchObject({ ok: false, errors: expect.arrayContaining([expect.objectContaining({ path: "params[0].name" })]) });
  });

  it("names a lesson by its content, whatever id the teacher gave it", () => {
    expect(customLessonId(fast)).toBe(customLessonId({ ...fast, id: "another-id" }));
    expect(customLessonId(fast)).not.toBe(customLessonId({ ...fast, lr: 0.2 }));
    expect(customLessonId(fast)).toMatch(/^custom-[0-9a-f]{20}$/);
  });
});

describe("preparing a teacher's lesson off the event loop", () => {
  it("refuses a lesson whose real work is over the limit, with a clear message, and stores nothing", async () => {
    // Within every size limit (36 kB of JSON, 39 statements, 4,360 numbers), but each step multiplies 20×20 matrices
    // through 10 layers, for every misconception and every line: far more work than a lesson may take.
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

/** A teacher's own JSON lesson: validated by path, bounded, stored once, hosted, and found again after a restart. */
import { getLesson, type Lesson } from "@descent/autograd";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostSession } from "../../server/protocol/views.ts";
import { checkCustomLesson, customLessonId } from "../../server/session/custom-lessons.ts";
import { builtInCatalog } from "../../server/session/lesson-runtime.ts";
import { SessionRepository } from "../../server/session/repository.ts";
import { SessionService } from "../../server/session/service.ts";
import { hostCookieName } from "../../server/protocol/cookies.ts";
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
    const huge = { ...seed, questions: undefined, iterations: Array.from({ length: 20 }, (_, k) => ({ ...it2a, id: `r${k}` })) };
    const r = checkCustomLesson(huge);
    expect(r).toMatchObject({ ok: false, errors: [{ path: "iterations", message: expect.stringContaining("at most 100 statements") }] });
  });

  it("names a lesson by its content, whatever id the teacher gave it", () => {
    expect(customLessonId(fast)).toBe(customLessonId({ ...fast, id: "another-id" }));
    expect(customLessonId(fast)).not.toBe(customLessonId({ ...fast, lr: 0.2 }));
    expect(customLessonId(fast)).toMatch(/^custom-[0-9a-f]{20}$/);
  });
});

describe("hosting a teacher's lesson", () => {
  it("runs with the teacher's numbers and survives a restart of the service", async () => {
    const s = await h.service.createWithLesson(fast);
    const host = await h.client({ cookie: `${hostCookieName(s.sessionId)}=${s.hostToken}` });
    const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId: s.sessionId, command: c }));
    let view = await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
    expect(view.lesson.title).toBe("The seed, ten times faster");
    view = await command({ type: "start" });
    while (view.statementLabel !== "w -= lr * w.grad") view = await command({ type: "advance" });
    view = await command({ type: "ask", quantity: "w" });
    expect(view.preview).toEqual({ kind: "number", value: expect.closeTo(4, 9) });

    // A new service on the same database (a restarted server): the lesson comes back from the database.
    const restarted = new SessionService(new SessionRepository(h.db), builtInCatalog());
    expect(await restarted.restore()).toBeGreaterThan(0);
    const again = (await restarted.byId(s.sessionId))!;
    expect(again.runtime.lesson.title).toBe("The seed, ten times faster");
    expect(again.state.phase).toMatchObject({ kind: "question" });
    expect(again.runtime.truth([...again.state.questions.values()][0]!.question)).toEqual({ kind: "number", value: expect.closeTo(4, 9) });
    restarted.dispose();
    expect(await h.db.customLesson.count()).toBe(1);
  });
});

/**
 * A peer instruction round over real socket.io clients and the real database: three students vote, discuss and
 * vote again; the reveal shows both histograms and the shift; each student's two answers are stored with their
 * grades; what each browser works out from the reveal equals what the server shows after a reload; the pictures,
 * ghosts and leaderboard travel in the room's messages only as the host chooses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinResult, SubmitResult } from "../../server/protocol/events.ts";
import { withQuestion, withReveal } from "../../server/protocol/feedback.ts";
import type { HostSession, ParticipantView, PublicSession } from "../../server/protocol/views.ts";
import { call, next, numbersIn, ok, recordFrames, startHarness, type Client, type Harness } from "../support/realtime-harness.ts";
import { IT2B_BACKWARD } from "../support/seed-cursors.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

// w_no_zero.grad after 2B's backward: the −40 left from iteration 1 plus −30.48 = −70.48 (accumulated); a student
// who thinks backward() overwrites .grad says −30.48.
const TRUTH = -70.48;
const OVERWRITE = -30.48;

describe("a peer instruction round", () => {
  it("stores both votes, reveals both histograms with the shift, and every browser agrees with the server", async () => {
    const s = await h.host("seed-zero-grad");
    const host = await h.client({ cookie: s.cookie });
    await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
    const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId: s.sessionId, command: c }));

    const students: { c: Client; join: JoinResult; you: ParticipantView; frames: string[] }[] = [];
    for (const nickname of ["Ada", "Bo", "Cy"]) {
      const c = await h.client();
      const frames = recordFrames(c);
      const join = await ok(call<JoinResult>(c, "session:join", { code: s.code, nickname }));
      students.push({ c, join, you: join.you, frames });
    }
    const answer = async (k: number, questionId: string, value: number) => {
      const r = await ok(call<SubmitResult>(students[k]!.c, "answer:submit", { questionId, answer: { kind: "number", value } }));
      students[k]!.you = { ...students[k]!.you, answer: { questionId: r.questionId, answer: r.answer, confidence: r.confidence } };
    };
    /** What each student's page does with the room's messages (its own copy of each). */
    const follow = (states: PublicSession[]) =>
      states.forEach((state, k) => {
        const st = students[k]!;
        if (state.question) st.you = withQuestion(st.you, state.question);
        if (state.question?.status === "revealed") st.you = withReveal(st.you, state.question, st.join.lesson.explanations);
      });

    await command({ type: "start" });
    await command({ type: "leaderboard", shown: true });
    await command({ type: "goto", cursor: IT2B_BACKWARD });
    let view = await command({ type: "ask", quantity: "w_no_zero.grad", peer: true, ghosts: true });
    const first = view.question!;
    expect(first.peer).toBe("vote");
    // The first vote: Ada and Bo overwrite, Cy accumulates.
    await answer(0, first.id, OVERWRITE);
    await answer(1, first.id, OVERWRITE);
    await answer(2, first.id, TRUTH);

    const discussing = students.map((st) => next(st.c, "session:state", (v) => v.question?.peer === "discuss"));
    view = await command({ type: "discuss" });
    const discussed = await Promise.all(discussing);
    follow(discussed);
    // Closed for discussion: no result, no histogram, no truth.
    for (const state of discussed) expect(state.question!.result).toBeNull();
    // The host sees how the first vote split (to decide whether to discuss).
    expect(view.answers!.map((g) => [g.key, g.count])).toEqual([
      ["correct", 1],
      ["backward-overwrites", 2],
    ]);

    const revoting = students.map((st) => next(st.c, "session:state", (v) => v.question?.peer === "revote"));
    view = await command({ type: "revote" });
    const second = view.question!;
    expect(second.id).toBe(`${first.id}#2`);
    expect(second.firstVote).toBe(first.id);
    follow(await Promise.all(revoting));
    // Each browser keeps its own first answer for the revote screen.
    expect(students.map((st) => st.you.firstAnswer)).toEqual([OVERWRITE, OVERWRITE, TRUTH].map((value) => ({ kind: "number", value })));

    // After discussing, Ada is convinced, Bo is not, Cy stays right.
    await answer(0, second.id, TRUTH);
    await answer(1, second.id, OVERWRITE);
    await answer(2, second.id, TRUTH);
    // Nothing Bo (who never typed it) received so far holds the true value: not the first vote's either.
    expect(students[1]!.frames.flatMap(numbersIn).filter((n) => Math.abs(n - TRUTH) < 1e-6)).toEqual([]);

    const revealed = students.map((st) => next(st.c, "session:state", (v) => v.question?.id === second.id && v.question.status === "revealed"));
    await command({ type: "reveal" });
    const states = await Promise.all(revealed);
    follow(states);
    const result = states[0]!.question!.result!;
    expect(result.truth).toEqual({ kind: "number", value: expect.closeTo(TRUTH, 9) });
    expect(result.first!.id).toBe(first.id);
    expect(result.first!.histogram.map((b) => [b.key, b.count])).toEqual([
      ["correct", 1],
      ["backward-overwrites", 2],
    ]);
    expect(result.histogram.map((b) => [b.key, b.count])).toEqual([
      ["correct", 2],
      ["backward-overwrites", 1],
    ]);
    // Of the two who overwrote, one moved to the truth and one kept it; the one who was right stayed right.
    expect(result.shift).toMatchObject({ pairs: 3, firstCorrect: 1, secondCorrect: 2 });
    expect(result.shift!.rows.map((r) => [r.key, r.before, r.toTruth, r.stayed])).toEqual([
      ["correct", 1, 0, 1],
      ["backward-overwrites", 2, 1, 1],
    ]);
    // The ghosts the host asked for: the misconceptions' values come with the reveal, to be drawn beside the truth.
    expect(states[0]!.question!.ghosts).toBe(true);
    expect(result.mutants.some((m) => m.misconceptionId === "backward-overwrites" && m.value.kind === "number" && Math.abs(m.value.value - OVERWRITE) < 1e-9)).toBe(true);
    // The pictures so far: 2B's path starts where iteration 1 left w and b; the leaderboard ranks by accuracy.
    const branch = states[0]!.picture!.paths.find((p) => p.id === "w_no_zero,b_no_zero")!;
    expect(branch.from).toEqual({ path: "w,b", iteration: 1 });
    expect(states[0]!.leaderboard!.map((r) => [r.nickname, r.correct, r.asked])).toEqual([
      ["Cy", 2, 2],
      ["Ada", 1, 2],
      ["Bo", 0, 2],
    ]);

    // Both answers of each student are stored, graded.
    const stored = await h.db.answer.findMany({ where: { sessionId: s.sessionId }, orderBy: [{ questionId: "asc" }, { participantId: "asc" }] });
    expect(stored).toHaveLength(6);
    const gradeOf = (k: number, q: string) => JSON.parse(stored.find((a) => a.questionId === q && a.participantId === students[k]!.join.participantId)!.grade!);
    expect(gradeOf(0, first.id)).toEqual({ outcome: "misconception", ids: ["backward-overwrites"] });
    expect(gradeOf(0, second.id)).toEqual({ outcome: "correct" });
    expect(gradeOf(1, second.id)).toEqual({ outcome: "misconception", ids: ["backward-overwrites"] });

    // Each browser's own history (both votes) is what the server shows after a reload.
    for (const st of students) {
      expect(st.you.history.map((e) => e.questionId)).toEqual([first.id, second.id]);
      const again = await ok(call<JoinResult>(await h.client(), "session:join", { code: s.code, resumeToken: st.join.resumeToken }));
      expect(st.you.history).toEqual(again.you.history);
      expect(st.you.score).toEqual(again.you.score);
    }

    // Hidden again, the leaderboard leaves the room's messages.
    const hidden = next(students[0]!.c, "session:state", (v) => v.leaderboard === null);
    await command({ type: "leaderboard", shown: false });
    expect((await hidden).leaderboard).toBeNull();
  }, 60_000);

  it("refuses a discussion or a revote out of turn with a typed error, and a stranger's commands", async () => {
    const s = await h.host("seed-zero-grad");
    const host = await h.client({ cookie: s.cookie });
    await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
    const command = (c: object) => call<HostSession>(host, "host:command", { sessionId: s.sessionId, command: c });
    await ok(command({ type: "start" }));
    await ok(command({ type: "goto", cursor: IT2B_BACKWARD }));
    await ok(command({ type: "ask", quantity: "w_no_zero.grad" }));
    expect(await command({ type: "discuss" })).toMatchObject({ ok: false, error: { code: "NOT_PEER" } });
    expect(await command({ type: "revote" })).toMatchObject({ ok: false, error: { code: "NOT_PEER" } });
    expect(await command({ type: "ghosts", shown: "yes" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    const stranger = await h.client();
    expect(await call(stranger, "host:command", { sessionId: s.sessionId, command: { type: "leaderboard", shown: true } })).toMatchObject({ ok: false, error: { code: "NOT_HOST" } });
  });
});

/**
 * A reveal is one message to the whole room; each student's browser grades its own answer from it (the same
 * `withReveal` the student page runs). Over the seed lesson, with a student answering each misconception's value at
 * questions chosen so that every misconception the seed can show is answered, what each browser works out must equal
 * the grade the server stored, and what the server shows that student after a reload (history, score, profile).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFor, compileLesson, indistinguishable, seedLesson, type Value } from "@descent/autograd";
import type { JoinResult, SubmitResult } from "../../server/protocol/events.ts";
import { gradeOfFeedback, withReveal } from "../../server/protocol/feedback.ts";
import { suggestNickname } from "../../server/protocol/nickname.ts";
import type { HostSession, ParticipantView } from "../../server/protocol/views.ts";
import { call, next, ok, startHarness, type Client, type Harness } from "../support/realtime-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** Questions (statement, quantity) that, in lesson order, let some student answer every misconception's value. */
function plan() {
  const compiled = compileLesson(seedLesson);
  const seen = new Set<string>();
  const every = new Set<string>();
  const asks: { cursor: number; quantity: string; values: Value[] }[] = [];
  compiled.trace.checkpoints.forEach((cp, cursor) => {
    for (const quantity of Object.keys(cp.values)) {
      const key = compiled.keys[`${cp.id}:${quantity}`]!;
      const wrong = key.mutants.filter((m) => !indistinguishable(m.value, key.truth));
      for (const m of wrong) every.add(m.misconceptionId);
      if (!wrong.some((m) => !seen.has(m.misconceptionId))) continue;
      const values: Value[] = [];
      for (const m of wrong) {
        seen.add(m.misconceptionId);
        if (!values.some((v) => indistinguishable(v, m.value))) values.push(m.value);
      }
      asks.push({ cursor, quantity, values });
    }
  });
  return { asks, every };
}

describe("feedback computed by the browser from the reveal", () => {
  it("equals the server's stored grade for every misconception of the seed lesson", async () => {
    const { asks, every } = plan();
    expect(every.size).toBeGreaterThanOrEqual(10);
    const s = await h.host("seed-zero-grad");
    const host = await h.client({ cookie: s.cookie });
    await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
    const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId: s.sessionId, command: c }));

    const width = Math.max(...asks.map((a) => a.values.length)) + 2;
    const students: { c: Client; join: JoinResult; you: ParticipantView }[] = [];
    for (let i = 0; students.length < width; i++) {
      const c = await h.client();
      const r = await call<JoinResult>(c, "session:join", { code: s.code, nickname: suggestNickname(i) });
      if (r.ok) students.push({ c, join: r.data, you: r.data.you });
    }

    let view = await command({ type: "start" });
    const shown = new Set<string>();
    for (const ask of asks) {
      while (view.cursor !== ask.cursor) view = await command({ type: "advance" });
      view = await command({ type: "ask", quantity: ask.quantity });
      const q = view.question!;
      // Student k answers the k-th wrong value; then one the truth (from the host's preview), one nothing at all.
      const answers: (Value | null)[] = [...ask.values, view.preview!];
      await Promise.all(
        students.map(async (st, k) => {
          const value = answers[k];
          if (!value) return;
          const r = await ok(call<SubmitResult>(st.c, "answer:submit", { questionId: q.id, answer: answerFor(value) }));
          st.you = { ...st.you, answer: { questionId: r.questionId, answer: r.answer, confidence: r.confidence } };
        }),
      );
      const received = students.map((st) => next(st.c, "session:state", (v) => v.question?.id === q.id && v.question.status === "revealed"));
      await command({ type: "reveal" });
      const states = await Promise.all(received);

      const stored = await h.db.answer.findMany({ where: { sessionId: s.sessionId, questionId: q.id } });
      students.forEach((st, k) => {
        st.you = withReveal(st.you, states[k]!.question!, st.join.lesson.explanations);
        const feedback = st.you.history.at(-1)!.feedback;
        const row = stored.find((a) => a.participantId === st.join.participantId);
        if (!row) {
          expect(feedback.outcome).toBe("unanswered");
          return;
        }
        const grade = JSON.parse(row.grade!);
        expect(gradeOfFeedback(feedback)).toEqual(grade);
        if (grade.outcome === "misconception") for (const id of grade.ids) shown.add(id);
      });
    }
    // Every misconception the seed can show was some student's answer, graded alike in both places.
    expect([...shown].sort()).toEqual([...every].sort());

    // After a reload the server's own view of each student is what their browser had worked out.
    for (const st of students) {
      const again = await ok(call<JoinResult>(await h.client(), "session:join", { code: s.code, resumeToken: st.join.resumeToken }));
      expect(st.you.history).toEqual(again.you.history);
      expect(st.you.score).toEqual(again.you.score);
      expect(st.you.profile).toEqual(again.you.profile);
    }
  }, 60_000);
});

/**
 * The hall-ready pacing and the host's view of answers, over real sockets and SQLite: a revote keeps both rounds,
 * hidden values never reach the class's screens before the reveal, the host sees each distinct answer with its
 * count and how sure the class was, and stepping back shows the state at that line. Expected values by hand (seed
 * walkthrough): after iteration 1's backward, w.grad = 2/5·Σ(0 − y_i)·x_i = 2/5·(−4 −10 −18 −28 −40) = −40; a
 * student who forgets the 2 of the square says −20.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinResult } from "../../server/protocol/events.ts";
import type { HostSession } from "../../server/protocol/views.ts";
import { call, next, ok, recordFrames, startHarness, type Harness } from "../support/realtime-harness.ts";
import { IT1_BACKWARD, IT1_FORWARD, IT1_UPDATE_W } from "../support/seed-cursors.ts";

// Statement indices of the seed lesson: 5 is iteration 1's loss.backward(), 15 is `w_no_zero = torch.tensor(0.4, …)`.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function setUp(names: string[]) {
  const s = await h.host();
  const host = await h.client({ cookie: s.cookie });
  await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
  const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId: s.sessionId, command: c }));
  const students = [];
  for (const nickname of names) {
    const c = await h.client();
    const frames = recordFrames(c);
    const r = await ok(call<JoinResult>(c, "session:join", { code: s.code, nickname }));
    students.push({ c, frames, id: r.participantId });
  }
  let view = await command({ type: "start" });
  return { s, command, students, moveTo: async (cursor: number) => {
    while (view.cursor !== cursor) view = await command({ type: "advance" });
    return view;
  } };
}

describe("the host's view of the answers", () => {
  it("after closing, groups the distinct answers under what they show, and puts confident-and-wrong first", async () => {
    const { command, students, moveTo } = await setUp(["Ada", "Bob", "Cy", "Dee"]);
    await moveTo(IT1_BACKWARD);
    const view = await command({ type: "ask", quantity: "w.grad" });
    const qid = view.question!.id;
    const answers = [
      { answer: { kind: "number", value: -40 }, confidence: "medium" },
      { answer: { kind: "number", value: -20 }, confidence: "high" },
      { answer: { kind: "number", value: 40 }, confidence: "high" },
      { answer: { kind: "none" }, confidence: null },
    ];
    for (const [i, a] of answers.entries()) await ok(call(students[i]!.c, "answer:submit", { questionId: qid, ...a }));
    const open = await command({ type: "pause" });
    expect(open.answers).toBeNull(); // not while answers are still coming
    await command({ type: "resume" });
    const closed = await command({ type: "close" });
    expect(closed.answers).toEqual([
      expect.objectContaining({ outcome: "correct", count: 1, values: [{ text: "-40", count: 1 }] }),
      // +40: the error taken as y − ŷ (-(2/5)·Σe·x); -20: the 2 of the square forgotten ((1/5)·Σe·x).
      expect.objectContaining({ misconceptionIds: ["gradient-sign-flipped"], count: 1, values: [{ text: "+40", count: 1 }] }),
      expect.objectContaining({ misconceptionIds: ["square-factor-forgotten"], count: 1, values: [{ text: "-20", count: 1 }] }),
      expect.objectContaining({ outcome: "unclassified", count: 1, values: [{ text: "None", count: 1 }] }),
    ]);
    expect(closed.calibration).toEqual([
      { confidence: "high", correct: 0, wrong: 2 },
      { confidence: "medium", correct: 1, wrong: 0 },
      { confidence: "low", correct: 0, wrong: 0 },
      { confidence: "none", correct: 0, wrong: 1 },
    ]);
  });
});

describe("pacing", () => {
  it("a revote is a second round: both rounds' answers are stored and graded", async () => {
    const { s, command, students, moveTo } = await setUp(["Eve"]);
    await moveTo(IT1_BACKWARD);
    const first = (await command({ type: "ask", quantity: "w.grad" })).question!;
    await ok(call(students[0]!.c, "answer:submit", { questionId: first.id, answer: { kind: "number", value: -20 } }));
    await command({ type: "reveal" });
    const second = (await command({ type: "ask", quantity: "w.grad" })).question!;
    expect(second.id).toBe(`${first.id}#2`);
    expect(second.round).toBe(2);
    await ok(call(students[0]!.c, "answer:submit", { questionId: second.id, answer: { kind: "number", value: -40 } }));
    await command({ type: "reveal" });
    const rows = await h.db.answer.findMany({ where: { sessionId: s.sessionId }, orderBy: { questionId: "asc" } });
    expect(rows.map((r) => [r.questionId, JSON.parse(r.answer).value, JSON.parse(r.grade!).outcome])).toEqual([
      [first.id, -20, "misconception"],
      [second.id, -40, "correct"],
    ]);
  });

  it("values the host hides never reach the class before the reveal; stepping back shows the state at that line", async () => {
    const { command, students, moveTo } = await setUp(["Fay"]);
    await moveTo(IT1_UPDATE_W); // w -= lr * w.grad: w.grad (−40) is on the screen
    const frames = students[0]!.frames;
    const from = frames.length;
    const opened = next(students[0]!.c, "session:state", (v) => v.question !== null);
    await command({ type: "ask", quantity: "w", hideValues: true });
    await opened;
    const during = frames.slice(from).filter((f) => f.includes('"session:state"'));
    expect(during.length).toBeGreaterThan(0);
    for (const f of during) {
      expect(f).toContain('"values":{}');
      expect(f).toContain('"graph":null');
      expect(f).toContain('"output":[]');
      expect(f).not.toContain('"w.grad"');
    }
    const revealed = await command({ type: "reveal" });
    expect(revealed.values["w.grad"]).toEqual({ kind: "number", value: expect.closeTo(-40, 9) });

    // Back to the forward line of iteration 1: nothing of the backward is shown any more.
    const back = await command({ type: "goto", cursor: IT1_FORWARD });
    expect(back.cursor).toBe(IT1_FORWARD);
    expect(back.values["w.grad"]).toEqual({ kind: "none" });
    expect(back.values).not.toHaveProperty("loss");
  });
});

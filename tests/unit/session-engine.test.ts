/**
 * The session state machine in isolation: deterministic, no sockets, no database. The lesson plan is the real
 * seed lesson (its true values come from the brain; here they are checked against the seed's hand arithmetic).
 */
import { compileLesson, getLesson } from "@descent/autograd";
import { beforeEach, describe, expect, it } from "vitest";
import { apply, MAX_PARTICIPANTS, newSession, SessionError, type SessionCommand, type SessionState } from "../../server/session/engine.ts";
import { makeLessonRuntime, type LessonRuntime } from "../../server/session/lesson-runtime.ts";
import { parseStoredCommand, storedCommand } from "../../server/session/log.ts";
import { IT1_BACKWARD, IT1_LOSS, IT2B_BACKWARD } from "../support/seed-cursors.ts";

const plan: LessonRuntime = makeLessonRuntime(compileLesson(getLesson("seed-zero-grad")!));

/** A command without its time (filled in by `run`); distributes over the union. */
type Cmd = SessionCommand extends infer C ? (C extends SessionCommand ? Omit<C, "at"> & { at?: number } : never) : never;

let state: SessionState;
let t = 0;
const at = () => (t += 1000);
const run = (cmd: Cmd) => apply(state, { at: at(), ...cmd } as SessionCommand, plan);

function rejects(cmd: Cmd, code: string) {
  const snapshot = structuredClone(state);
  let error: unknown;
  try {
    run(cmd);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SessionError);
  expect((error as SessionError).code).toBe(code);
  // A rejected command changes nothing.
  expect(state).toEqual(snapshot);
}

function moveTo(cursor: number) {
  run({ type: "start" });
  for (let i = 0; i < cursor; i++) run({ type: "advance" });
}

beforeEach(() => {
  t = 0;
  state = newSession("s1", plan.lessonId, 0);
  run({ type: "join", participantId: "p1", nickname: "Ada" });
  run({ type: "join", participantId: "p2", nickname: "Bob" });
});

describe("lobby", () => {
  it("refuses duplicate nicknames (case and spacing folded) and newcomers to a locked room", () => {
    rejects({ type: "join", participantId: "p3", nickname: "  ada " }, "NICKNAME_TAKEN");
    run({ type: "lock", locked: true });
    rejects({ type: "join", participantId: "p3", nickname: "Cy" }, "ROOM_LOCKED");
    run({ type: "lock", locked: false });
    run({ type: "join", participantId: "p3", nickname: "Cy" });
    expect(state.participants.size).toBe(3);
  });

  it("cannot ask or advance before the lesson starts", () => {
    rejects({ type: "advance" }, "NOT_STARTED");
    rejects({ type: "ask", quantity: "loss", durationMs: null }, "NOT_STARTED");
  });

  it("a kicked participant can no longer answer", () => {
    moveTo(IT1_LOSS);
    run({ type: "ask", quantity: "loss", durationMs: null });
    run({ type: "kick", participantId: "p2" });
    rejects({ type: "submit", participantId: "p2", answer: { kind: "number", value: 38 }, confidence: null }, "KICKED");
  });
});

describe("pacing", () => {
  it("advances statement by statement and makes values public only once their statement ran", () => {
    moveTo(IT1_LOSS);
    expect(state.phase).toEqual({ kind: "step", cursor: IT1_LOSS });
    expect(state.executed).toBe(IT1_LOSS);
    expect(plan.valuesAfter(state.executed)).not.toHaveProperty("loss");
    run({ type: "advance" });
    // (16 + 25 + 36 + 49 + 64) / 5 = 38
    expect(plan.valuesAfter(state.executed).loss).toEqual({ kind: "number", value: 38 });
  });

  it("a question must be revealed before moving on; unknown quantities are refused; asking again is a revote", () => {
    moveTo(IT1_BACKWARD);
    rejects({ type: "ask", quantity: "nonsense", durationMs: null }, "UNKNOWN_QUANTITY");
    rejects({ type: "ask", quantity: "w.grad", durationMs: 1000 }, "BAD_DURATION");
    run({ type: "ask", quantity: "w.grad", durationMs: null });
    rejects({ type: "advance" }, "QUESTION_PENDING");
    rejects({ type: "ask", quantity: "b.grad", durationMs: null }, "QUESTION_PENDING");
    run({ type: "submit", participantId: "p1", answer: { kind: "number", value: -20 }, confidence: null });
    run({ type: "reveal" });
    // The same question again: a second round with its own id; the first round's answers are kept.
    run({ type: "ask", quantity: "w.grad", durationMs: null });
    expect([...state.questions.keys()]).toEqual(["it1.s7:w.grad", "it1.s7:w.grad#2"]);
    expect(state.questions.get("it1.s7:w.grad")!.answers.size).toBe(1);
    expect(state.questions.get("it1.s7:w.grad#2")!.round).toBe(2);
    run({ type: "submit", participantId: "p1", answer: { kind: "number", value: -40 }, confidence: null });
    run({ type: "reveal" });
    expect(state.questions.get("it1.s7:w.grad#2")!.grades.get("p1")).toEqual({ outcome: "correct" });
    run({ type: "ask", quantity: "b.grad", durationMs: null });
    run({ type: "reveal" });
    run({ type: "advance" });
    expect(state.phase).toEqual({ kind: "step", cursor: IT1_BACKWARD + 1 });
  });

  it("runs to the end of the lesson, then only ending is left", () => {
    moveTo(plan.statementCount - 1);
    run({ type: "advance" });
    expect(state.phase).toEqual({ kind: "finished" });
    rejects({ type: "advance" }, "NO_STATEMENT");
    run({ type: "end" });
    rejects({ type: "lock", locked: true }, "ENDED");
  });
});

describe("answers and grading", () => {
  beforeEach(() => {
    moveTo(IT1_BACKWARD);
    run({ type: "ask", quantity: "w.grad", durationMs: 30_000 });
  });

  it("keeps the last answer per participant until close, then refuses", () => {
    run({ type: "submit", participantId: "p1", answer: { kind: "number", value: -20 }, confidence: "low" });
    run({ type: "submit", participantId: "p1", answer: { kind: "number", value: -40 }, confidence: "high" });
    expect([...state.questions.values()][0]!.answers.get("p1")!.answer).toEqual({ kind: "number", value: -40 });
    run({ type: "close", reason: "host" });
    rejects({ type: "submit", participantId: "p2", answer: { kind: "number", value: -40 }, confidence: null }, "QUESTION_CLOSED");
    rejects({ type: "submit", participantId: "nobody", answer: { kind: "number", value: -40 }, confidence: null }, "UNKNOWN_PARTICIPANT");
  });

  it("refuses an answer kind the question does not take", () => {
    rejects({ type: "submit", participantId: "p1", answer: { kind: "vector", value: [1, 2] }, confidence: null }, "ANSWER_KIND_NOT_ACCEPTED");
  });

  it("grades at reveal: -40 is correct (2/5 · Σ(−y_i)·x_i = 2/5 · −100), the other answer is not", () => {
    run({ type: "submit", participantId: "p1", answer: { kind: "number", value: -40 }, confidence: null });
    run({ type: "submit", participantId: "p2", answer: { kind: "number", value: 40 }, confidence: null });
    run({ type: "reveal" });
    const q = [...state.questions.values()][0]!;
    expect(q.truth).toEqual({ kind: "number", value: expect.closeTo(-40, 9) });
    expect(q.grades.get("p1")).toEqual({ outcome: "correct" });
    expect(q.grades.get("p2")!.outcome).not.toBe("correct");
  });

  it("pausing stops the timer and answering; resuming restarts the remaining time", () => {
    const q = [...state.questions.values()][0]!;
    const deadline = q.deadline!;
    run({ type: "pause", at: deadline - 10_000 });
    expect(q.deadline).toBeNull();
    expect(q.remainingMs).toBe(10_000);
    rejects({ type: "submit", participantId: "p1", answer: { kind: "number", value: -40 }, confidence: null }, "PAUSED");
    run({ type: "resume", at: deadline + 60_000 });
    expect(q.deadline).toBe(deadline + 70_000);
  });
});

describe("replay", () => {
  it("replaying the accepted commands rebuilds the same state", () => {
    const log: SessionCommand[] = [];
    const s = newSession("s2", plan.lessonId, 0);
    const cmds: SessionCommand[] = [
      { type: "join", participantId: "a", nickname: "Ada", at: 1 },
      { type: "start", at: 2 },
      ...Array.from({ length: IT1_LOSS }, () => ({ type: "advance" as const, at: 5 })), // to the loss line
      { type: "ask", quantity: "loss", durationMs: null, at: 6 },
      { type: "ask", quantity: "loss", durationMs: null, at: 7 }, // rejected: not logged
      { type: "submit", participantId: "a", answer: { kind: "number", value: 38 }, confidence: "medium", at: 8 },
      { type: "reveal", at: 9 },
    ];
    for (const c of cmds) {
      try {
        apply(s, c, plan);
        log.push(c);
      } catch {
        // rejected
      }
    }
    expect(log).toHaveLength(cmds.length - 1);
    const replayed = newSession("s2", plan.lessonId, 0);
    for (const c of log) apply(replayed, c, plan);
    expect(replayed).toEqual(s);
  });
});

describe("fixes that keep answers secret and fair", () => {
  it("checks a vector's length against the quantity's shape, never against the true value", () => {
    // In the two-layer network, W2.grad is a 2×2 gradient after backward() but None right after zero_grad().
    // A wrong-length vector must get the same refusal at both, or the refusal would reveal the None.
    const net = makeLessonRuntime(compileLesson(getLesson("two-layer-sigmoid")!));
    const at = (label: string) => net.trace.checkpoints.findIndex((c) => c.label === label);
    for (const index of [at("loss.backward()"), at("optimizer.zero_grad()")]) {
      const s = newSession("n", net.lessonId, 0);
      apply(s, { type: "join", participantId: "a", nickname: "Ada", at: 1 }, net);
      apply(s, { type: "start", at: 2 }, net);
      for (let i = 0; i < index; i++) apply(s, { type: "advance", at: 3 }, net);
      apply(s, { type: "ask", quantity: "W2.grad", durationMs: null, at: 4 }, net);
      let code: string | undefined;
      try {
        apply(s, { type: "submit", participantId: "a", answer: { kind: "vector", value: [1] }, confidence: null, at: 5 }, net);
      } catch (e) {
        code = (e as SessionError).code;
      }
      expect(code, `statement ${index}`).toBe("VECTOR_LENGTH");
    }
  });

  it("a removed student's pending answer no longer counts", () => {
    moveTo(IT1_LOSS);
    run({ type: "ask", quantity: "loss", durationMs: null });
    run({ type: "submit", participantId: "p2", answer: { kind: "number", value: 38 }, confidence: null });
    run({ type: "kick", participantId: "p2" });
    expect([...state.questions.values()][0]!.answers.size).toBe(0);
  });

  it("no running lines while paused, no answers after the deadline, and a late timer cannot close a newer question", () => {
    moveTo(IT1_BACKWARD);
    run({ type: "pause" });
    rejects({ type: "advance" }, "PAUSED");
    run({ type: "resume" });
    run({ type: "ask", quantity: "w.grad", durationMs: 10_000 });
    const q = [...state.questions.values()][0]!;
    rejects({ type: "submit", participantId: "p1", answer: { kind: "number", value: -40 }, confidence: null, at: q.deadline! + 1 }, "QUESTION_CLOSED");
    run({ type: "submit", participantId: "p1", answer: { kind: "number", value: -40 }, confidence: null, at: q.deadline! });
    run({ type: "reveal" });
    run({ type: "ask", quantity: "b.grad", durationMs: null });
    rejects({ type: "close", reason: "timer", questionId: q.question.id }, "NO_OPEN_QUESTION");
  });
});

describe("hardening: seats, removal and names of quantities", () => {
  it("a removed participant gives up their seat: a full room takes a newcomer after a removal", () => {
    for (let i = state.seated; i < MAX_PARTICIPANTS; i++) run({ type: "join", participantId: `x${i}`, nickname: `Student ${i}` });
    expect(state.seated).toBe(MAX_PARTICIPANTS);
    rejects({ type: "join", participantId: "late", nickname: "Late Comer" }, "ROOM_FULL");
    run({ type: "kick", participantId: "x10" });
    run({ type: "join", participantId: "late", nickname: "Late Comer" });
    expect(state.seated).toBe(MAX_PARTICIPANTS);
    // Undoing the removal needs a free seat again.
    rejects({ type: "readmit", participantId: "x10" }, "ROOM_FULL");
  });

  it("a removed participant cannot join again from the same device, under any name, until readmitted", () => {
    run({ type: "join", participantId: "p3", nickname: "Eve", device: "device-of-eve" });
    run({ type: "kick", participantId: "p3" });
    rejects({ type: "join", participantId: "p4", nickname: "Totally Not Eve", device: "device-of-eve" }, "KICKED");
    // Another device is another student.
    run({ type: "join", participantId: "p5", nickname: "Frank", device: "device-of-frank" });
    rejects({ type: "readmit", participantId: "p5" }, "NOT_KICKED");
    run({ type: "readmit", participantId: "p3" });
    expect(state.participants.get("p3")!.kicked).toBe(false);
    // Readmitted, Eve is seated again (she comes back with her resume token, not as a second participant).
    expect(state.seated).toBe(4);
  });

  it("names that every JavaScript object inherits are not quantities", () => {
    moveTo(IT1_LOSS);
    for (const quantity of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      rejects({ type: "ask", quantity, durationMs: null }, "UNKNOWN_QUANTITY");
    }
  });

  /** The plan with one of its methods failing. */
  function failing(method: "grade" | "truth"): LessonRuntime {
    return Object.create(plan, {
      [method]: {
        value: () => {
          throw new Error(`${method} failed`);
        },
      },
    }) as LessonRuntime;
  }

  it("an answer whose grading fails is refused and changes nothing (the grade is worked out as it arrives)", () => {
    moveTo(IT1_LOSS);
    run({ type: "ask", quantity: "loss", durationMs: null });
    const snapshot = structuredClone(state);
    expect(() => apply(state, { type: "submit", participantId: "p1", answer: { kind: "number", value: 38 }, confidence: null, at: at() }, failing("grade"))).toThrow("grade failed");
    expect(state).toEqual(snapshot);
  });

  it("a reveal whose answer key fails changes nothing (never half-applied)", () => {
    moveTo(IT1_LOSS);
    run({ type: "ask", quantity: "loss", durationMs: null });
    run({ type: "submit", participantId: "p1", answer: { kind: "number", value: 38 }, confidence: null });
    const snapshot = structuredClone(state);
    expect(() => apply(state, { type: "reveal", at: at() }, failing("truth"))).toThrow("truth failed");
    expect(state).toEqual(snapshot);
  });
});

describe("peer instruction: vote, discuss, vote again, reveal both", () => {
  // w_no_zero.grad after 2B's backward: −40 left from iteration 1 plus this backward's −30.48 = −70.48; a student who
  // believes backward() overwrites .grad answers −30.48.
  const accumulated = { kind: "number", value: -70.48 } as const;
  const overwritten = { kind: "number", value: -30.48 } as const;
  beforeEach(() => {
    moveTo(IT2B_BACKWARD);
    run({ type: "ask", quantity: "w_no_zero.grad", durationMs: null, peer: true });
  });

  it("keeps both votes, reveals them together with one truth, and grades each vote on its own", () => {
    run({ type: "submit", participantId: "p1", answer: overwritten, confidence: null });
    run({ type: "submit", participantId: "p2", answer: accumulated, confidence: null });
    rejects({ type: "revote", durationMs: null }, "NOT_PEER");
    run({ type: "discuss" });
    const first = [...state.questions.values()][0]!;
    expect(first.status).toBe("closed");
    expect(first.peer).toBe("discuss");
    // The first vote is not revealed: its grades and truth stay with the server's answer key.
    expect(first.truth).toBeNull();
    rejects({ type: "submit", participantId: "p1", answer: accumulated, confidence: null }, "QUESTION_CLOSED");
    rejects({ type: "advance" }, "QUESTION_PENDING");
    rejects({ type: "ask", quantity: "b_no_zero.grad", durationMs: null }, "QUESTION_PENDING");
    rejects({ type: "discuss" }, "NOT_PEER");

    run({ type: "revote", durationMs: 60_000 });
    const second = [...state.questions.values()][1]!;
    expect(second.askId).toBe(`${first.askId}#2`);
    expect(second.firstVote).toBe(first.askId);
    expect(second.status).toBe("open");
    expect(second.deadline).not.toBeNull();
    run({ type: "submit", participantId: "p1", answer: accumulated, confidence: null });
    run({ type: "submit", participantId: "p2", answer: accumulated, confidence: null });
    const notices = run({ type: "reveal" });
    expect(notices).toEqual([
      { type: "revealed", questionId: first.askId },
      { type: "revealed", questionId: second.askId },
    ]);
    expect(first.status).toBe("revealed");
    expect(first.truth).toEqual({ kind: "number", value: expect.closeTo(-70.48, 9) });
    expect(second.truth).toEqual(first.truth);
    expect(first.grades.get("p1")).toEqual({ outcome: "misconception", ids: ["backward-overwrites"] });
    expect(first.grades.get("p2")).toEqual({ outcome: "correct" });
    expect(second.grades.get("p1")).toEqual({ outcome: "correct" });
    // Both answers of each student are kept.
    expect(first.answers.get("p1")!.answer).toEqual(overwritten);
    expect(second.answers.get("p1")!.answer).toEqual(accumulated);
  });

  it("the host may reveal the first vote without a revote", () => {
    run({ type: "submit", participantId: "p1", answer: accumulated, confidence: null });
    run({ type: "discuss" });
    expect(run({ type: "reveal" })).toEqual([{ type: "revealed", questionId: [...state.questions.keys()][0] }]);
    rejects({ type: "revote", durationMs: null }, "NOT_PEER");
  });

  it("an ordinary question has no discussion; bad timers are refused", () => {
    run({ type: "discuss" });
    rejects({ type: "revote", durationMs: 1 }, "BAD_DURATION");
    run({ type: "revote", durationMs: null });
    rejects({ type: "discuss" }, "NOT_PEER");
    run({ type: "reveal" });
    run({ type: "ask", quantity: "b_no_zero.grad", durationMs: null });
    rejects({ type: "discuss" }, "NOT_PEER");
  });

  it("a round replays from the stored log to the same state (every new command parses back)", () => {
    const log: SessionCommand[] = [];
    const record = (cmd: Cmd) => {
      const c = { at: at(), ...cmd } as SessionCommand;
      apply(state, c, plan);
      log.push(parseStoredCommand(storedCommand(c)));
    };
    record({ type: "ghosts", shown: true });
    record({ type: "submit", participantId: "p1", answer: overwritten, confidence: "high" });
    record({ type: "discuss" });
    record({ type: "revote", durationMs: 45_000 });
    record({ type: "submit", participantId: "p1", answer: accumulated, confidence: null });
    record({ type: "reveal" });
    record({ type: "leaderboard", shown: true });
    const replayed = newSession("s1", plan.lessonId, 0);
    t = 0;
    const prefix: Cmd[] = [
      { type: "join", participantId: "p1", nickname: "Ada" },
      { type: "join", participantId: "p2", nickname: "Bob" },
      { type: "start" },
      ...Array.from({ length: IT2B_BACKWARD }, () => ({ type: "advance" }) as const),
      { type: "ask", quantity: "w_no_zero.grad", durationMs: null, peer: true },
    ];
    for (const c of prefix) apply(replayed, parseStoredCommand(storedCommand({ at: at(), ...c } as SessionCommand)), plan);
    for (const c of log) apply(replayed, c, plan);
    expect(replayed).toEqual(state);
  });

  it("ghosts and the leaderboard are the host's choice, kept in the log", () => {
    expect([...state.questions.values()][0]!.ghosts).toBe(false);
    run({ type: "ghosts", shown: true });
    expect([...state.questions.values()][0]!.ghosts).toBe(true);
    expect(state.leaderboard).toBe(false);
    run({ type: "leaderboard", shown: true });
    expect(state.leaderboard).toBe(true);
  });
});

/**
 * What a student's browser works out from a reveal (server/protocol/feedback.ts), on hand-made reveals: the rules
 * the server applies to its stored grades (tests/integration/browser-feedback.test.ts checks the two agree).
 */
import { describe, expect, it } from "vitest";
import { withReveal } from "../../server/protocol/feedback.ts";
import { withTick } from "../../server/protocol/tick.ts";
import type { ParticipantView, PublicQuestion, PublicSession } from "../../server/protocol/views.ts";

const explanations = {
  "backward-overwrites": { title: "backward() replaces .grad", studentExplanation: "It adds." },
};

function you(over: Partial<ParticipantView> = {}): ParticipantView {
  return {
    participantId: "p1",
    nickname: "Ada",
    joinedAt: 1000,
    answer: null,
    firstAnswer: null,
    feedback: null,
    history: [],
    score: { correct: 0, answered: 0, asked: 0 },
    profile: { bugs: [], slips: [] },
    kicked: false,
    ...over,
  };
}

/** w.grad after a second backward() without zero_grad: the truth accumulates, -40 + -30.48 = -70.48. */
function revealed(id: string, openedAt = 2000): PublicQuestion {
  return {
    id,
    round: 1,
    quantity: "w.grad",
    prompt: "What is w.grad?",
    accepts: ["number", "none"],
    vectorLength: null,
    shape: null,
    status: "revealed",
    deadline: null,
    remainingMs: null,
    openedAt,
    answeredCount: 1,
    peer: null,
    firstVote: null,
    ghosts: false,
    result: {
      truth: { kind: "number", value: -70.48 },
      mutants: [{ misconceptionId: "backward-overwrites", mode: "local", value: { kind: "number", value: -30.48 } }],
      explanations: {},
      histogram: [],
      answered: 1,
      first: null,
      shift: null,
    },
  };
}

const answering = (questionId: string, value: number): Partial<ParticipantView> => ({
  answer: { questionId, answer: { kind: "number", value }, confidence: null },
});

describe("withReveal", () => {
  it("grades the student's own answer against the broadcast key", () => {
    const right = withReveal(you(answering("q1", -70.48)), revealed("q1"), explanations);
    expect(right.feedback).toEqual({ outcome: "correct", misconceptions: [], truth: { kind: "number", value: -70.48 } });
    expect(right.score).toEqual({ correct: 1, answered: 1, asked: 1 });

    const wrong = withReveal(you(answering("q1", -30.48)), revealed("q1"), explanations);
    expect(wrong.feedback!.outcome).toBe("misconception");
    expect(wrong.feedback!.misconceptions).toEqual([{ id: "backward-overwrites", title: "backward() replaces .grad", studentExplanation: "It adds." }]);
    expect(wrong.score).toEqual({ correct: 0, answered: 1, asked: 1 });
    expect(wrong.profile).toEqual({ bugs: [], slips: [{ id: "backward-overwrites", title: "backward() replaces .grad" }] });

    expect(withReveal(you(answering("q1", 12)), revealed("q1"), explanations).feedback!.outcome).toBe("unclassified");
  });

  it("a lesson's known mistake is explained by the reveal that shows it", () => {
    const q = revealed("q1");
    q.result!.mutants.push({ misconceptionId: "known:walkthrough", mode: "local", value: { kind: "number", value: -24.096 } });
    q.result!.explanations = { "known:walkthrough": { title: "The walkthrough's number", studentExplanation: "It is wrong." } };
    const v = withReveal(you(answering("q1", -24.096)), q, explanations);
    expect(v.feedback!.misconceptions).toEqual([{ id: "known:walkthrough", title: "The walkthrough's number", studentExplanation: "It is wrong." }]);
    expect(v.profile.slips).toEqual([{ id: "known:walkthrough", title: "The walkthrough's number" }]);
  });

    it("an answer to another question is not this one's; not answering counts as asked", () => {
    const v = withReveal(you(answering("q0", -70.48)), revealed("q1"), explanations);
    expect(v.history).toEqual([{ questionId: "q1", prompt: "What is w.grad?", round: 1, answer: null, feedback: expect.objectContaining({ outcome: "unanswered" }) }]);
    expect(v.score).toEqual({ correct: 0, answered: 0, asked: 1 });
  });

  it("a question already open when the student joined counts only if they answered it", () => {
    expect(withReveal(you(), revealed("q1", 500), explanations).history).toEqual([]);
    expect(withReveal(you(answering("q1", -70.48)), revealed("q1", 500), explanations).score).toEqual({ correct: 1, answered: 1, asked: 1 });
  });

  it("the same mistake in a revote of one question is still a slip", () => {
    let v = withReveal(you(answering("q1", -30.48)), revealed("q1"), explanations);
    v = withReveal({ ...v, ...answering("q1#2", -30.48) }, { ...revealed("q1#2"), round: 2 }, explanations);
    expect(v.history).toHaveLength(2);
    expect(v.profile).toEqual({ bugs: [], slips: [{ id: "backward-overwrites", title: "backward() replaces .grad" }] });
  });

  it("the same mistake on two questions is a bug; a reveal seen twice changes nothing", () => {
    let v = withReveal(you(answering("q1", -30.48)), revealed("q1"), explanations);
    v = withReveal({ ...v, ...answering("q2", -30.48) }, revealed("q2"), explanations);
    expect(v.profile).toEqual({ bugs: [{ id: "backward-overwrites", title: "backward() replaces .grad", count: 2 }], slips: [] });
    expect(withReveal(v, revealed("q2"), explanations)).toBe(v);
  });
});

describe("withTick", () => {
  it("updates the counts and the open question's answered counter, nothing else", () => {
    const state = { joined: 3, participants: [], question: { ...revealed("q1"), status: "open", result: null, answeredCount: 0 }, cursor: 5 } as unknown as PublicSession;
    const next = withTick(state, { serverNow: 0, joined: 4, participants: [{ id: "p4", nickname: "Alan" }], question: { id: "q1", answeredCount: 2 } });
    expect(next.joined).toBe(4);
    expect(next.participants).toEqual([{ id: "p4", nickname: "Alan" }]);
    expect(next.question!.answeredCount).toBe(2);
    expect(next.cursor).toBe(5);
    // A tick about another question (one that has since closed) leaves the current one alone.
    expect(withTick(state, { serverNow: 0, joined: 4, participants: [], question: { id: "q0", answeredCount: 9 } }).question!.answeredCount).toBe(0);
  });
});

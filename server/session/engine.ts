/**
 * The live session as a pure state machine: `apply(state, command, deps)` validates the command against the
 * state and, only if it is accepted, updates the state in place and returns what happened. No sockets, no
 * database, no clock: time comes in on every command (`at`), so replaying the persisted log of accepted
 * commands rebuilds the same state.
 */
import type { Answer, AnswerKind, Grade, Question, Value } from "@descent/autograd";
import { nicknameKey } from "../protocol/nickname.ts";

import { TIMER_MAX_SEC, TIMER_MIN_SEC, type Confidence } from "../protocol/constants.ts";
import { askIdOf } from "../protocol/ask-id.ts";

export type { Confidence };
/** The seat cap of a join logged without one (before the cap came from configuration). */
export const MAX_PARTICIPANTS = 500;


/** `grade`: the server's grade, worked out as the answer arrives (the reveal then only makes it public). */
export type SubmittedAnswer = { answer: Answer; confidence: Confidence | null; at: number; grade: Grade };

export type AskedQuestion = {
  /** This asking's id: the question's id, then "#2", "#3"… for the revotes of the same question. */
  askId: string;
  /** 1 for the first time the question is asked, 2 for its first revote… */
  round: number;
  question: Question;
  /** The class's screens hide the values so far (and the graph) until the reveal. */
  hideValues: boolean;
  /**
   * Peer instruction: "vote" for a first vote whose histogram stays hidden, "discuss" once the class discusses it
   * (answers closed), null otherwise.
   */
  peer: "vote" | "discuss" | null;
  /** A peer instruction revote: the first vote's askId (revealed with it, side by side). */
  firstVote: string | null;
  /** After the reveal, the pictures show what each misconception would have produced (the host's choice). */
  ghosts: boolean;
  checkpointIndex: number;
  status: "open" | "closed" | "revealed";
  openedAt: number;
  /** When an open timed question closes by itself; null without a timer or while paused. */
  deadline: number | null;
  /** Time left on the timer when the session was paused. */
  remainingMs: number | null;
  answers: Map<string, SubmittedAnswer>;
  /** Filled in at reveal. */
  truth: Value | null;
  grades: Map<string, Grade>;
};

export type Participant = {
  id: string;
  nickname: string;
  joinedAt: number;
  kicked: boolean;
  /** A hash of the device's cookie, when the client had one: a removed student cannot rejoin from it. */
  device: string | null;
  /** The key of the name or student ID it joined with, in a class that asks for one. */
  identifier?: string | null;
  /** The host released the seat: removed, its nickname and name or ID free for the student to join again. */
  released?: boolean;
};

/** Where the class is in the lesson. Each phase carries only its own fields. */
export type Phase =
  | { kind: "lobby" }
  /** Statement `cursor` is highlighted and has not run yet; statements before it have run. */
  | { kind: "step"; cursor: number }
  /** A question about statement `cursor`'s result is open, closed or revealed. */
  | { kind: "question"; cursor: number; questionId: string }
  /** Every statement has run. */
  | { kind: "finished" }
  | { kind: "ended"; endedAt: number };

export type SessionState = {
  sessionId: string;
  lessonId: string;
  createdAt: number;
  locked: boolean;
  paused: boolean;
  phase: Phase;
  participants: Map<string, Participant>;
  /** Participants not removed: they hold the seats. */
  seated: number;
  /** nicknameKey → participant id, for every participant (a removed student's name stays taken). */
  nicknames: Map<string, string>;
  /** Name-or-student-ID key → participant id, in a class that asks for one: one name is one device. */
  identifiers: Map<string, string>;
  /** Every question asked, in order. */
  questions: Map<string, AskedQuestion>;
  /** Number of statements that have run (their values are public). */
  executed: number;
  /** The class's leaderboard (accuracy, nicknames) is shown on the projector and students' screens. */
  leaderboard: boolean;
};

export type SessionCommand =
  /** `capacity`: the seat cap when the join was made (configuration), logged so that a replay decides the same. */
  | { type: "join"; participantId: string; nickname: string; device?: string | null; capacity?: number; identifier?: string | null; at: number }
  | { type: "lock"; locked: boolean; at: number }
  | { type: "kick"; participantId: string; at: number }
  /** Removes a participant and frees their nickname and name or ID (a student on a new device, or an impostor). */
  | { type: "release"; participantId: string; at: number }
  /** Undoes a removal: the participant is seated again and may come back with their resume token. */
  | { type: "readmit"; participantId: string; capacity?: number; at: number }
  | { type: "start"; at: number }
  | { type: "advance"; at: number }
  /** `peer`: the first vote of a peer instruction round. */
  | { type: "ask"; quantity: string; durationMs: number | null; hideValues?: boolean; peer?: boolean; ghosts?: boolean; at: number }
  /** Peer instruction: the first vote's answers close and the class discusses them. */
  | { type: "discuss"; at: number }
  /** Peer instruction: after the discussion, the same question is asked again (revealed with the first vote). */
  | { type: "revote"; durationMs: number | null; at: number }
  | { type: "ghosts"; shown: boolean; at: number }
  | { type: "leaderboard"; shown: boolean; at: number }
  /** Steps back (or forward) to statement `cursor`, not yet run: the state shown is the state at that line. */
  | { type: "goto"; cursor: number; at: number }
  | { type: "submit"; participantId: string; answer: Answer; confidence: Confidence | null; at: number }
  /** `questionId` (timer closes) makes sure a late timer cannot close a newer question. */
  | { type: "close"; reason: "host" | "timer"; questionId?: string; at: number }
  | { type: "reveal"; at: number }
  | { type: "pause"; at: number }
  | { type: "resume"; at: number }
  | { type: "end"; at: number };

export type SessionErrorCode =
  | "ROOM_LOCKED"
  | "ROOM_FULL"
  | "NICKNAME_TAKEN"
  | "IDENTIFIER_TAKEN"
  | "RELEASED"
  | "UNKNOWN_PARTICIPANT"
  | "KICKED"
  | "NOT_KICKED"
  | "NOT_STARTED"
  | "ALREADY_STARTED"
  | "QUESTION_PENDING"
  | "NO_STATEMENT"
  | "UNKNOWN_QUANTITY"
  | "NO_OPEN_QUESTION"
  | "QUESTION_CLOSED"
  | "NOT_CLOSED"
  | "ANSWER_KIND_NOT_ACCEPTED"
  | "VECTOR_LENGTH"
  | "PAUSED"
  | "NOT_PAUSED"
  | "BAD_DURATION"
  | "BAD_CURSOR"
  | "NOT_PEER"
  | "ENDED";

export class SessionError extends Error {
  constructor(
    readonly code: SessionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SessionError";
  }
}

/** What the engine needs from the lesson: the number of statements, and questions with their answer keys. */
export interface LessonPlan {
  readonly lessonId: string;
  readonly statementCount: number;
  /** The question about `quantity` after statement `checkpointIndex`, or null if there is no such quantity. */
  question(checkpointIndex: number, quantity: string): Question | null;
  truth(question: Question): Value;
  grade(question: Question, answer: Answer): Grade;
  /** How many numbers a vector answer about `quantity` has: from the quantity's shape, never from a true value. */
  vectorLength(quantity: string): number | null;
}

export type Notice =
  | { type: "joined"; participantId: string }
  | { type: "kicked"; participantId: string }
  | { type: "questionOpened"; questionId: string; deadline: number | null }
  | { type: "questionClosed"; questionId: string }
  | { type: "revealed"; questionId: string }
  | { type: "answered"; questionId: string; participantId: string }
  | { type: "changed" };

export function newSession(sessionId: string, lessonId: string, createdAt: number): SessionState {
  return {
    sessionId,
    lessonId,
    createdAt,
    locked: false,
    paused: false,
    phase: { kind: "lobby" },
    participants: new Map(),
    seated: 0,
    nicknames: new Map(),
    identifiers: new Map(),
    questions: new Map(),
    executed: 0,
    leaderboard: false,
  };
}

function fail(code: SessionErrorCode, message: string): never {
  throw new SessionError(code, message);
}

function assertNever(x: never): never {
  throw new Error(`unhandled command ${JSON.stringify(x)}`);
}

function checkDuration(durationMs: number | null): void {
  if (durationMs !== null && (!Number.isInteger(durationMs) || durationMs < TIMER_MIN_SEC * 1000 || durationMs > TIMER_MAX_SEC * 1000)) {
    fail("BAD_DURATION", `A timer runs from ${TIMER_MIN_SEC} seconds to ${TIMER_MAX_SEC / 60} minutes.`);
  }
}

/** Opens a new asking of `question` (its next round: earlier rounds' answers are kept) and shows it. */
function openAsking(
  state: SessionState,
  question: Question,
  cursor: number,
  durationMs: number | null,
  at: number,
  how: Pick<AskedQuestion, "hideValues" | "peer" | "firstVote" | "ghosts">,
): AskedQuestion {
  let round = 1;
  while (state.questions.has(askIdOf(question.id, round))) round++;
  const askId = askIdOf(question.id, round);
  const q: AskedQuestion = {
    askId,
    round,
    question,
    ...how,
    checkpointIndex: cursor,
    status: "open",
    openedAt: at,
    deadline: durationMs === null ? null : at + durationMs,
    remainingMs: null,
    answers: new Map(),
    truth: null,
    grades: new Map(),
  };
  state.questions.set(askId, q);
  state.phase = { kind: "question", cursor, questionId: askId };
  return q;
}

/** The question currently shown (open, closed or revealed), if any. */
export function currentQuestion(state: SessionState): AskedQuestion | null {
  return state.phase.kind === "question" ? (state.questions.get(state.phase.questionId) ?? null) : null;
}


function activeParticipant(state: SessionState, id: string): Participant {
  const p = state.participants.get(id);
  if (!p) fail("UNKNOWN_PARTICIPANT", "You are not part of this session.");
  if (p.kicked) fail("KICKED", "The host removed you from this session.");
  return p;
}

function checkAnswerShape(question: Question, answer: Answer, plan: LessonPlan): void {
  if (!question.accepts.includes(answer.kind as AnswerKind)) {
    fail("ANSWER_KIND_NOT_ACCEPTED", `This question does not take a ${answer.kind} answer.`);
  }
  // The expected length comes from the quantity's shape: checking against the true value would tell a student
  // whether the answer is a vector at all (or None, or an error) before the reveal.
  const length = plan.vectorLength(question.quantity);
  if (answer.kind === "vector" && length !== null && answer.value.length !== length) {
    fail("VECTOR_LENGTH", `Give ${length} numbers, separated by commas.`);
  }
}

/**
 * Applies one command. Throws SessionError (and changes nothing) if the command is not allowed now;
 * otherwise updates `state` and returns the notices for the adapter to act on.
 */
export function apply(state: SessionState, cmd: SessionCommand, plan: LessonPlan): Notice[] {
  if (state.phase.kind === "ended") fail("ENDED", "This session has ended.");
  switch (cmd.type) {
    case "join": {
      if (state.participants.has(cmd.participantId)) fail("NICKNAME_TAKEN", "That participant already joined.");
      const device = cmd.device ?? null;
      if (device !== null) {
        for (const p of state.participants.values()) {
          if (p.kicked && p.device === device) fail("KICKED", "The host removed you from this session.");
        }
      }
      if (state.locked) fail("ROOM_LOCKED", "The host has locked this session: no new participants.");
      if (state.seated >= (cmd.capacity ?? MAX_PARTICIPANTS)) fail("ROOM_FULL", "This session is full.");
      const key = nicknameKey(cmd.nickname);
      if (state.nicknames.has(key)) fail("NICKNAME_TAKEN", "Someone in this session already has that nickname.");
      const identifier = cmd.identifier ?? null;
      if (identifier !== null && state.identifiers.has(identifier)) {
        fail("IDENTIFIER_TAKEN", "Someone in this session has already joined with that name or student ID. If it is yours, ask your teacher to release your seat.");
      }
      state.participants.set(cmd.participantId, { id: cmd.participantId, nickname: cmd.nickname, joinedAt: cmd.at, kicked: false, device, identifier });
      state.nicknames.set(key, cmd.participantId);
      if (identifier !== null) state.identifiers.set(identifier, cmd.participantId);
      state.seated++;
      return [{ type: "joined", participantId: cmd.participantId }];
    }
    case "lock":
      state.locked = cmd.locked;
      return [{ type: "changed" }];
    case "kick": {
      const p = activeParticipant(state, cmd.participantId);
      p.kicked = true;
      state.seated--;
      // A removed student's pending answer no longer counts; revealed questions keep their history.
      for (const q of state.questions.values()) if (q.status !== "revealed") q.answers.delete(p.id);
      return [{ type: "kicked", participantId: p.id }];
    }
    case "release": {
      const p = state.participants.get(cmd.participantId);
      if (!p) fail("UNKNOWN_PARTICIPANT", "There is no such participant.");
      if (p.released) fail("RELEASED", "That seat was already released.");
      if (!p.kicked) {
        p.kicked = true;
        state.seated--;
        for (const q of state.questions.values()) if (q.status !== "revealed") q.answers.delete(p.id);
      }
      p.released = true;
      const key = nicknameKey(p.nickname);
      if (state.nicknames.get(key) === p.id) state.nicknames.delete(key);
      if (p.identifier && state.identifiers.get(p.identifier) === p.id) state.identifiers.delete(p.identifier);
      return [{ type: "kicked", participantId: p.id }];
    }
    case "readmit": {
      const p = state.participants.get(cmd.participantId);
      if (!p) fail("UNKNOWN_PARTICIPANT", "There is no such participant.");
      if (p.released) fail("RELEASED", "That seat was released: the student joins again instead.");
      if (!p.kicked) fail("NOT_KICKED", "That participant was not removed.");
      if (state.seated >= (cmd.capacity ?? MAX_PARTICIPANTS)) fail("ROOM_FULL", "This session is full.");
      p.kicked = false;
      state.seated++;
      return [{ type: "changed" }];
    }
    case "start":
      if (state.phase.kind !== "lobby") fail("ALREADY_STARTED", "The lesson has already started.");
      state.phase = plan.statementCount > 0 ? { kind: "step", cursor: 0 } : { kind: "finished" };
      return [{ type: "changed" }];
    case "advance": {
      const { phase } = state;
      if (phase.kind === "lobby") fail("NOT_STARTED", "Start the lesson first.");
      if (phase.kind === "finished") fail("NO_STATEMENT", "Every statement has already run.");
      if (state.paused) fail("PAUSED", "Resume the session first.");
      if (phase.kind === "question") {
        const q = state.questions.get(phase.questionId)!;
        if (q.status !== "revealed") fail("QUESTION_PENDING", "Reveal the current question before moving on.");
      }
      const cursor = phase.cursor;
      state.executed = cursor + 1;
      state.phase = cursor + 1 < plan.statementCount ? { kind: "step", cursor: cursor + 1 } : { kind: "finished" };
      return [{ type: "changed" }];
    }
    case "ask": {
      const { phase } = state;
      if (phase.kind === "lobby") fail("NOT_STARTED", "Start the lesson first.");
      if (phase.kind === "finished") fail("NO_STATEMENT", "Every statement has already run: there is nothing left to predict.");
      if (phase.kind === "question" && state.questions.get(phase.questionId)!.status !== "revealed") {
        fail("QUESTION_PENDING", "Reveal the current question first.");
      }
      if (state.paused) fail("PAUSED", "Resume the session first.");
      checkDuration(cmd.durationMs);
      const question = plan.question(phase.cursor, cmd.quantity);
      if (!question) fail("UNKNOWN_QUANTITY", `There is no quantity named ${JSON.stringify(cmd.quantity)} at this line.`);
      // Asking again is a revote: a new round, the earlier rounds' answers kept.
      const q = openAsking(state, question, phase.cursor, cmd.durationMs, cmd.at, {
        hideValues: cmd.hideValues === true,
        peer: cmd.peer === true ? "vote" : null,
        firstVote: null,
        ghosts: cmd.ghosts === true,
      });
      return [{ type: "questionOpened", questionId: q.askId, deadline: q.deadline }];
    }
    case "discuss": {
      const q = currentQuestion(state);
      if (!q || q.peer !== "vote" || q.status === "revealed") fail("NOT_PEER", "Discussion follows the first vote of a peer instruction round.");
      if (state.paused) fail("PAUSED", "Resume the session first.");
      q.status = "closed";
      q.deadline = null;
      q.remainingMs = null;
      q.peer = "discuss";
      return [{ type: "questionClosed", questionId: q.askId }];
    }
    case "revote": {
      const first = currentQuestion(state);
      if (!first || first.peer !== "discuss" || first.status === "revealed") fail("NOT_PEER", "The revote follows the discussion of a peer instruction round.");
      if (state.paused) fail("PAUSED", "Resume the session first.");
      checkDuration(cmd.durationMs);
      const q = openAsking(state, first.question, first.checkpointIndex, cmd.durationMs, cmd.at, {
        hideValues: first.hideValues,
        peer: null,
        firstVote: first.askId,
        ghosts: first.ghosts,
      });
      return [{ type: "questionOpened", questionId: q.askId, deadline: q.deadline }];
    }
    case "ghosts": {
      const q = currentQuestion(state);
      if (!q) fail("NO_OPEN_QUESTION", "There is no question to show misconceptions for.");
      q.ghosts = cmd.shown;
      return [{ type: "changed" }];
    }
    case "leaderboard":
      state.leaderboard = cmd.shown;
      return [{ type: "changed" }];
    case "goto": {
      const { phase } = state;
      if (phase.kind === "lobby") fail("NOT_STARTED", "Start the lesson first.");
      if (state.paused) fail("PAUSED", "Resume the session first.");
      if (phase.kind === "question" && state.questions.get(phase.questionId)!.status !== "revealed") {
        fail("QUESTION_PENDING", "Reveal the current question first.");
      }
      if (!Number.isInteger(cmd.cursor) || cmd.cursor < 0 || cmd.cursor >= plan.statementCount) {
        fail("BAD_CURSOR", "There is no such line in this lesson.");
      }
      state.phase = { kind: "step", cursor: cmd.cursor };
      state.executed = cmd.cursor;
      return [{ type: "changed" }];
    }
    case "submit": {
      activeParticipant(state, cmd.participantId);
      const q = currentQuestion(state);
      if (!q) fail("NO_OPEN_QUESTION", "There is no question to answer right now.");
      if (q.status !== "open") fail("QUESTION_CLOSED", "This question is closed: answers are no longer accepted.");
      if (state.paused) fail("PAUSED", "The session is paused: answers are not accepted until it resumes.");
      if (q.deadline !== null && cmd.at > q.deadline) fail("QUESTION_CLOSED", "Time is up: answers are no longer accepted.");
      checkAnswerShape(q.question, cmd.answer, plan);
      q.answers.set(cmd.participantId, { answer: cmd.answer, confidence: cmd.confidence, at: cmd.at, grade: plan.grade(q.question, cmd.answer) });
      return [{ type: "answered", questionId: q.askId, participantId: cmd.participantId }];
    }
    case "close": {
      const q = currentQuestion(state);
      if (!q || q.status !== "open") fail("NO_OPEN_QUESTION", "There is no open question to close.");
      if (cmd.questionId !== undefined && cmd.questionId !== q.askId) fail("NO_OPEN_QUESTION", "That question is no longer open.");
      q.status = "closed";
      q.deadline = null;
      q.remainingMs = null;
      return [{ type: "questionClosed", questionId: q.askId }];
    }
    case "reveal": {
      const q = currentQuestion(state);
      if (!q) fail("NO_OPEN_QUESTION", "There is no question to reveal.");
      if (q.status === "revealed") fail("NOT_CLOSED", "This question is already revealed.");
      // Everything that can fail is computed before the state changes. Revealing an open question closes it.
      const truth = plan.truth(q.question);
      // A peer instruction revote is revealed with its first vote, side by side.
      const first = q.firstVote === null ? null : (state.questions.get(q.firstVote) ?? null);
      const revealed = first && first.status !== "revealed" ? [first, q] : [q];
      for (const r of revealed) {
        const grades = new Map<string, Grade>();
        for (const [pid, a] of r.answers) grades.set(pid, a.grade);
        r.status = "revealed";
        r.deadline = null;
        r.remainingMs = null;
        r.truth = truth;
        r.grades = grades;
      }
      return revealed.map((r) => ({ type: "revealed", questionId: r.askId }) as const);
    }
    case "pause": {
      if (state.paused) fail("PAUSED", "The session is already paused.");
      state.paused = true;
      const q = currentQuestion(state);
      if (q && q.status === "open" && q.deadline !== null) {
        q.remainingMs = Math.max(0, q.deadline - cmd.at);
        q.deadline = null;
      }
      return [{ type: "changed" }];
    }
    case "resume": {
      if (!state.paused) fail("NOT_PAUSED", "The session is not paused.");
      state.paused = false;
      const q = currentQuestion(state);
      if (q && q.status === "open" && q.remainingMs !== null) {
        q.deadline = cmd.at + q.remainingMs;
        q.remainingMs = null;
        return [{ type: "questionOpened", questionId: q.askId, deadline: q.deadline }];
      }
      return [{ type: "changed" }];
    }
    case "end": {
      const q = currentQuestion(state);
      if (q && q.status === "open") {
        q.status = "closed";
        q.deadline = null;
      }
      state.phase = { kind: "ended", endedAt: cmd.at };
      return [{ type: "changed" }];
    }
    default:
      return assertNever(cmd);
  }
}


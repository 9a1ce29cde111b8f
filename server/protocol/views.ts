/** What clients are shown. Built on the server (server/session/views.ts); imported by the browser as types. */
import type { AnswerKind, Graph, Value } from "@descent/autograd";
import type { AnswerInput } from "./events";

export type HistogramBar = {
  /** "correct", "unclassified", or misconception ids joined with "+". */
  key: string;
  label: string;
  outcome: "correct" | "misconception" | "unclassified";
  misconceptionIds: string[];
  count: number;
};

export type QuestionResult = { truth: Value; histogram: HistogramBar[]; answered: number };

export type PublicQuestion = {
  id: string;
  quantity: string;
  prompt: string;
  accepts: AnswerKind[];
  /** Number of elements when the answer is a vector (so the form can ask for that many). */
  vectorLength: number | null;
  status: "open" | "closed" | "revealed";
  /** Epoch ms when an open timed question closes; null without a timer or while paused. */
  deadline: number | null;
  remainingMs: number | null;
  answeredCount: number;
  /** Only once revealed. */
  result: QuestionResult | null;
};

export type PublicSession = {
  protocol: number;
  sessionId: string;
  code: string;
  lesson: { id: string; title: string; summary: string; source: string[] };
  status: "lobby" | "running" | "finished" | "ended";
  locked: boolean;
  paused: boolean;
  /** Index of the highlighted statement, and its source line. */
  cursor: number | null;
  line: number | null;
  statementLabel: string | null;
  /** LaTeX for the highlighted statement's rule. */
  formula: string | null;
  statementCount: number;
  /** Values after the last statement that has run (public). */
  values: Record<string, Value>;
  /** The computation graph after the last statement that has run, with its values and leaf gradients. */
  graph: Graph | null;
  participants: { id: string; nickname: string }[];
  question: PublicQuestion | null;
  serverNow: number;
};

export type Feedback = {
  outcome: "correct" | "misconception" | "unclassified" | "unanswered";
  misconceptions: { id: string; title: string; studentExplanation: string }[];
  truth: Value;
};

export type ParticipantView = {
  participantId: string;
  nickname: string;
  /** This participant's answer to the current question, if any. */
  answer: { questionId: string; answer: AnswerInput; confidence: "low" | "medium" | "high" | null } | null;
  feedback: Feedback | null;
  score: { correct: number; answered: number; asked: number };
  /** Misconceptions seen in this participant's revealed answers: on two or more questions a bug, once a slip. */
  profile: Profile;
  kicked: boolean;
};

export type Profile = { bugs: { id: string; title: string; count: number }[]; slips: { id: string; title: string }[] };

export type HostSession = PublicSession & {
  roster: { id: string; nickname: string; kicked: boolean; answered: boolean; profile: Profile }[];
  /** Questions the host can ask at the highlighted statement, the lesson's defaults first. */
  suggestions: { quantity: string; prompt: string; isDefault: boolean; related: boolean; asked: boolean }[];
  /** The true value of the current question: shown to the host only. */
  preview: Value | null;
  /** The lesson's notes for the teacher (they state answers): in the host console only. */
  teacherNotes: string;
  joinPath: string;
};

/** What clients are shown. Built on the server (server/session/views.ts); imported by the browser as types. */
import type { AnswerKind, Graph, MutantValue, Picture, Value } from "@descent/autograd";
import type { Confidence } from "./constants";
import type { AnswerInput } from "./events";

/** A line the program printed, or the traceback of a line that raised (once it has run). */
export type ConsoleLine = { line: number; text: string; error: boolean };

export type HistogramBar = {
  /** "correct", "unclassified", or misconception ids joined with "+". */
  key: string;
  label: string;
  outcome: "correct" | "misconception" | "unclassified";
  misconceptionIds: string[];
  count: number;
};

/**
 * A revealed question's result, the same for everyone. `mutants` is the answer key's other half (the value each
 * misconception predicts here): with it and their own answer, a student's browser grades itself exactly as the
 * server did (`gradeFeedback`), so a reveal is one broadcast, not a message per student.
 */
export type QuestionResult = {
  truth: Value;
  mutants: MutantValue[];
  /** The lesson's own known mistakes among the mutants, explained (the library's come with `LessonInfo`). */
  explanations: Record<string, { title: string; studentExplanation: string }>;
  histogram: HistogramBar[];
  answered: number;
  /** A peer instruction revote: its first vote's histogram, shown beside this one. */
  first: { id: string; openedAt: number; histogram: HistogramBar[]; answered: number } | null;
  /** A peer instruction revote: where the students who voted twice went, from each answer of their first vote. */
  shift: Shift | null;
};

/** From the first vote to the revote, for the students who answered both. */
export type Shift = {
  pairs: number;
  firstCorrect: number;
  secondCorrect: number;
  /** Per answer of the first vote (as the histogram groups them): how many gave it, moved to the truth, kept it. */
  rows: { key: string; label: string; outcome: HistogramBar["outcome"]; before: number; toTruth: number; stayed: number }[];
};

export type PublicQuestion = {
  /** This asking's id (a revote of the same question has its own). */
  id: string;
  /** 1, then 2, 3… for revotes. */
  round: number;
  quantity: string;
  prompt: string;
  accepts: AnswerKind[];
  /** Number of elements when the answer is a vector (so the form can ask for that many). */
  vectorLength: number | null;
  /** [n] or [rows, cols] when the answer is a tensor: the answer grid's layout (from the quantity, never the truth). */
  shape: number[] | null;
  status: "open" | "closed" | "revealed";
  /** Epoch ms when an open timed question closes; null without a timer or while paused. */
  deadline: number | null;
  remainingMs: number | null;
  /** Epoch ms when it was asked (a question already open when a student joined counts for them only if answered). */
  openedAt: number;
  answeredCount: number;
  /**
   * Peer instruction: "vote" (the first vote, its histogram hidden), "discuss" (answers closed, the class talks),
   * "revote" (the same question again, revealed with the first vote); null for an ordinary question.
   */
  peer: "vote" | "discuss" | "revote" | null;
  /** A revote's first vote (its id). */
  firstVote: string | null;
  /** After the reveal, the pictures draw what each misconception would have produced. */
  ghosts: boolean;
  /** Only once revealed. */
  result: QuestionResult | null;
};

export type PublicSession = {
  protocol: number;
  sessionId: string;
  code: string;
  /** The lesson's text comes once, with the join or watch answer (`LessonInfo`): it never changes. */
  lesson: { id: string; title: string };
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
  /** Values after the last statement that has run (public); empty while the host hides them for a question. */
  values: Record<string, Value>;
  /**
   * Names left out of `values` because their value equals the true value of something the host may still ask at
   * the highlighted line (shown as hidden until the reveal).
   */
  withheld: string[];
  /** The computation graph after the last statement that has run, with its values and leaf gradients. */
  graph: Graph | null;
  /** The host hides the values (and the graph) until the current question is revealed. */
  valuesHidden: boolean;
  /** What the program has printed so far, with the tracebacks of lines that raised. */
  output: ConsoleLine[];
  /** Where the parameters have gone so far (paths, loss curve, loss surface); null while the values are hidden. */
  picture: Picture | null;
  /** The class's best by accuracy (nicknames only), when the host shows it; null when hidden. */
  leaderboard: { nickname: string; correct: number; asked: number }[] | null;
  /** The iteration (or pass of the loop) the highlighted line belongs to. */
  iteration: { label: string; index: number; count: number } | null;
  /** The latest to join (at most 60), oldest first: for the lobby's cloud. */
  participants: { id: string; nickname: string }[];
  question: PublicQuestion | null;
  /** Once every line has run or the session ended: how the class did on each revealed question. */
  summary: { participants: number; questions: { id: string; prompt: string; correct: number; answered: number }[] } | null;
  /** How many are seated, and the latest names to join (the lobby shows a count and a small cloud). */
  joined: number;
  serverNow: number;
};

/**
 * What never changes during a session, sent once to each client (in the answer to a join or watch), never in the
 * room's messages: the program, and what each misconception of the library means (for feedback the browser
 * computes itself; a lesson's known mistakes state its numbers, so they come with their question's reveal).
 */
export type LessonInfo = {
  id: string;
  title: string;
  summary: string;
  source: string[];
  explanations: Record<string, { title: string; studentExplanation: string }>;
};

/**
 * What changes with every join and answer, coalesced: at most ten a second, whatever the class size, to projectors
 * (students' pages show neither). Clients merge it into their state.
 */
export type Tick = {
  /** When the server sent it (epoch ms). */
  serverNow: number;
  joined: number;
  participants: PublicSession["participants"];
  /** The open question's id and how many have answered it. */
  question: { id: string; answeredCount: number } | null;
};

export type Feedback = {
  outcome: "correct" | "misconception" | "unclassified" | "unanswered";
  misconceptions: { id: string; title: string; studentExplanation: string }[];
  truth: Value;
};

export type ParticipantView = {
  participantId: string;
  nickname: string;
  /** Epoch ms. */
  joinedAt: number;
  /** This participant's answer to the current question, if any. */
  answer: { questionId: string; answer: AnswerInput; confidence: Confidence | null } | null;
  /** In a peer instruction revote: this participant's answer to the first vote. */
  firstAnswer: AnswerInput | null;
  feedback: Feedback | null;
  /** Every question revealed since this participant joined, with their answer and what it showed. */
  history: HistoryEntry[];
  score: { correct: number; answered: number; asked: number };
  /** Misconceptions seen in this participant's revealed answers: on two or more questions a bug, once a slip. */
  profile: Profile;
  kicked: boolean;
};

export type HistoryEntry = {
  questionId: string;
  prompt: string;
  round: number;
  answer: AnswerInput | null;
  feedback: Feedback;
};

export type Profile = { bugs: { id: string; title: string; count: number }[]; slips: { id: string; title: string }[] };

/** Answers that show the same thing (correct, one misconception, or no known pattern), with their distinct values. */
export type AnswerGroup = {
  key: string;
  label: string;
  outcome: "correct" | "misconception" | "unclassified";
  misconceptionIds: string[];
  count: number;
  /** Distinct answers as typed (rounded for display), most frequent first: e.g. "+40 × 12". */
  values: { text: string; count: number }[];
};

export type HostSession = Omit<PublicSession, "lesson"> & {
  lesson: LessonInfo;
  /** `released`: the host released the seat (its nickname and name or ID are free again). */
  roster: { id: string; nickname: string; kicked: boolean; released: boolean; answered: boolean; profile: Profile }[];
  /** Every statement's line of code, in order (to go to one). */
  statements: string[];
  /** The statements where the lesson suggests a question, in order (to skip ahead to the next one). */
  questionStops: number[];
  /** Questions the host can ask at the highlighted statement, the lesson's defaults first; `rounds` already asked. */
  suggestions: { quantity: string; prompt: string; isDefault: boolean; related: boolean; asked: boolean; rounds: number }[];
  /** Once the current question is closed: what the class answered, grouped by what it shows (host only). */
  answers: AnswerGroup[] | null;
  /** Once the current question is closed: confidence against correctness, "confident and wrong" first. */
  calibration: { confidence: Confidence | "none"; correct: number; wrong: number }[] | null;
  /** The true value of the current question: shown to the host only. */
  preview: Value | null;
  /** The lesson's notes for the teacher (they state answers): in the host console only. */
  teacherNotes: string;
  joinPath: string;
};

/**
 * Builds what each kind of client is shown from a session's state. The public view never carries a true value
 * before its question is revealed; only the host view has the preview.
 */
import { misconceptions, type Grade, type Lesson, type MutantValue, type Value } from "@descent/autograd";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { AnswerInput } from "../protocol/events.ts";
import { feedbackOf, profileFromGrades, profileOf, scoreOf, type Explanations } from "../protocol/feedback.ts";
import type {
  AnswerGroup,
  Feedback,
  HistogramBar,
  HistoryEntry,
  HostSession,
  LessonInfo,
  ParticipantView,
  Profile,
  PublicQuestion,
  PublicSession,
  QuestionResult,
  Tick,
} from "../protocol/views.ts";
import { askIdOf } from "../protocol/ask-id.ts";
import { currentQuestion, type AskedQuestion, type SessionState } from "./engine.ts";
import type { LessonRuntime } from "./lesson-runtime.ts";
import { classContext } from "./secrecy.ts";
import type { LiveSession } from "./service.ts";
import { voteShift } from "./shift.ts";

const byId = new Map(misconceptions.map((m) => [m.id, m]));

/** A misconception of the library, or a lesson's known mistake ("known:<id>"). */
function describe(id: string, lesson?: Lesson): { title: string; studentExplanation: string } {
  const m = byId.get(id);
  if (m) return m;
  const k = id.startsWith("known:") ? lesson?.knownMistakes?.find((x) => `known:${x.id}` === id) : undefined;
  return k ? { title: k.title, studentExplanation: k.explanation } : { title: id, studentExplanation: "" };
}

function misconceptionTitle(id: string, lesson?: Lesson): string {
  return describe(id, lesson).title;
}

function barOf(grade: Grade, lesson?: Lesson): Omit<HistogramBar, "count"> {
  switch (grade.outcome) {
    case "correct":
      return { key: "correct", label: "Correct", outcome: "correct", misconceptionIds: [] };
    case "unclassified":
      return { key: "unclassified", label: "Not a known pattern", outcome: "unclassified", misconceptionIds: [] };
    case "misconception": {
      const ids = [...grade.ids].sort();
      return { key: ids.join("+"), label: ids.map((id) => misconceptionTitle(id, lesson)).join(" / "), outcome: "misconception", misconceptionIds: ids };
    }
  }
}

/**
 * What never changes in a session: sent once per client (cached per lesson runtime). The library's explanations
 * are general; a lesson's known mistakes explain themselves with this lesson's numbers, so they come with the
 * reveal of their question instead (`knownExplanations`).
 */
const infoCache = new WeakMap<LessonRuntime, LessonInfo>();
export function lessonInfo(session: LiveSession): LessonInfo {
  const runtime = session.runtime;
  let info = infoCache.get(runtime);
  if (!info) {
    const { lesson } = runtime;
    const explanations: LessonInfo["explanations"] = {};
    for (const m of misconceptions) explanations[m.id] = { title: m.title, studentExplanation: m.studentExplanation };
    info = { id: lesson.id, title: lesson.title, summary: lesson.summary, source: lesson.source, explanations };
    infoCache.set(runtime, info);
  }
  return info;
}

/** The lesson's known mistakes that this answer key can show, with their explanations (only once revealed). */
function knownExplanations(mutants: readonly MutantValue[], lesson: Lesson): Explanations {
  const out: Explanations = {};
  for (const m of mutants) {
    if (!m.misconceptionId.startsWith("known:")) continue;
    const d = describe(m.misconceptionId, lesson);
    out[m.misconceptionId] = { title: d.title, studentExplanation: d.studentExplanation };
  }
  return out;
}

/** Every explanation a participant's revealed feedback may need: the library's and the lesson's known mistakes. */
const explanationsCache = new WeakMap<LessonRuntime, Explanations>();
function allExplanations(session: LiveSession): Explanations {
  const { runtime } = session;
  let out = explanationsCache.get(runtime);
  if (!out) {
    out = { ...lessonInfo(session).explanations };
    for (const k of runtime.lesson.knownMistakes ?? []) out[`known:${k.id}`] = { title: k.title, studentExplanation: k.explanation };
    explanationsCache.set(runtime, out);
  }
  return out;
}

/**
 * Each participant's bugs and slips, for the host's roster (by the rule of their own view): recomputed only when a
 * question has been revealed since (the roster is built on every host update; profiles change only at reveals).
 */
const profileCache = new WeakMap<SessionState, { revealed: number; profiles: Map<string, Profile> }>();
function rosterProfiles(session: LiveSession): Map<string, Profile> {
  const { state } = session;
  let revealed = 0;
  for (const q of state.questions.values()) if (q.status === "revealed") revealed++;
  const cached = profileCache.get(state);
  if (cached && cached.revealed === revealed) return cached.profiles;
  // One pass over the revealed questions (the roster is the whole class), by the students' own rule.
  const grades = new Map<string, { questionId: string; grade: Grade }[]>();
  for (const q of state.questions.values()) {
    if (q.status !== "revealed") continue;
    for (const [pid, g] of q.grades) {
      let list = grades.get(pid);
      if (!list) grades.set(pid, (list = []));
      list.push({ questionId: q.question.id, grade: g });
    }
  }
  const lesson = session.runtime.lesson;
  const profiles = new Map<string, Profile>();
  for (const [pid, list] of grades) profiles.set(pid, profileFromGrades(list, (id) => misconceptionTitle(id, lesson)));
  profileCache.set(state, { revealed, profiles });
  return profiles;
}

export function histogram(q: AskedQuestion, lesson?: Lesson): HistogramBar[] {
  const bars = new Map<string, HistogramBar>();
  bars.set("correct", { ...barOf({ outcome: "correct" }), count: 0 });
  for (const g of q.grades.values()) {
    const bar = barOf(g, lesson);
    const existing = bars.get(bar.key);
    if (existing) existing.count++;
    else bars.set(bar.key, { ...bar, count: 1 });
  }
  const order = { correct: 0, misconception: 1, unclassified: 2 } as const;
  return [...bars.values()].sort((a, b) => order[a.outcome] - order[b.outcome] || b.count - a.count || a.key.localeCompare(b.key));
}

function revealedResult(session: LiveSession, q: AskedQuestion, truth: Value): QuestionResult {
  const { mutants } = session.runtime.key(q.question);
  const lesson = session.runtime.lesson;
  const first = q.firstVote === null ? undefined : session.state.questions.get(q.firstVote);
  return {
    truth,
    mutants,
    explanations: knownExplanations(mutants, lesson),
    histogram: histogram(q, lesson),
    answered: q.answers.size,
    first: first ? { id: first.askId, openedAt: first.openedAt, histogram: histogram(first, lesson), answered: first.answers.size } : null,
    shift: first ? shiftOf(first, q, lesson) : null,
  };
}

/** Results are rebuilt for every message while a question is revealed: a revealed asking's grades never change. */
const resultCache = new WeakMap<AskedQuestion, QuestionResult>();
function cachedResult(session: LiveSession, q: AskedQuestion, truth: Value): QuestionResult {
  let r = resultCache.get(q);
  if (!r) resultCache.set(q, (r = revealedResult(session, q, truth)));
  return r;
}

function shiftOf(first: AskedQuestion, second: AskedQuestion, lesson: Lesson) {
  const pairs: { first: Grade; second: Grade }[] = [];
  for (const [pid, g] of first.grades) {
    const s = second.grades.get(pid);
    if (s) pairs.push({ first: g, second: s });
  }
  return voteShift(pairs, (g) => barOf(g, lesson));
}

function publicQuestion(session: LiveSession, q: AskedQuestion): PublicQuestion {
  return {
    id: q.askId,
    round: q.round,
    quantity: q.question.quantity,
    prompt: q.question.prompt,
    accepts: q.question.accepts,
    // From the quantity's shape, never from this question's true value (which may be None or an error).
    vectorLength: session.runtime.vectorLength(q.question.quantity),
    shape: session.runtime.shapeOf(q.question.quantity),
    status: q.status,
    deadline: q.deadline,
    remainingMs: q.remainingMs,
    openedAt: q.openedAt,
    answeredCount: q.answers.size,
    peer: q.firstVote !== null ? "revote" : q.peer,
    firstVote: q.firstVote,
    ghosts: q.ghosts,
    result: q.status === "revealed" && q.truth ? cachedResult(session, q, q.truth) : null,
  };
}

export function publicView(session: LiveSession, now: number): PublicSession {
  const { state, runtime } = session;
  const phase = state.phase;
  const cursor = phase.kind === "step" || phase.kind === "question" ? phase.cursor : null;
  const q = currentQuestion(state);
  const status =
    phase.kind === "lobby" ? "lobby" : phase.kind === "ended" ? "ended" : phase.kind === "finished" ? "finished" : "running";
  const valuesHidden = q !== null && q.hideValues && q.status !== "revealed";
  const cp = cursor === null ? null : runtime.checkpoint(cursor);
  // Whatever the host may still ask at the highlighted line is withheld from everything the class is sent.
  const shown = classContext(runtime, state, cursor);
  const iterationCount = runtime.trace.sections.length;
  return {
    protocol: PROTOCOL_VERSION,
    sessionId: state.sessionId,
    code: session.code,
    lesson: { id: runtime.lesson.id, title: runtime.lesson.title },
    status,
    locked: state.locked,
    paused: state.paused,
    cursor,
    line: cursor === null ? null : runtime.checkpoint(cursor).line,
    statementLabel: cursor === null ? null : labelOf(runtime.checkpoint(cursor)),
    // The rule can state the answer ("p.grad ← None"): the class sees it only once the question is revealed.
    formula: cursor !== null && q?.status === "revealed" ? runtime.formula(cursor) : null,
    statementCount: runtime.statementCount,
    values: valuesHidden ? {} : shown.values,
    withheld: valuesHidden ? [] : shown.withheld,
    graph: valuesHidden ? null : shown.graph,
    valuesHidden,
    output: valuesHidden ? [] : shown.output,
    picture: valuesHidden ? null : shown.picture,
    leaderboard: state.leaderboard ? leaderboardOf(state) : null,
    iteration: cp ? { label: cp.iterationLabel, index: cp.iteration, count: iterationCount } : null,
    participants: latestSeated(state, LOBBY_NAMES),
    question: q ? publicQuestion(session, q) : null,
    summary: status === "ended" || status === "finished" ? summaryOf(state) : null,
    joined: state.seated,
    serverNow: now,
  };
}

/** The question's feedback for a participant, from the grade the server stored (the authority). */
function storedFeedback(q: AskedQuestion, participantId: string, explanations: Explanations): Feedback | null {
  if (q.status !== "revealed" || !q.truth) return null;
  return feedbackOf(q.grades.get(participantId) ?? null, q.truth, explanations);
}

/** The questions revealed since the participant joined (or that they answered), oldest first. */
function historyOf(state: SessionState, participantId: string, joinedAt: number, explanations: Explanations): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const q of state.questions.values()) {
    const feedback = storedFeedback(q, participantId, explanations);
    const mine = q.answers.get(participantId);
    if (!feedback || (!mine && q.openedAt < joinedAt)) continue;
    out.push({ questionId: q.askId, prompt: q.question.prompt, round: q.round, answer: mine ? mine.answer : null, feedback });
  }
  return out;
}

/** A participant's own view: sent in the answer to their join (the browser then follows the room's messages). */
export function participantView(session: LiveSession, participantId: string): ParticipantView {
  const { state } = session;
  const explanations = allExplanations(session);
  const p = state.participants.get(participantId);
  const q = currentQuestion(state);
  const mine = q?.answers.get(participantId);
  const history = p ? historyOf(state, participantId, p.joinedAt, explanations) : [];
  return {
    participantId,
    nickname: p?.nickname ?? "",
    joinedAt: p?.joinedAt ?? 0,
    answer: q && mine ? { questionId: q.askId, answer: mine.answer, confidence: mine.confidence } : null,
    firstAnswer: q?.firstVote ? (state.questions.get(q.firstVote)?.answers.get(participantId)?.answer ?? null) : null,
    feedback: q ? storedFeedback(q, participantId, explanations) : null,
    history,
    score: scoreOf(history),
    profile: profileOf(history),
    kicked: p?.kicked ?? false,
  };
}

/** Joins and the answered counter: what changes between state messages. */
export function tickOf(session: LiveSession, now: number): Tick {
  const { state } = session;
  const q = currentQuestion(state);
  return {
    serverNow: now,
    joined: state.seated,
    participants: latestSeated(state, LOBBY_NAMES),
    question: q ? { id: q.askId, answeredCount: q.answers.size } : null,
  };
}

export function hostView(session: LiveSession, now: number): HostSession {
  const base = publicView(session, now);
  const { state, runtime } = session;
  const q = currentQuestion(state);
  const cursor = base.cursor;
  const profiles = rosterProfiles(session);
  return {
    ...base,
    lesson: lessonInfo(session),
    formula: cursor === null ? null : runtime.formula(cursor),
    roster: [...state.participants.values()].map((p) => ({
      id: p.id,
      nickname: p.nickname,
      kicked: p.kicked,
      released: p.released === true,
      answered: q?.answers.has(p.id) ?? false,
      profile: profiles.get(p.id) ?? NO_PROFILE,
    })),
    suggestions:
      cursor === null
        ? []
        : runtime
            .suggestions(cursor)
            .map((s) => {
              let rounds = 0;
              while (state.questions.has(askIdOf(s.questionId, rounds + 1))) rounds++;
              return { quantity: s.quantity, prompt: s.prompt, isDefault: s.isDefault, related: s.related, asked: rounds > 0, rounds };
            }),
    answers: q && q.status !== "open" ? answerGroups(session, q) : null,
    calibration: q && q.status !== "open" ? calibration(q) : null,
    preview: q ? runtime.truth(q.question) : null,
    teacherNotes: runtime.lesson.teacherNotes,
    statements: runtime.trace.checkpoints.map(labelOf),
    questionStops: [...new Set(runtime.defaults.map((q) => runtime.trace.checkpoints.findIndex((c) => c.id === q.checkpointId)))].sort((a, b) => a - b),
    joinPath: `/join/${session.code}`,
  };
}

const NO_PROFILE: Profile = { bugs: [], slips: [] };

/** The leaderboard's length: the best ten, by nickname; the rest of the class is not ranked in public. */
export const LEADERBOARD_SIZE = 10;

/**
 * The class ranked by accuracy: correct answers over the questions revealed since each joined (not speed), ties
 * by nickname. Recomputed only when a reveal or a removal changed it.
 */
const leaderboardCache = new WeakMap<SessionState, { key: string; rows: NonNullable<PublicSession["leaderboard"]> }>();
function leaderboardOf(state: SessionState): NonNullable<PublicSession["leaderboard"]> {
  const revealed = [...state.questions.values()].filter((q) => q.status === "revealed");
  const key = `${revealed.length}/${state.seated}/${state.participants.size}`;
  const cached = leaderboardCache.get(state);
  if (cached && cached.key === key) return cached.rows;
  const rows: NonNullable<PublicSession["leaderboard"]> = [];
  for (const p of state.participants.values()) {
    if (p.kicked) continue;
    let correct = 0;
    let asked = 0;
    for (const q of revealed) {
      if (!q.answers.has(p.id) && q.openedAt < p.joinedAt) continue;
      asked++;
      if (q.grades.get(p.id)?.outcome === "correct") correct++;
    }
    if (asked > 0) rows.push({ nickname: p.nickname, correct, asked });
  }
  rows.sort((a, b) => b.correct / b.asked - a.correct / a.asked || b.correct - a.correct || a.nickname.localeCompare(b.nickname));
  const top = rows.slice(0, LEADERBOARD_SIZE);
  leaderboardCache.set(state, { key, rows: top });
  return top;
}

/** An answer as the host reads it: numbers to 4 significant digits, with an explicit sign. */
function answerText(a: AnswerInput): string {
  const num = (x: number) => {
    const r = Number(x.toPrecision(4));
    return `${r > 0 ? "+" : ""}${Object.is(r, -0) ? 0 : r}`;
  };
  switch (a.kind) {
    case "number":
      return num(a.value);
    case "vector":
      return `[${a.value.map(num).join(", ")}]`;
    case "none":
      return "None";
    case "error":
      return "raises an error";
  }
}

/** The grade of each answer to a closed or revealed question (the host's view may grade before the reveal). */
/** What the class answered, grouped as the histogram is, with each group's distinct values and their counts. */
function answerGroups(session: LiveSession, q: AskedQuestion): AnswerGroup[] {
  const groups = new Map<string, AnswerGroup & { byText: Map<string, number> }>();
  for (const a of q.answers.values()) {
    const { grade } = a;
    const bar = barOf(grade, session.runtime.lesson);
    let g = groups.get(bar.key);
    if (!g) groups.set(bar.key, (g = { ...bar, count: 0, values: [], byText: new Map() }));
    g.count++;
    const text = answerText(a.answer);
    g.byText.set(text, (g.byText.get(text) ?? 0) + 1);
  }
  const order = { correct: 0, misconception: 1, unclassified: 2 } as const;
  return [...groups.values()]
    .map(({ byText, ...g }) => ({ ...g, values: [...byText].map(([text, count]) => ({ text, count })).sort((x, y) => y.count - x.count || x.text.localeCompare(y.text)) }))
    .sort((a, b) => order[a.outcome] - order[b.outcome] || b.count - a.count || a.key.localeCompare(b.key));
}

/** Confidence against correctness; "high and wrong" (the alarm) first. */
export function calibration(q: AskedQuestion): NonNullable<HostSession["calibration"]> {
  const levels = ["high", "medium", "low", "none"] as const;
  const rows = new Map(levels.map((confidence) => [confidence, { confidence, correct: 0, wrong: 0 }]));
  for (const { grade, confidence } of q.answers.values()) {
    const row = rows.get(confidence ?? "none")!;
    if (grade.outcome === "correct") row.correct++;
    else row.wrong++;
  }
  return levels.map((l) => rows.get(l)!);
}

/** The lobby shows a count and the latest names: a whole roster in every message would grow with the class. */
export const LOBBY_NAMES = 60;

function latestSeated(state: SessionState, n: number): { id: string; nickname: string }[] {
  const out: { id: string; nickname: string }[] = [];
  const all = [...state.participants.values()];
  for (let i = all.length - 1; i >= 0 && out.length < n; i--) {
    const p = all[i]!;
    if (!p.kicked) out.push({ id: p.id, nickname: p.nickname });
  }
  return out.reverse();
}

function summaryOf(state: SessionState): NonNullable<PublicSession["summary"]> {
  const questions: NonNullable<PublicSession["summary"]>["questions"] = [];
  for (const q of state.questions.values()) {
    if (q.status !== "revealed") continue;
    let correct = 0;
    for (const g of q.grades.values()) if (g.outcome === "correct") correct++;
    questions.push({ id: q.askId, prompt: q.question.prompt, correct, answered: q.grades.size });
  }
  return { participants: state.seated, questions };
}

/** A line's code, with the pass of the loops around it: "loss.backward() (step = 1)". */
function labelOf(c: { label: string; passLabel: string }): string {
  return c.passLabel ? `${c.label} (${c.passLabel})` : c.label;
}

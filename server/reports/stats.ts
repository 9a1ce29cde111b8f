/**
 * The statistics of the teacher's reports and dashboard, from graded answers alone (pure: tested on a small
 * fixture computed by hand). A "question" is one asked question of one session; revotes of it count as one
 * question for bugs and slips, as in a live session.
 */
import { formatValue, misconceptions, studentProfile, type Grade } from "@descent/autograd";
import type { ReportRow } from "./data.ts";
import type { Shift } from "../protocol/views.ts";
import { voteShift } from "../session/shift.ts";

export type AnswerRow = {
  sessionId: string;
  /** The asking's id ("it1.s5:w.grad", "it1.s5:w.grad#2" for a revote). */
  questionId: string;
  /** Who answered: a class's student id, or the participant id where students are not identified. */
  student: string;
  grade: Grade | null;
  confidence: string | null;
};

/** The question an asking belongs to, across its revotes (#n) and variants (@n), within a session or assignment. */
export function questionKey(row: Pick<AnswerRow, "sessionId" | "questionId">): string {
  return `${row.sessionId}/${row.questionId.replace(/[#@]\d+$/, "")}`;
}

/**
 * What counts as separate evidence of a misconception: live, a question (revotes count once); self-paced, a
 * variant (numbers of the student's own: seen on two different variants is stronger evidence than twice on the
 * same numbers). Seen on two is a bug; once, a slip.
 */
export function evidenceKey(row: Pick<AnswerRow, "sessionId" | "questionId">): string {
  const variant = /@(\d+)$/.exec(row.questionId);
  return variant ? `${row.sessionId}@${variant[1]}` : questionKey(row);
}

/** One asking of a question: a revote is another asking; the variants of a self-paced question are one. */
const askingKey = (r: AnswerRow) => `${r.sessionId}/${r.questionId.replace(/@\d+$/, "")}`;
const correct = (g: Grade | null): number => (g?.outcome === "correct" ? 1 : 0);

export type QuestionStats = {
  key: string;
  sessionId: string;
  questionId: string;
  answered: number;
  correct: number;
  /** Share answered correctly (difficulty, PrairieLearn's "mean score"). */
  accuracy: number;
  /**
   * Corrected item–total correlation: Pearson's r between this question's score (0/1) and each answering
   * student's score on the session's other questions. Null when it is undefined (fewer than 3 answers, or no
   * spread in either).
   */
  discrimination: number | null;
  /** "correct", a misconception id, or "unclassified", with counts. */
  outcomes: Record<string, number>;
  /** Confident (high) and wrong: the alarm. */
  confidentWrong: number;
  /** Answers by stated confidence ("none" when not said), correct and wrong. */
  calibration: Record<string, { correct: number; wrong: number }>;
};

function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 3) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

export function questionStats(rows: readonly AnswerRow[]): QuestionStats[] {
  const graded = rows.filter((r) => r.grade !== null);
  // Each student's score per session, to correlate against.
  const totals = new Map<string, number>();
  for (const r of graded) totals.set(`${r.sessionId}/${r.student}`, (totals.get(`${r.sessionId}/${r.student}`) ?? 0) + correct(r.grade));
  const byAsking = new Map<string, AnswerRow[]>();
  for (const r of graded) {
    const k = askingKey(r);
    const list = byAsking.get(k);
    if (list) list.push(r);
    else byAsking.set(k, [r]);
  }
  const out: QuestionStats[] = [];
  for (const [key, list] of byAsking) {
    const outcomes: Record<string, number> = {};
    const calibration: Record<string, { correct: number; wrong: number }> = {};
    let confidentWrong = 0;
    for (const r of list) {
      const g = r.grade!;
      const cal = (calibration[r.confidence ?? "none"] ??= { correct: 0, wrong: 0 });
      if (g.outcome === "correct") cal.correct++;
      else cal.wrong++;
      const ids = g.outcome === "misconception" ? g.ids : [g.outcome];
      for (const id of ids) outcomes[id] = (outcomes[id] ?? 0) + 1;
      if (g.outcome !== "correct" && r.confidence === "high") confidentWrong++;
    }
    const item = list.map((r) => correct(r.grade));
    const rest = list.map((r) => totals.get(`${r.sessionId}/${r.student}`)! - correct(r.grade));
    const c = item.reduce((a, b) => a + b, 0);
    out.push({
      key,
      sessionId: list[0]!.sessionId,
      questionId: list[0]!.questionId.replace(/@\d+$/, ""),
      answered: list.length,
      correct: c,
      accuracy: c / list.length,
      discrimination: pearson(item, rest),
      outcomes,
      confidentWrong,
      calibration,
    });
  }
  return out;
}

export type StudentStats = {
  student: string;
  answered: number;
  correct: number;
  accuracy: number;
  sessions: number;
  /** Misconceptions seen on two or more questions, and on one. */
  bugs: string[];
  slips: string[];
};

export function studentStats(rows: readonly AnswerRow[]): StudentStats[] {
  const by = new Map<string, AnswerRow[]>();
  for (const r of rows) {
    if (!r.grade) continue;
    const list = by.get(r.student);
    if (list) list.push(r);
    else by.set(r.student, [r]);
  }
  return [...by].map(([student, list]) => {
    const p = studentProfile(list.map((r) => ({ questionId: evidenceKey(r), grade: r.grade! })));
    const c = list.reduce((a, r) => a + correct(r.grade), 0);
    return { student, answered: list.length, correct: c, accuracy: c / list.length, sessions: new Set(list.map((r) => r.sessionId)).size, bugs: p.bugs, slips: p.slips };
  });
}

export type MisconceptionStats = {
  id: string;
  /** Students holding it as a bug (on ≥ 2 questions) and as a slip (once). */
  bugStudents: string[];
  slipStudents: string[];
  /** Questions (session/question) on which some answer matched it. */
  questions: string[];
  /** Per session, in the order given: the share of that session's graded answers that matched it. */
  trend: { sessionId: string; share: number }[];
};

export function misconceptionStats(rows: readonly AnswerRow[], sessionOrder: readonly string[]): MisconceptionStats[] {
  const students = studentStats(rows);
  const ids = new Set<string>();
  for (const r of rows) if (r.grade?.outcome === "misconception") r.grade.ids.forEach((id) => ids.add(id));
  const perSession = new Map<string, number>();
  for (const r of rows) if (r.grade) perSession.set(r.sessionId, (perSession.get(r.sessionId) ?? 0) + 1);
  const matchedBy = new Map<string, AnswerRow[]>([...ids].map((id) => [id, []]));
  for (const r of rows) if (r.grade?.outcome === "misconception") for (const id of r.grade.ids) matchedBy.get(id)!.push(r);
  return [...ids].map((id) => {
    const matched = matchedBy.get(id)!;
    const perSessionMatched = new Map<string, number>();
    for (const r of matched) perSessionMatched.set(r.sessionId, (perSessionMatched.get(r.sessionId) ?? 0) + 1);
    return {
      id,
      bugStudents: students.filter((s) => s.bugs.includes(id)).map((s) => s.student),
      slipStudents: students.filter((s) => s.slips.includes(id)).map((s) => s.student),
      questions: [...new Set(matched.map(questionKey))].sort(),
      trend: sessionOrder
        .filter((s) => perSession.has(s))
        .map((sessionId) => ({ sessionId, share: (perSessionMatched.get(sessionId) ?? 0) / perSession.get(sessionId)! })),
    };
  });
}

// ---------- per-session summaries, and combining them (a class's dashboard costs its sessions, not its answers) ----------

export const SUMMARY_VERSION = 3;

export type SessionSummary = {
  v: typeof SUMMARY_VERSION;
  sessionId: string;
  startedAt: string;
  graded: number;
  /** Each asking's stats with its prompt and true value (as text). */
  questions: (QuestionStats & { prompt: string; truth: string })[];
  /** Per student: answers, correct, and for each misconception the questions (keys) it showed on. */
  students: { student: string; label: string; answered: number; correct: number; mis: Record<string, string[]> }[];
  /** Answers that matched each misconception, and the questions they were on. */
  misconceptions: { id: string; matched: number; questions: string[] }[];
  prompts: Record<string, string>;
  /** Questions voted on twice (peer instruction, or a vote again): how the answers moved. */
  shifts: QuestionShift[];
};

/** A question voted on twice in a live session: from each answer of the first vote, where its students went. */
export type QuestionShift = Shift & { key: string; sessionId: string; questionId: string };

const titles = new Map(misconceptions.map((m) => [m.id, m.title]));
const titleOfId = (id: string) => titles.get(id) ?? (id.startsWith("known:") ? `Known mistake: ${id.slice(6)}` : id);

/**
 * The shift of every live question with a second round: the students who answered both the first vote and the
 * second, from their first answer to their second.
 */
export function questionShifts(rows: readonly AnswerRow[]): QuestionShift[] {
  const rounds = new Map<string, { sessionId: string; questionId: string; first: Map<string, Grade>; second: Map<string, Grade> }>();
  for (const r of rows) {
    if (!r.grade || /@\d+$/.test(r.questionId)) continue;
    const m = /#(\d+)$/.exec(r.questionId);
    const round = m ? Number(m[1]) : 1;
    if (round > 2) continue;
    const key = questionKey(r);
    let q = rounds.get(key);
    if (!q) rounds.set(key, (q = { sessionId: r.sessionId, questionId: r.questionId.replace(/#\d+$/, ""), first: new Map(), second: new Map() }));
    (round === 1 ? q.first : q.second).set(r.student, r.grade);
  }
  const out: QuestionShift[] = [];
  for (const [key, q] of rounds) {
    if (q.second.size === 0) continue;
    const pairs = [...q.first].flatMap(([student, first]) => {
      const second = q.second.get(student);
      return second ? [{ first, second }] : [];
    });
    const shift = voteShift(pairs, (g) => ({
      key: g.outcome,
      outcome: g.outcome,
      label: g.outcome === "misconception" ? g.ids.map(titleOfId).join(" / ") : g.outcome === "correct" ? "Correct" : "Not a known pattern",
    }));
    out.push({ key, sessionId: q.sessionId, questionId: q.questionId, ...shift });
  }
  return out;
}

export function summarize(sessionId: string, startedAt: Date, rows: readonly Pick<ReportRow, keyof AnswerRow | "prompt" | "studentLabel" | "truth">[]): SessionSummary {
  const prompts: Record<string, string> = {};
  const truths: Record<string, string> = {};
  for (const r of rows) {
    prompts[questionKey(r)] = r.prompt;
    // Self-paced, each student has numbers of their own: there is no one true value to show.
    truths[questionKey(r)] = /@\d+$/.test(r.questionId) ? "(each student's own)" : r.truth ? formatValue(r.truth) : "";
  }
  const students = new Map<string, SessionSummary["students"][number]>();
  const mis = new Map<string, { id: string; matched: number; questions: Set<string> }>();
  let graded = 0;
  for (const r of rows) {
    if (!r.grade) continue;
    graded++;
    let s = students.get(r.student);
    if (!s) students.set(r.student, (s = { student: r.student, label: r.studentLabel, answered: 0, correct: 0, mis: {} }));
    s.answered++;
    if (r.grade.outcome === "correct") s.correct++;
    if (r.grade.outcome === "misconception") {
      for (const id of r.grade.ids) {
        const k = evidenceKey(r);
        const list = (s.mis[id] ??= []);
        if (!list.includes(k)) list.push(k);
        let m = mis.get(id);
        if (!m) mis.set(id, (m = { id, matched: 0, questions: new Set() }));
        m.matched++;
        m.questions.add(questionKey(r));
      }
    }
  }
  return {
    v: SUMMARY_VERSION,
    sessionId,
    startedAt: startedAt.toISOString(),
    graded,
    questions: questionStats(rows).map((q) => ({ ...q, prompt: prompts[questionKey(q)] ?? q.questionId, truth: truths[questionKey(q)] ?? "" })),
    students: [...students.values()],
    misconceptions: [...mis.values()].map((m) => ({ id: m.id, matched: m.matched, questions: [...m.questions].sort() })),
    prompts,
    shifts: questionShifts(rows),
  };
}

export type Report = {
  questions: (QuestionStats & { prompt: string; truth: string; startedAt: string })[];
  students: (StudentStats & { label: string })[];
  misconceptions: MisconceptionStats[];
  prompts: Record<string, string>;
  /** Questions voted on twice, with their session's start. */
  shifts: (QuestionShift & { startedAt: string })[];
};

/** Combines session summaries (oldest first) into one report: bugs and slips over all of a student's questions. */
export function combine(summaries: readonly SessionSummary[]): Report {
  const students = new Map<string, StudentStats & { label: string; mis: Map<string, Set<string>>; sessionSet: Set<string> }>();
  const prompts: Record<string, string> = {};
  for (const s of summaries) {
    Object.assign(prompts, s.prompts);
    for (const st of s.students) {
      let x = students.get(st.student);
      if (!x) students.set(st.student, (x = { student: st.student, label: st.label, answered: 0, correct: 0, accuracy: 0, sessions: 0, bugs: [], slips: [], mis: new Map(), sessionSet: new Set() }));
      x.answered += st.answered;
      x.correct += st.correct;
      x.sessionSet.add(s.sessionId);
      for (const [id, qs] of Object.entries(st.mis)) {
        let set = x.mis.get(id);
        if (!set) x.mis.set(id, (set = new Set()));
        for (const q of qs) set.add(q);
      }
    }
  }
  const studentList = [...students.values()].map(({ mis, sessionSet, ...x }) => {
    const counts = [...mis].map(([id, qs]) => [id, qs.size] as const);
    return {
      ...x,
      accuracy: x.answered ? x.correct / x.answered : 0,
      sessions: sessionSet.size,
      bugs: counts.filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id),
      slips: counts.filter(([, n]) => n === 1).map(([id]) => id).sort(),
    };
  });
  const ids = new Set(summaries.flatMap((s) => s.misconceptions.map((m) => m.id)));
  const misconceptions: MisconceptionStats[] = [...ids].map((id) => ({
    id,
    bugStudents: studentList.filter((s) => s.bugs.includes(id)).map((s) => s.student),
    slipStudents: studentList.filter((s) => s.slips.includes(id)).map((s) => s.student),
    questions: [...new Set(summaries.flatMap((s) => s.misconceptions.find((m) => m.id === id)?.questions ?? []))].sort(),
    trend: summaries.filter((s) => s.graded > 0).map((s) => ({ sessionId: s.sessionId, share: (s.misconceptions.find((m) => m.id === id)?.matched ?? 0) / s.graded })),
  }));
  return {
    questions: summaries.flatMap((s) => s.questions.map((q) => ({ ...q, startedAt: s.startedAt }))),
    students: studentList,
    misconceptions,
    prompts,
    shifts: summaries.flatMap((s) => s.shifts.map((x) => ({ ...x, startedAt: s.startedAt }))),
  };
}


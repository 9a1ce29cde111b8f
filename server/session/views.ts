/**
 * Builds what each kind of client is shown from a session's state. The public view never carries a true value
 * before its question is revealed; only the host view has the preview.
 */
import { misconceptions, studentProfile, type Grade } from "@descent/autograd";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { Feedback, HistogramBar, HostSession, ParticipantView, Profile, PublicQuestion, PublicSession } from "../protocol/views.ts";
import { currentQuestion, scoreOf, type AskedQuestion, type SessionState } from "./engine.ts";
import type { LiveSession } from "./service.ts";

const byId = new Map(misconceptions.map((m) => [m.id, m]));

function misconceptionTitle(id: string): string {
  return byId.get(id)?.title ?? id;
}

function barOf(grade: Grade): Omit<HistogramBar, "count"> {
  switch (grade.outcome) {
    case "correct":
      return { key: "correct", label: "Correct", outcome: "correct", misconceptionIds: [] };
    case "unclassified":
      return { key: "unclassified", label: "Not a known pattern", outcome: "unclassified", misconceptionIds: [] };
    case "misconception": {
      const ids = [...grade.ids].sort();
      return { key: ids.join("+"), label: ids.map(misconceptionTitle).join(" / "), outcome: "misconception", misconceptionIds: ids };
    }
  }
}

/** A participant's bugs and slips over the revealed questions. */
export function profileOf(state: SessionState, participantId: string): Profile {
  const grades: { questionId: string; grade: Grade }[] = [];
  for (const q of state.questions.values()) {
    const g = q.status === "revealed" ? q.grades.get(participantId) : undefined;
    if (g) grades.push({ questionId: q.question.id, grade: g });
  }
  const p = studentProfile(grades);
  return {
    bugs: p.bugs.map((id) => ({ id, title: misconceptionTitle(id), count: p.counts[id] ?? 0 })),
    slips: p.slips.map((id) => ({ id, title: misconceptionTitle(id) })),
  };
}

export function histogram(q: AskedQuestion): HistogramBar[] {
  const bars = new Map<string, HistogramBar>();
  bars.set("correct", { ...barOf({ outcome: "correct" }), count: 0 });
  for (const g of q.grades.values()) {
    const bar = barOf(g);
    const existing = bars.get(bar.key);
    if (existing) existing.count++;
    else bars.set(bar.key, { ...bar, count: 1 });
  }
  const order = { correct: 0, misconception: 1, unclassified: 2 } as const;
  return [...bars.values()].sort((a, b) => order[a.outcome] - order[b.outcome] || b.count - a.count || a.key.localeCompare(b.key));
}

function publicQuestion(session: LiveSession, q: AskedQuestion): PublicQuestion {
  return {
    id: q.question.id,
    quantity: q.question.quantity,
    prompt: q.question.prompt,
    accepts: q.question.accepts,
    // From the quantity's shape, never from this question's true value (which may be None or an error).
    vectorLength: session.runtime.vectorLength(q.question.quantity),
    status: q.status,
    deadline: q.deadline,
    remainingMs: q.remainingMs,
    answeredCount: q.answers.size,
    result: q.status === "revealed" && q.truth ? { truth: q.truth, histogram: histogram(q), answered: q.answers.size } : null,
  };
}

export function publicView(session: LiveSession, now: number): PublicSession {
  const { state, runtime } = session;
  const phase = state.phase;
  const cursor = phase.kind === "step" || phase.kind === "question" ? phase.cursor : null;
  const q = currentQuestion(state);
  const status =
    phase.kind === "lobby" ? "lobby" : phase.kind === "ended" ? "ended" : phase.kind === "finished" ? "finished" : "running";
  return {
    protocol: PROTOCOL_VERSION,
    sessionId: state.sessionId,
    code: session.code,
    lesson: { id: runtime.lesson.id, title: runtime.lesson.title, summary: runtime.lesson.summary, source: runtime.lesson.source },
    status,
    locked: state.locked,
    paused: state.paused,
    cursor,
    line: cursor === null ? null : runtime.checkpoint(cursor).line,
    statementLabel: cursor === null ? null : runtime.checkpoint(cursor).label,
    // The rule can state the answer ("p.grad ← None"): the class sees it only once the question is revealed.
    formula: cursor !== null && q?.status === "revealed" ? runtime.formula(cursor) : null,
    statementCount: runtime.statementCount,
    values: runtime.valuesAfter(state.executed),
    graph: runtime.graphAfter(state.executed),
    participants: [...state.participants.values()].filter((p) => !p.kicked).map((p) => ({ id: p.id, nickname: p.nickname })),
    question: q ? publicQuestion(session, q) : null,
    serverNow: now,
  };
}

export function participantView(session: LiveSession, participantId: string): ParticipantView {
  const { state } = session;
  const p = state.participants.get(participantId);
  const q = currentQuestion(state);
  const mine = q?.answers.get(participantId);
  let feedback: Feedback | null = null;
  if (q && q.status === "revealed" && q.truth) {
    const g = q.grades.get(participantId);
    feedback = {
      outcome: g ? g.outcome : "unanswered",
      misconceptions:
        g?.outcome === "misconception"
          ? g.ids.map((id) => ({ id, title: misconceptionTitle(id), studentExplanation: byId.get(id)?.studentExplanation ?? "" }))
          : [],
      truth: q.truth,
    };
  }
  return {
    participantId,
    nickname: p?.nickname ?? "",
    answer: q && mine ? { questionId: q.question.id, answer: mine.answer, confidence: mine.confidence } : null,
    feedback,
    score: scoreOf(state, participantId),
    profile: profileOf(state, participantId),
    kicked: p?.kicked ?? false,
  };
}

export function hostView(session: LiveSession, now: number): HostSession {
  const base = publicView(session, now);
  const { state, runtime } = session;
  const q = currentQuestion(state);
  const cursor = base.cursor;
  return {
    ...base,
    formula: cursor === null ? null : runtime.formula(cursor),
    roster: [...state.participants.values()].map((p) => ({
      id: p.id,
      nickname: p.nickname,
      kicked: p.kicked,
      answered: q?.answers.has(p.id) ?? false,
      profile: profileOf(state, p.id),
    })),
    suggestions:
      cursor === null
        ? []
        : runtime
            .suggestions(cursor)
            .map((s) => ({ quantity: s.quantity, prompt: s.prompt, isDefault: s.isDefault, related: s.related, asked: state.questions.has(s.questionId) })),
    preview: q ? runtime.truth(q.question) : null,
    teacherNotes: runtime.lesson.teacherNotes,
    joinPath: `/join/${session.code}`,
  };
}

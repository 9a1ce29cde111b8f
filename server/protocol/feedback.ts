/**
 * A student's feedback, score and profile, from what a reveal broadcasts to everyone and the student's own answer.
 * Pure and shared: the server builds a participant's view with it (from the grade it stored), and the student's
 * browser applies each reveal with it (grading its own answer against the broadcast key with the same `grade` of
 * `@descent/autograd`), so a reveal costs one broadcast rather than a message per student. The server's stored
 * grade stays the authority for scores and reports; a reload shows it.
 */
import { grade, studentProfile, type Answer, type Grade, type Value } from "@descent/autograd";
import { questionIdOf } from "./ask-id";
import type { AnswerInput } from "./events";
import type { Feedback, HistoryEntry, LessonInfo, ParticipantView, Profile, PublicQuestion } from "./views";

export type Explanations = LessonInfo["explanations"];

function describe(id: string, explanations: Explanations): { title: string; studentExplanation: string } {
  return Object.hasOwn(explanations, id) ? explanations[id]! : { title: id, studentExplanation: "" };
}

/** The grade of `answer` by the key a reveal broadcasts (null: the student did not answer). */
export function gradeByReveal(result: NonNullable<PublicQuestion["result"]>, answer: AnswerInput | null): Grade | null {
  if (answer === null) return null;
  return grade({ questionId: "", truth: result.truth, mutants: result.mutants }, answer as Answer);
}

export function feedbackOf(g: Grade | null, truth: Value, explanations: Explanations): Feedback {
  return {
    outcome: g ? g.outcome : "unanswered",
    misconceptions: g?.outcome === "misconception" ? g.ids.map((id) => ({ id, ...describe(id, explanations) })) : [],
    truth,
  };
}

/** The grade a feedback shows (null: unanswered). */
export function gradeOfFeedback(f: Feedback): Grade | null {
  switch (f.outcome) {
    case "unanswered":
      return null;
    case "misconception":
      return { outcome: "misconception", ids: f.misconceptions.map((m) => m.id) };
    default:
      return { outcome: f.outcome };
  }
}

/**
 * Bugs (a misconception on two or more questions) and slips (on one), from a participant's grades (`questionId`:
 * the question, whatever the round), with each misconception's title.
 */
export function profileFromGrades(grades: { questionId: string; grade: Grade }[], titleOf: (id: string) => string): Profile {
  const p = studentProfile(grades);
  return {
    bugs: p.bugs.map((id) => ({ id, title: titleOf(id), count: p.counts[id] ?? 0 })),
    slips: p.slips.map((id) => ({ id, title: titleOf(id) })),
  };
}

/** A participant's profile over their history (titles from the feedback itself). */
export function profileOf(history: readonly HistoryEntry[]): Profile {
  const grades: { questionId: string; grade: Grade }[] = [];
  const titles = new Map<string, string>();
  for (const h of history) {
    const g = gradeOfFeedback(h.feedback);
    // A revote of the same question shows the same thing again: it counts once.
    if (g) grades.push({ questionId: questionIdOf(h.questionId), grade: g });
    for (const m of h.feedback.misconceptions) titles.set(m.id, m.title);
  }
  return profileFromGrades(grades, (id) => titles.get(id) ?? id);
}

/** Correct, answered and asked, over a participant's history (every revealed question they were there for). */
export function scoreOf(history: readonly HistoryEntry[]): ParticipantView["score"] {
  let correct = 0;
  let answered = 0;
  for (const h of history) {
    if (h.answer !== null) answered++;
    if (h.feedback.outcome === "correct") correct++;
  }
  return { correct, answered, asked: history.length };
}

/** A participant's view as question `q` opens: in a peer instruction revote, their answer to the first vote. */
export function withQuestion(you: ParticipantView, q: PublicQuestion): ParticipantView {
  if (q.firstVote === null || you.answer?.questionId !== q.firstVote) return you;
  return { ...you, firstAnswer: you.answer.answer };
}

/**
 * A participant's view once question `q` is revealed, computed by their own browser. A question that was already
 * open when they joined counts only if they answered it (as on the server); a reveal seen twice changes nothing.
 */
export function withReveal(you: ParticipantView, q: PublicQuestion, explanations: Explanations): ParticipantView {
  if (q.status !== "revealed" || !q.result || you.history.some((h) => h.questionId === q.id)) return you;
  const all = { ...explanations, ...q.result.explanations };
  const entry = (questionId: string, round: number, mine: AnswerInput | null): HistoryEntry => ({
    questionId,
    prompt: q.prompt,
    round,
    answer: mine,
    feedback: feedbackOf(gradeByReveal(q.result!, mine), q.result!.truth, all),
  });
  const history = [...you.history];
  // A peer instruction revote reveals its first vote too: the student's first answer is graded by the same key.
  const first = q.result.first;
  if (first && !history.some((h) => h.questionId === first.id) && (you.firstAnswer !== null || first.openedAt >= you.joinedAt)) {
    history.push(entry(first.id, Math.max(1, q.round - 1), you.firstAnswer));
  }
  const mine = you.answer?.questionId === q.id ? you.answer.answer : null;
  if (mine === null && q.openedAt < you.joinedAt) {
    return history.length === you.history.length ? you : { ...you, history, score: scoreOf(history), profile: profileOf(history) };
  }
  const e = entry(q.id, q.round, mine);
  history.push(e);
  return { ...you, feedback: e.feedback, history, score: scoreOf(history), profile: profileOf(history) };
}

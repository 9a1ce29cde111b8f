/** The tables of the teacher's reports (server components: student text is rendered as text, never as markup). */
import Link from "next/link";
import { misconceptions } from "@descent/autograd";
import { Prompt } from "@/app/_components/Prompt";
import type { Report } from "@/server/reports/stats";
import { MisconceptionChart } from "./MisconceptionChart";

const FAMILY_ORDER = { zero_grad: 0, update: 1, calculus: 2, autograd: 3 } as const;
const library = new Map(misconceptions.map((m) => [m.id, m]));
export const titleOf = (id: string) => library.get(id)?.title ?? (id.startsWith("known:") ? `Known mistake: ${id.slice(6)}` : id);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const NAMES_SHOWN = 25;

/** Misconceptions first (the `zero_grad` family first): bug and slip counts, where they showed, who holds them. */
export function MisconceptionsSection({ report, studentHref }: { report: Report; studentHref?: (student: string) => string | null }) {
  const labels = new Map(report.students.map((s) => [s.student, s.label]));
  const prompts = new Map(Object.entries(report.prompts));
  const stats = [...report.misconceptions].sort((a, b) => {
    const fa = FAMILY_ORDER[library.get(a.id)?.family ?? "autograd"];
    const fb = FAMILY_ORDER[library.get(b.id)?.family ?? "autograd"];
    return fa - fb || b.bugStudents.length - a.bugStudents.length || b.slipStudents.length - a.slipStudents.length;
  });
  const name = (s: string) => {
    const href = studentHref?.(s);
    const label = labels.get(s) ?? s;
    return href ? (
      <Link key={s} href={href} className="underline">
        {label}
      </Link>
    ) : (
      <span key={s}>{label}</span>
    );
  };
  /** Up to NAMES_SHOWN names, then a count (the students table has everyone). */
  const names = (list: string[]) => {
    if (list.length === 0) return "none";
    const shown = list.slice(0, NAMES_SHOWN).map(name);
    const parts = shown.flatMap((n, i) => (i ? [", ", n] : [n]));
    return list.length > NAMES_SHOWN ? [...parts, ` and ${list.length - NAMES_SHOWN} more`] : parts;
  };
  return (
    <section aria-labelledby="misconceptions-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
      <h2 id="misconceptions-heading" className="text-xl font-semibold">
        Misconceptions
      </h2>
      <p className="text-sm text-slate-700">A misconception seen on two or more questions is a bug; once, a slip. The zero_grad family comes first.</p>
      {stats.length === 0 ? (
        <p className="mt-3 text-slate-700">No misconception has shown up yet.</p>
      ) : (
        <>
          <MisconceptionChart bars={stats.map((m) => ({ title: titleOf(m.id), bugs: m.bugStudents.length, slips: m.slipStudents.length }))} />
          <table className="mt-3 w-full text-left text-sm" data-testid="misconception-table">
            <caption className="sr-only">Misconceptions: students holding each as a bug and as a slip</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col">Misconception</th>
                <th scope="col">Family</th>
                <th scope="col">Bug</th>
                <th scope="col">Slip</th>
                <th scope="col">Trend (share of answers per session)</th>
                <th scope="col">Who and where</th>
              </tr>
            </thead>
            <tbody>
              {stats.map((m) => (
                <tr key={m.id} className="border-b border-slate-200 align-top" data-misconception={m.id}>
                  <th scope="row" className="py-1 pr-2 font-medium">
                    {titleOf(m.id)}
                  </th>
                  <td>{library.get(m.id)?.family ?? "lesson"}</td>
                  <td className="tabular-nums" data-bugs>
                    {m.bugStudents.length}
                  </td>
                  <td className="tabular-nums" data-slips>
                    {m.slipStudents.length}
                  </td>
                  <td className="tabular-nums">{m.trend.map((t) => pct(t.share)).join(" → ")}</td>
                  <td>
                    <details>
                      <summary className="cursor-pointer text-descent-700">
                        Students and questions ({m.bugStudents.length + m.slipStudents.length}, {m.questions.length})
                      </summary>
                      <p>Bug: {names(m.bugStudents)}</p>
                      <p>Slip: {names(m.slipStudents)}</p>
                      <ul className="list-disc pl-5">
                        {m.questions.map((q) => (
                          <li key={q}>
                            <Prompt text={prompts.get(q) ?? q} />
                          </li>
                        ))}
                      </ul>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Per question asked: difficulty, discrimination, distribution, and the confident-and-wrong. */
export function QuestionsSection({ report, lastSessions }: { report: Report; lastSessions?: number }) {
  // A term of sessions asks hundreds of questions: the dashboard lists the latest sessions' (each session's report
  // and the CSV have all of them).
  const sessionIds = [...new Set(report.questions.map((q) => q.sessionId))];
  const shown = new Set(lastSessions === undefined ? sessionIds : sessionIds.slice(-lastSessions));
  const stats = report.questions.filter((q) => shown.has(q.sessionId)).reverse();
  return (
    <section aria-labelledby="questions-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
      <h2 id="questions-heading" className="text-xl font-semibold">
        Questions
      </h2>
      {shown.size < sessionIds.length && (
        <p className="text-sm text-slate-700">
          The questions of the latest {shown.size} of {sessionIds.length} sessions, newest first (each session&apos;s report has the rest).
        </p>
      )}
      <p className="text-sm text-slate-700">
        Discrimination: how well the question separates stronger from weaker students (the correlation of its score with each student&apos;s score on
        the session&apos;s other questions; near 0 or below, look at the question).
      </p>
      <table className="mt-3 w-full text-left text-sm" data-testid="question-table">
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col">Question</th>
            <th scope="col">Truth</th>
            <th scope="col">Answered</th>
            <th scope="col">Correct</th>
            <th scope="col">Discrimination</th>
            <th scope="col">Confident and wrong</th>
            <th scope="col">Answers</th>
          </tr>
        </thead>
        <tbody>
          {stats.map((q) => {
            return (
              <tr key={q.key} className="border-b border-slate-200 align-top" data-question={q.questionId}>
                <th scope="row" className="py-1 pr-2 font-normal">
                  <Prompt text={q.prompt} />
                  {q.questionId.includes("#") && <span className="ml-1 text-slate-600">(revote)</span>}
                  <span className="block text-xs text-slate-600">{q.startedAt.slice(0, 10)}</span>
                </th>
                <td className="font-mono">{q.truth}</td>
                <td className="tabular-nums">{q.answered}</td>
                <td className="tabular-nums" data-correct>
                  {q.correct} ({pct(q.accuracy)})
                </td>
                <td className="tabular-nums">{q.discrimination === null ? "—" : q.discrimination.toFixed(2)}</td>
                <td className={`tabular-nums ${q.confidentWrong > 0 ? "font-semibold text-red-800" : ""}`}>
                  {q.confidentWrong}
                  <span className="block text-xs font-normal text-slate-700">
                    {(["high", "medium", "low", "none"] as const)
                      .filter((c) => q.calibration[c])
                      .map((c) => `${c === "none" ? "not said" : c}: ${q.calibration[c]!.correct}✓ ${q.calibration[c]!.wrong}✗`)
                      .join(" · ")}
                  </span>
                </td>
                <td>
                  {Object.entries(q.outcomes)
                    .sort((a, b) => b[1] - a[1])
                    .map(([id, n]) => `${id === "correct" ? "correct" : id === "unclassified" ? "not a known pattern" : titleOf(id)} × ${n}`)
                    .join("; ")}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Questions voted on twice (peer instruction, or "vote again"): correct before and after, and from each answer of
 * the first vote, how many moved to the truth.
 */
export function ShiftSection({ report, lastSessions }: { report: Report; lastSessions?: number }) {
  if (report.shifts.length === 0) return null;
  const sessionIds = [...new Set(report.shifts.map((q) => q.sessionId))];
  const shown = new Set(lastSessions === undefined ? sessionIds : sessionIds.slice(-lastSessions));
  const rows = report.shifts.filter((q) => shown.has(q.sessionId)).reverse();
  return (
    <section aria-labelledby="shift-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
      <h2 id="shift-heading" className="text-xl font-semibold">
        Peer instruction: how answers moved
      </h2>
      <p className="text-sm text-slate-700">Students who answered both votes of a question: their first answer, and how many of them moved to the truth.</p>
      <table className="mt-3 w-full text-left text-sm" data-testid="shift-table">
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col">Question</th>
            <th scope="col">Voted twice</th>
            <th scope="col">Correct: first → second</th>
            <th scope="col">Moved to the truth, by first answer</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((q) => (
            <tr key={q.key} className="border-b border-slate-200 align-top" data-shift-question={q.questionId}>
              <th scope="row" className="py-1 pr-2 font-normal">
                <Prompt text={report.prompts[q.key] ?? q.questionId} />
                <span className="block text-xs text-slate-600">{q.startedAt.slice(0, 10)}</span>
              </th>
              <td className="tabular-nums">{q.pairs}</td>
              <td className="tabular-nums" data-correct-shift>
                {q.firstCorrect} → {q.secondCorrect}
              </td>
              <td>
                {q.rows
                  .filter((r) => r.outcome !== "correct")
                  .map((r) => `${r.label}: ${r.toTruth} of ${r.before}`)
                  .join("; ") || "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Per student: accuracy, bugs, slips and sessions attended. */
export function StudentsSection({
  report,
  studentHref,
  answers,
}: {
  report: Report;
  studentHref?: (student: string) => string | null;
  /** In a session's report: each student's answers, listed under their name. */
  answers?: Map<string, { key: string; prompt: string; answer: string; outcome: string }[]>;
}) {
  const labels = new Map(report.students.map((s) => [s.student, s.label]));
  const stats = [...report.students].sort((a, b) => a.label.localeCompare(b.label));
  return (
    <section aria-labelledby="students-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
      <h2 id="students-heading" className="text-xl font-semibold">
        Students
      </h2>
      <table className="mt-3 w-full text-left text-sm" data-testid="student-table">
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col">Student</th>
            <th scope="col">Correct</th>
            <th scope="col">Bugs</th>
            <th scope="col">Slips</th>
            <th scope="col">Sessions</th>
          </tr>
        </thead>
        <tbody>
          {stats.map((s) => {
            const href = studentHref?.(s.student);
            const label = labels.get(s.student) ?? s.student;
            return (
              <tr key={s.student} className="border-b border-slate-200 align-top" data-student={label}>
                <th scope="row" className="py-1 pr-2 font-medium">
                  {href ? (
                    <Link href={href} className="underline">
                      {label}
                    </Link>
                  ) : (
                    label
                  )}
                  {answers?.get(s.student) && (
                    <details className="font-normal">
                      <summary className="cursor-pointer text-xs text-descent-700">Answers</summary>
                      <ul className="text-xs">
                        {answers.get(s.student)!.map((a) => (
                          <li key={a.key}>
                            <Prompt text={a.prompt} /> <span className="font-mono">{a.answer}</span> — {a.outcome}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </th>
                <td className="tabular-nums">
                  {s.correct} of {s.answered} ({pct(s.accuracy)})
                </td>
                <td>{s.bugs.map(titleOf).join("; ") || "—"}</td>
                <td>{s.slips.map(titleOf).join("; ") || "—"}</td>
                <td className="tabular-nums">{s.sessions}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

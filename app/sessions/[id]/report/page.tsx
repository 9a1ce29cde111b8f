import type { Metadata } from "next";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { MisconceptionsSection, QuestionsSection, ShiftSection, StudentsSection, titleOf } from "@/app/_components/reports/Tables";
import { formatAnswer } from "@/app/_lib/format";
import { loadRows } from "@/server/reports/data";
import { HOST_COOKIE } from "@/server/protocol/cookies";
import { report as loadReport } from "@/server/reports/summary";
import { services } from "@/server/runtime";

export const metadata: Metadata = { title: "Session report" };

/**
 * A session's report: for its teacher (signed in), or for the browser that hosted it without an account (while
 * its cookie lasts). Not for devices given the host link: they run the lecture, not see students' records.
 */
export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db, sessions } = services();
  const session = /^[A-Za-z0-9_-]{8,64}$/.test(id) ? await sessions.byId(id) : null;
  if (!session || !(await sessions.canManageHosts(session, (await cookies()).get(HOST_COOKIE)?.value, await headers()))) notFound();
  const report = await loadReport(db, sessions.catalog, { id });
  // One session is small: its answers are listed under each student.
  const answers = new Map<string, { key: string; prompt: string; answer: string; outcome: string }[]>();
  for (const r of await loadRows(db, sessions.catalog, { sessionId: id })) {
    const outcome = !r.grade ? "not revealed" : r.grade.outcome === "misconception" ? r.grade.ids.map(titleOf).join("; ") : r.grade.outcome === "correct" ? "correct" : "not a known pattern";
    const list = answers.get(r.student) ?? [];
    list.push({ key: r.questionId, prompt: r.prompt, answer: formatAnswer(r.answer), outcome });
    answers.set(r.student, list);
  }
  const joined = await db.participant.count({ where: { sessionId: id } });
  const answering = report.students.length;
  const studentHref = (s: string) => (session.classId && !s.startsWith("participant:") ? `/classes/${session.classId}/students/${s}` : null);
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-5 py-6">
      <Link href={session.teacherId ? "/dashboard" : `/host/${id}`} className="text-sm font-semibold text-descent-700 underline">
        ← {session.teacherId ? "Dashboard" : "Host console"}
      </Link>
      <div>
        <p className="text-sm font-semibold text-slate-600">Session report · {session.runtime.lesson.title}</p>
        <h1 className="text-3xl font-bold">Session {session.code}</h1>
        <p className="mt-1 text-slate-700" data-testid="participation">
          {joined} joined, {answering} answered at least one question; {session.state.questions.size} questions asked
          {session.state.phase.kind === "ended" ? "; ended." : "; still running."}
        </p>
        {session.teacherId && (
          <div className="mt-3 flex flex-wrap gap-3">
            <a href={`/api/export/session/${id}`} className="btn-secondary">
              Download answers (CSV)
            </a>
            <a href={`/api/export/session/${id}?kind=students`} className="btn-secondary">
              Download students (CSV)
            </a>
          </div>
        )}
      </div>
      <QuestionsSection report={report} />
      <ShiftSection report={report} />
      <MisconceptionsSection report={report} studentHref={studentHref} />
      <StudentsSection report={report} studentHref={studentHref} answers={answers} />
    </main>
  );
}

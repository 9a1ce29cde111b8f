import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { formatValue } from "@descent/autograd";
import { Prompt } from "@/app/_components/Prompt";
import { titleOf } from "@/app/_components/reports/Tables";
import { TeacherBar } from "@/app/_components/TeacherBar";
import { formatAnswer } from "@/app/_lib/format";
import { loadRows, ownedStudent } from "@/server/reports/data";
import { studentStats } from "@/server/reports/stats";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";

export const metadata: Metadata = { title: "Student" };

export default async function StudentPage({ params }: { params: Promise<{ id: string; studentId: string }> }) {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  const { id, studentId } = await params;
  const { db, sessions } = services();
  const student = /^[A-Za-z0-9_-]{8,64}$/.test(studentId) ? await ownedStudent(db, teacher.id, studentId) : null;
  if (!student || student.classId !== id) notFound();
  const rows = await loadRows(db, sessions.catalog, { participant: { studentId } });
  const stats = studentStats(rows)[0];
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-5 py-6">
      <TeacherBar teacher={teacher} />
      <div>
        <p className="text-sm font-semibold text-slate-600">{student.class.name}</p>
        <h1 className="text-3xl font-bold">{student.identifier}</h1>
        {stats && (
          <p className="mt-2 text-slate-700">
            {stats.correct} of {stats.answered} correct over {stats.sessions} session{stats.sessions === 1 ? "" : "s"}. Bugs:{" "}
            {stats.bugs.map(titleOf).join("; ") || "none"}. Slips: {stats.slips.map(titleOf).join("; ") || "none"}.
          </p>
        )}
        <a href={`/api/export/student/${student.id}`} className="btn-secondary mt-3 inline-block">
          Download answers (CSV)
        </a>
      </div>
      <table className="w-full text-left text-sm">
        <caption className="text-left font-semibold">Every answer</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col">When</th>
            <th scope="col">Question</th>
            <th scope="col">Answer</th>
            <th scope="col">Truth</th>
            <th scope="col">What it shows</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.sessionId}/${r.questionId}`} className="border-b border-slate-200 align-top">
              <td>
                {r.startedAt.slice(0, 10)}
                {r.mode !== "live" && <span className="block text-xs text-slate-700">{r.mode === "practice" ? "assignment (practice)" : "assignment"}, variant {r.variant}</span>}
              </td>
              <th scope="row" className="font-normal">
                <Prompt text={r.prompt} />
              </th>
              <td className="font-mono">{formatAnswer(r.answer)}</td>
              <td className="font-mono">{r.truth ? formatValue(r.truth) : ""}</td>
              <td>{r.grade ? (r.grade.outcome === "misconception" ? r.grade.ids.map(titleOf).join("; ") : r.grade.outcome) : "not revealed"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

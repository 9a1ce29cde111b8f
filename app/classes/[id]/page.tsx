import type { Metadata } from "next";
import Link from "next/link";
import { MisconceptionsSection, QuestionsSection, ShiftSection, StudentsSection } from "@/app/_components/reports/Tables";
import { SessionLink } from "@/app/_components/reports/SessionLink";
import { TeacherBar } from "@/app/_components/TeacherBar";
import { report as loadReport } from "@/server/reports/summary";
import { services } from "@/server/runtime";
import { teacherAndClass } from "@/server/teacher";

export const metadata: Metadata = { title: "Class" };

export default async function ClassPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { teacher, cls } = await teacherAndClass(id);
  const { db, sessions } = services();
  const [report, list, assignments] = await Promise.all([
    loadReport(db, sessions.catalog, { classId: id }),
    db.session.findMany({ where: { classId: id, teacherId: teacher.id }, orderBy: { createdAt: "desc" }, include: { _count: { select: { participants: true } } } }),
    db.assignment.findMany({ where: { classId: id, teacherId: teacher.id }, orderBy: { createdAt: "desc" }, include: { _count: { select: { works: true } } } }),
  ]);
  const studentHref = (s: string) => (s.startsWith("participant:") ? null : `/classes/${id}/students/${s}`);
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-5 py-6">
      <TeacherBar teacher={teacher} />
      <div>
        <p className="text-sm font-semibold text-slate-600">Class</p>
        <h1 className="text-3xl font-bold">{cls.name}</h1>
        <p className="text-slate-700">
          {cls.identify === "name" ? "Students join with their name or student ID: their answers are followed across sessions." : "Students join with a nickname (pseudonymous, per session)."}
        </p>
        <div className="mt-3 flex flex-wrap gap-3">
          <Link href={`/host?class=${cls.id}`} className="btn-primary">
            Host a lesson for this class
          </Link>
          <Link href={`/classes/${cls.id}/assign`} className="btn-primary">
            Assign a lesson
          </Link>
          <a href={`/api/export/class/${cls.id}`} className="btn-secondary">
            Download answers (CSV)
          </a>
          <a href={`/api/export/class/${cls.id}?kind=students`} className="btn-secondary">
            Download students (CSV)
          </a>
        </div>
      </div>
      <section aria-labelledby="class-assignments" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
        <h2 id="class-assignments" className="text-xl font-semibold">
          Assignments
        </h2>
        {assignments.length === 0 ? (
          <p className="text-slate-700">None yet: assign a lesson as homework, each student on numbers of their own.</p>
        ) : (
          <ul className="mt-2 flex flex-col gap-1">
            {assignments.map((a) => (
              <li key={a.id}>
                <Link href={`/classes/${cls.id}/assignments/${a.id}`} className="underline">
                  {a.title}
                </Link>{" "}
                <span className="text-sm text-slate-700">
                  · {a._count.works} started{a.closesAt ? ` · closes ${a.closesAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <MisconceptionsSection report={report} studentHref={studentHref} />
      <QuestionsSection report={report} lastSessions={5} />
      <ShiftSection report={report} lastSessions={5} />
      <StudentsSection report={report} studentHref={studentHref} />
      <section aria-labelledby="class-sessions" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
        <h2 id="class-sessions" className="text-xl font-semibold">
          Sessions
        </h2>
        <ul className="mt-2 flex flex-col gap-1">
          {list.map((s) => (
            <li key={s.id}>
              <SessionLink id={s.id} createdAt={s.createdAt} lessonId={s.lessonId} />{" "}
              <span className="text-sm text-slate-700">· {s._count.participants} joined</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

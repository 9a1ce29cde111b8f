import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { MisconceptionsSection, ShiftSection } from "@/app/_components/reports/Tables";
import { SessionLink } from "@/app/_components/reports/SessionLink";
import { TeacherBar } from "@/app/_components/TeacherBar";
import { report as loadReport } from "@/server/reports/summary";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { NewClassForm } from "./NewClassForm";

export const metadata: Metadata = { title: "Dashboard" };

export default async function Dashboard() {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  const { db, sessions } = services();
  const [classes, recent] = await Promise.all([
    db.class.findMany({ where: { teacherId: teacher.id }, orderBy: { createdAt: "desc" }, include: { _count: { select: { sessions: true, students: true } } } }),
    db.session.findMany({ where: { teacherId: teacher.id }, orderBy: { createdAt: "desc" }, take: 20, include: { class: true, _count: { select: { participants: true } } } }),
  ]);
  const report = await loadReport(db, sessions.catalog, { teacherId: teacher.id });
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-5 py-6">
      <TeacherBar teacher={teacher} />
      <h1 className="text-3xl font-bold">Dashboard</h1>
      <MisconceptionsSection report={report} />
      <ShiftSection report={report} lastSessions={5} />
      <section aria-labelledby="classes-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
        <h2 id="classes-heading" className="text-xl font-semibold">
          Your classes
        </h2>
        {classes.length === 0 ? (
          <p className="mt-2 text-slate-700">No class yet: create one, then host a lesson into it.</p>
        ) : (
          <ul className="mt-2 flex flex-col gap-1">
            {classes.map((c) => (
              <li key={c.id}>
                <Link href={`/classes/${c.id}`} className="font-semibold text-descent-700 underline">
                  {c.name}
                </Link>{" "}
                <span className="text-sm text-slate-700">
                  · {c._count.sessions} sessions · {c.identify === "name" ? `${c._count.students} students by name` : "nicknames"}
                </span>
              </li>
            ))}
          </ul>
        )}
        <h3 className="mt-4 font-semibold">New class</h3>
        <NewClassForm />
      </section>
      <section aria-labelledby="sessions-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
        <h2 id="sessions-heading" className="text-xl font-semibold">
          Your sessions
        </h2>
        {recent.length === 0 ? (
          <p className="mt-2 text-slate-700">
            None yet. <Link href="/host" className="underline">Host a lesson</Link> while signed in and it is kept here.
          </p>
        ) : (
          <ul className="mt-2 flex flex-col gap-1">
            {recent.map((s) => (
              <li key={s.id}>
                <SessionLink id={s.id} createdAt={s.createdAt} lessonId={s.lessonId} />{" "}
                <span className="text-sm text-slate-700">
                  · {s.class?.name ?? "no class"} · {s._count.participants} joined · {s.endedAt ? "ended" : <Link href={`/host/${s.id}`} className="underline">open the console</Link>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

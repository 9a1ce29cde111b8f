import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Prompt } from "@/app/_components/Prompt";
import { TeacherBar } from "@/app/_components/TeacherBar";
import { formatAnswer, formatValue } from "@/app/_lib/format";
import { publicOrigin, qrSvg } from "@/app/_lib/urls";
import { windowOf } from "@/server/assignments/service";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { setAssignmentOpen } from "@/server/teacher-actions";
import { getMisconception } from "@descent/autograd";

export const metadata: Metadata = { title: "Assignment" };

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";

/** An assignment's link and QR code, and every student's progress, mastery, answers and misconceptions. */
export default async function AssignmentResultsPage({ params }: { params: Promise<{ id: string; assignmentId: string }> }) {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  const { id, assignmentId } = await params;
  const { db, works } = services();
  const ok = /^[A-Za-z0-9_-]{8,64}$/;
  // Another teacher's assignment does not exist.
  const owned = ok.test(id) && ok.test(assignmentId) ? await db.assignment.findFirst({ where: { id: assignmentId, classId: id, teacherId: teacher.id }, include: { class: true } }) : null;
  if (!owned) notFound();
  const results = await works.results(assignmentId);
  if (!results) notFound();
  const { assignment: a, concepts, students } = results;
  const link = `${await publicOrigin()}/a/${a.slug}`;
  const qr = await qrSvg(link);
  const state = windowOf(a, Date.now());
  const finished = students.filter((s) => s.phase === "done").length;
  const tally = new Map<string, { bug: number; slip: number }>();
  for (const s of students) for (const m of s.misconceptions) {
    const t = tally.get(m.id) ?? { bug: 0, slip: 0 };
    t[m.kind]++;
    tally.set(m.id, t);
  }
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-5 py-6">
      <TeacherBar teacher={teacher} />
      <div>
        <p className="text-sm font-semibold text-slate-600">
          <Link href={`/classes/${owned.class.id}`} className="underline">
            {owned.class.name}
          </Link>{" "}
          · assignment
        </p>
        <h1 className="text-3xl font-bold">{a.title}</h1>
        <p className="text-slate-700">
          {state === "open" ? "Open" : state === "closed" ? "Closed" : "Not open yet"}
          {a.opensAt && ` · opens ${when(a.opensAt)}`}
          {a.closesAt && ` · closes ${when(a.closesAt)}`} · {results.questions} questions ·{" "}
          {a.attempts === null ? "practice (unlimited retries)" : `${a.attempts} attempt${a.attempts === 1 ? "" : "s"}`} · mastery: {a.mastery} in a row
        </p>
      </div>
      <section aria-labelledby="share-heading" className="flex flex-col gap-4 rounded-2xl bg-white p-5 ring-1 ring-slate-200 sm:flex-row sm:items-center">
        <div className="h-40 w-40 shrink-0" role="img" aria-label={`QR code of the link ${link}`} dangerouslySetInnerHTML={{ __html: qr }} />
        <div className="min-w-0">
          <h2 id="share-heading" className="text-xl font-semibold">
            Share with the class
          </h2>
          <p className="mt-1 break-all font-mono text-lg" data-testid="assignment-link">
            {link}
          </p>
          <p className="mt-1 text-slate-700">Students open the link (or scan the code) on a phone or laptop; no account needed.</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <a href={`/api/export/assignment/${a.id}`} className="btn-secondary">
              Download answers (CSV)
            </a>
            <form action={setAssignmentOpen}>
              <input type="hidden" name="assignmentId" value={a.id} />
              <input type="hidden" name="open" value={state === "open" ? "0" : "1"} />
              <button type="submit" className="btn-secondary">
                {state === "open" ? "Close it now" : "Open it now"}
              </button>
            </form>
          </div>
        </div>
      </section>
      <section aria-labelledby="progress-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
        <h2 id="progress-heading" className="text-xl font-semibold">
          Students
        </h2>
        <p className="text-slate-700">
          {students.length} started · {finished} finished
        </p>
        {students.length > 0 && (
          <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label="Students' progress">
            <table className="w-full text-left text-sm" data-testid="assignment-students">
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col">Student</th>
                  <th scope="col">Progress</th>
                  {concepts.map((c) => (
                    <th scope="col" key={c.id}>
                      {c.title}
                    </th>
                  ))}
                  <th scope="col">Misconceptions</th>
                </tr>
              </thead>
              <tbody>
                {students.map((s) => (
                  <tr key={s.workId} className="border-b border-slate-200 align-top" data-student={s.label}>
                    <th scope="row" className="py-1 pr-2 font-medium">
                      {s.studentId ? (
                        <Link href={`/classes/${owned.class.id}/students/${s.studentId}`} className="underline">
                          {s.label}
                        </Link>
                      ) : (
                        s.label
                      )}
                    </th>
                    <td className="pr-2">
                      {s.phase === "done" ? "finished" : "working"} · {s.correct}/{s.answered} correct
                    </td>
                    {concepts.map((c) => (
                      <td key={c.id} className="pr-2" data-concept={c.id}>
                        {s.mastered.includes(c.id) ? "✓ mastered" : `${s.streak[c.id] ?? 0}/${a.mastery}`}
                      </td>
                    ))}
                    <td>
                      {s.misconceptions.length === 0
                        ? "—"
                        : s.misconceptions.map((m) => (
                            <span key={m.id} className="block">
                              {m.title} ({m.kind === "bug" ? `bug: on ${m.variants} variants` : "slip: once"})
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {tally.size > 0 && (
        <section aria-labelledby="mis-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
          <h2 id="mis-heading" className="text-xl font-semibold">
            Misconceptions in this assignment
          </h2>
          <ul className="mt-2 flex flex-col gap-2">
            {[...tally].map(([mid, t]) => (
              <li key={mid}>
                <strong>{getMisconception(mid)?.title ?? mid}</strong>: {t.bug} student{t.bug === 1 ? "" : "s"} as a bug (seen on two or more variants), {t.slip} as a slip
                <p className="text-sm text-slate-700">{getMisconception(mid)?.teacherNote}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {students.some((s) => s.answers.length > 0) && (
        <section aria-labelledby="answers-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
          <h2 id="answers-heading" className="text-xl font-semibold">
            Answers
          </h2>
          {students.map((s) => (
            <details key={s.workId} className="mt-2">
              <summary className="cursor-pointer font-semibold">
                {s.label} ({s.answers.length})
              </summary>
              <ol className="mt-1 flex flex-col gap-1 pl-4 text-sm">
                {s.answers.map((x, i) => (
                  <li key={i}>
                    <Prompt text={x.prompt} /> <span className="text-slate-700">(variant {x.variant})</span>: <span className="font-mono">{formatAnswer(x.answer)}</span>{" "}
                    — truth <span className="font-mono">{x.truth ? formatValue(x.truth) : ""}</span> —{" "}
                    {x.grade.outcome === "misconception" ? x.grade.ids.map((m) => getMisconception(m)?.title ?? m).join("; ") : x.grade.outcome}
                  </li>
                ))}
              </ol>
            </details>
          ))}
        </section>
      )}
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { lessons } from "@descent/autograd";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { ClassChoice } from "./ClassChoice";
import { StartButton } from "./StartButton";

export const metadata: Metadata = { title: "Lesson library" };

export default async function LessonLibrary({ searchParams }: { searchParams: Promise<{ class?: string }> }) {
  const teacher = await currentTeacher();
  const classes = teacher ? await services().db.class.findMany({ where: { teacherId: teacher.id }, orderBy: { createdAt: "desc" }, select: { id: true, name: true } }) : [];
  const own = teacher
    ? await services().db.teacherLesson.findMany({ where: { teacherId: teacher.id }, orderBy: { updatedAt: "desc" }, select: { id: true, lessonId: true, title: true, updatedAt: true } })
    : [];
  const wanted = (await searchParams).class;
  const chosen = classes.some((c) => c.id === wanted) ? wanted : undefined;
  return (
    <main className="mx-auto max-w-4xl px-5 py-10">
      <Link href="/" className="text-sm font-semibold text-descent-700 underline">
        ← Descent
      </Link>
      <h1 className="mt-3 text-3xl font-bold">Lesson library</h1>
      <p className="mt-2 text-slate-700">
        Pick a lesson to host. You will get a join code, a link and a QR code for your class, a control view for you and
        a projector view for the big screen. No account needed: this browser keeps the host key.
        {teacher ? " Signed in, the session is yours: its report stays on your dashboard." : ""}
      </p>
      {teacher && <ClassChoice classes={classes} initial={chosen ?? null} />}
      <ol className="mt-8 flex flex-col gap-5">
        {lessons.map((lesson, i) => (
          <li key={lesson.id} className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div className="max-w-2xl">
                <p className="text-sm font-semibold text-slate-600">Lesson {i + 1}</p>
                <h2 id={`lesson-${lesson.id}`} className="text-xl font-semibold">
                  {lesson.title}
                </h2>
                <p className="mt-2 text-slate-700">{lesson.summary}</p>
              </div>
              <StartButton lessonId={lesson.id} describedBy={`lesson-${lesson.id}`} />
            </div>
            <details className="mt-4">
              {/* The teaching notes state answers: they are shown only in the host console of a session. */}
              <summary className="cursor-pointer text-sm font-semibold text-descent-700">The code</summary>
              <pre tabIndex={0} className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs leading-5 text-slate-100">
                {lesson.source.join("\n")}
              </pre>
            </details>
          </li>
        ))}
      </ol>

      <section aria-labelledby="code-heading" className="mt-10 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h2 id="code-heading" className="text-xl font-semibold">
          Your lessons
        </h2>
        <p className="mt-2 text-slate-700">
          Paste or type a PyTorch training loop: Descent runs it line by line, shows every value, and offers each line&apos;s
          quantities as questions with how well each tells misconceptions apart. Save it to host it live or assign it.
        </p>
        <Link href="/host/code" className="btn-primary mt-4 inline-block">
          New lesson from PyTorch code
        </Link>
        {!teacher ? (
          <p className="mt-4 text-slate-700">
            <Link href="/sign-in?next=/host" className="font-semibold text-descent-700 underline">
              Sign in
            </Link>{" "}
            to keep your lessons in a library of your own (you can host a lesson from the editor without an account).
          </p>
        ) : own.length === 0 ? (
          <p className="mt-4 text-slate-700">You have not saved a lesson yet.</p>
        ) : (
          <ul className="mt-5 flex flex-col gap-3" aria-label="Your saved lessons">
            {own.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center justify-between gap-3 rounded-xl p-4 ring-1 ring-slate-200">
                <div>
                  <p id={`saved-${l.id}`} className="font-semibold">
                    {l.title}
                  </p>
                  <p className="text-sm text-slate-600">Saved {l.updatedAt.toISOString().slice(0, 10)}</p>
                </div>
                <div className="flex flex-wrap gap-2">
                  <Link href={`/host/code?saved=${l.id}`} className="btn-secondary" aria-describedby={`saved-${l.id}`}>
                    Edit
                  </Link>
                  {classes.length > 0 && (
                    <Link href={`/classes/${chosen ?? classes[0]!.id}/assign?lesson=${l.lessonId}`} className="btn-secondary" aria-describedby={`saved-${l.id}`}>
                      Assign
                    </Link>
                  )}
                  <StartButton lessonId={l.lessonId} describedBy={`saved-${l.id}`} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

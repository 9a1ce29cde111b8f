import type { Metadata } from "next";
import Link from "next/link";
import { lessons } from "@descent/autograd";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { ClassChoice } from "./ClassChoice";
import { CustomLessonForm } from "./CustomLessonForm";
import { StartButton } from "./StartButton";

export const metadata: Metadata = { title: "Lesson library" };

export default async function LessonLibrary({ searchParams }: { searchParams: Promise<{ class?: string }> }) {
  const teacher = await currentTeacher();
  const classes = teacher ? await services().db.class.findMany({ where: { teacherId: teacher.id }, orderBy: { createdAt: "desc" }, select: { id: true, name: true } }) : [];
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
          A lesson from PyTorch code
        </h2>
        <p className="mt-2 text-slate-700">
          Paste a training loop and see it run line by line, every value checked the way PyTorch computes it, with the
          questions each line offers and how well each tells misconceptions apart. (Hosting a lesson written this way
          comes next; for now, host one written as JSON below.)
        </p>
        <Link href="/host/code" className="btn-primary mt-4 inline-block">
          Open the code editor
        </Link>
      </section>

      <section aria-labelledby="custom-heading" className="mt-10 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h2 id="custom-heading" className="text-xl font-semibold">
          Host your own lesson
        </h2>
        <p className="mt-2 text-slate-700">
          Write a lesson as JSON — the data, the parameters, the loss, the optimizer and the PyTorch lines of each
          iteration — and host it like any other. Every problem is reported with where it is. The format is described
          in <code>packages/autograd/docs/lessons.md</code>; the quickest start is to change the first lesson.
        </p>
        <div className="mt-4">
          {/* Without the parts that state answers (teaching notes, known mistakes): this page is public. */}
        <CustomLessonForm example={JSON.stringify({ ...lessons[0], teacherNotes: "", knownMistakes: undefined }, null, 2)} />
        </div>
      </section>
    </main>
  );
}

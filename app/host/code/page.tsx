import type { Metadata } from "next";
import Link from "next/link";
import { lessons, type Lesson } from "@descent/autograd";
import { parseLesson } from "@descent/autograd/schema";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { CodeLesson, type Start } from "./CodeLesson";

export const metadata: Metadata = { title: "A lesson from PyTorch code" };

/** What the editor needs of a lesson (never its known mistakes or copies: this page is public for built-ins). */
function startOf(l: Lesson, extra: Partial<Start> = {}): Start {
  return {
    id: l.id,
    title: l.title,
    summary: l.summary,
    teacherNotes: "",
    source: `${l.source.join("\n")}\n`,
    ...(l.sections ? { sections: l.sections } : {}),
    ...(l.questions ? { questions: l.questions } : {}),
    ...(l.picture ? { picture: l.picture } : {}),
    ...extra,
  };
}

export default async function CodeLessonPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const teacher = await currentTeacher();
  const { saved } = await searchParams;
  const starts = lessons.map((l) => startOf(l));
  // A new lesson starts from the seed's program, with no question chosen yet (loading a lesson brings its own).
  const { questions: _q, sections: _s, picture: _p, ...first } = starts[0]!;
  let initial: Start = first;
  let notFound = false;
  if (saved && teacher) {
    // Only the teacher's own library: someone else's id reads as not found.
    const row = await services().db.teacherLesson.findFirst({ where: { id: saved, teacherId: teacher.id }, select: { id: true, lessonId: true, lesson: { select: { json: true } } } });
    const parsed = row ? parseLesson(row.lesson.json) : null;
    if (row && parsed?.ok) initial = startOf(parsed.lesson, { savedId: row.id, lessonId: row.lessonId, teacherNotes: parsed.lesson.teacherNotes });
    else notFound = true;
  } else if (saved) notFound = true;
  const classes = teacher ? await services().db.class.findMany({ where: { teacherId: teacher.id }, orderBy: { createdAt: "desc" }, select: { id: true, name: true } }) : [];
  return (
    <main className="mx-auto max-w-6xl px-5 py-10">
      <Link href="/host" className="text-sm font-semibold text-descent-700 underline">
        ← Lesson library
      </Link>
      <h1 className="mt-3 text-3xl font-bold">A lesson from PyTorch code</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        Paste or type a training loop. Descent runs it as Python would, line by line, on its own autograd engine (the
        same one your students&apos; devices run), and shows every value after every line. Put the cursor on a line to
        see the questions it offers: each with its true value, what every misconception predicts, and its diagnostic
        power — how many different wrong answers it can explain. Choose the questions, give the lesson a title, then
        save it, host it or assign it.
      </p>
      {notFound && (
        <p role="alert" className="mt-4 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          That lesson is not in your library{teacher ? "" : " (sign in to open your lessons)"}: here is the first lesson instead.
        </p>
      )}
      <CodeLesson starts={starts} initial={initial} signedIn={teacher !== null} classes={classes} />
    </main>
  );
}

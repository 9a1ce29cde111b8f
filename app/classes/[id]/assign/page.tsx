import type { Metadata } from "next";
import Link from "next/link";
import { hasVariants } from "@descent/autograd";
import { TeacherBar } from "@/app/_components/TeacherBar";
import { assignableLessonIds } from "@/server/assignments/lessons";
import { services } from "@/server/runtime";
import { teacherAndClass } from "@/server/teacher";
import { AssignForm, type LessonChoice } from "./AssignForm";

export const metadata: Metadata = { title: "Assign a lesson" };

export default async function AssignPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ lesson?: string }> }) {
  const { id } = await params;
  const { lesson: wanted } = await searchParams;
  const { teacher, cls } = await teacherAndClass(id);
  const { sessions } = services();
  const lessons: LessonChoice[] = [];
  for (const lessonId of await assignableLessonIds(teacher.id)) {
    const runtime = await sessions.catalog.load(lessonId).catch(() => undefined);
    if (!runtime) continue;
    const defaults = new Set(runtime.defaults.map((q) => q.id));
    lessons.push({
      id: lessonId,
      fixedNumbers: !hasVariants(runtime.lesson),
      title: sessions.catalog.isBuiltIn(lessonId) ? runtime.lesson.title : `${runtime.lesson.title} (your lesson)`,
      // Every line with the quantities it is about (the questions worth asking), the suggested ones ticked.
      lines: runtime.trace.checkpoints
        .map((c) => ({
          label: `${c.iterationLabel}: line ${c.line + 1}, ${c.label}`,
          questions: [...new Set([...runtime.defaults.filter((q) => q.checkpointId === c.id).map((q) => q.quantity), ...c.about])]
            .filter((quantity) => Object.hasOwn(c.values, quantity))
            .map((quantity) => ({ id: `${c.id}:${quantity}`, quantity, suggested: defaults.has(`${c.id}:${quantity}`) })),
        }))
        .filter((l) => l.questions.length > 0),
    });
  }
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-6 px-5 py-6">
      <TeacherBar teacher={teacher} />
      <div>
        <p className="text-sm font-semibold text-slate-600">
          <Link href={`/classes/${cls.id}`} className="underline">
            {cls.name}
          </Link>
        </p>
        <h1 className="text-3xl font-bold">Assign a lesson</h1>
        <p className="text-slate-700">
          Each student works alone, on numbers of their own, with instant feedback. You get a link and a QR code to share; students need no account.
        </p>
      </div>
      <AssignForm classId={cls.id} lessons={lessons} {...(wanted ? { initialLessonId: wanted } : {})} />
    </main>
  );
}

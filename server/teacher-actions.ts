"use server";
/** Teachers' actions from their pages (Next.js server actions: Next checks their Origin; ownership is checked here). */
import { redirect } from "next/navigation";
import { z } from "zod";
import { services } from "./runtime.ts";
import { newId } from "./session/service.ts";
import { currentTeacher } from "./teacher.ts";
import { newSlug } from "./assignments/service.ts";
import { assignableLessonIds } from "./assignments/lessons.ts";
import { ownedClass } from "./reports/data.ts";

const classForm = z.object({
  name: z.string().trim().min(1, "Give the class a name.").max(120, "A class name is at most 120 characters."),
  identify: z.enum(["nickname", "name"]),
});

export type ActionState = { error: string | null };

export async function createClass(_prev: ActionState, form: FormData): Promise<ActionState> {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  const parsed = classForm.safeParse({ name: form.get("name"), identify: form.get("identify") });
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  const id = newId();
  await services().db.class.create({ data: { id, teacherId: teacher.id, name: parsed.data.name, identify: parsed.data.identify } });
  redirect(`/classes/${id}`);
}

const assignmentForm = z.object({
  classId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  lessonId: z.string().min(1).max(100),
  title: z.string().trim().min(1, "Give the assignment a title.").max(120, "A title is at most 120 characters."),
  opensAt: z.iso.datetime({ offset: true }).or(z.literal("")),
  closesAt: z.iso.datetime({ offset: true }).or(z.literal("")),
  questions: z.array(z.string().max(100)).min(1, "Choose at least one question.").max(60, "At most 60 questions."),
  retries: z.enum(["practice", "attempts"]),
  attempts: z.coerce.number().int().min(1, "At least 1 attempt.").max(10, "At most 10 attempts."),
  mastery: z.coerce.number().int().min(1, "Mastery takes 1 to 5 correct answers in a row.").max(5, "Mastery takes 1 to 5 correct answers in a row."),
});

export async function createAssignment(_prev: ActionState, form: FormData): Promise<ActionState> {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  const parsed = assignmentForm.safeParse({
    classId: form.get("classId"),
    lessonId: form.get("lessonId"),
    title: form.get("title"),
    opensAt: form.get("opensAt") ?? "",
    closesAt: form.get("closesAt") ?? "",
    questions: form.getAll("question"),
    retries: form.get("retries"),
    attempts: form.get("attempts") ?? 1,
    mastery: form.get("mastery"),
  });
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  const f = parsed.data;
  const { db, sessions } = services();
  if (!(await ownedClass(db, teacher.id, f.classId))) return { error: "There is no such class." };
  if (!(await assignableLessonIds(teacher.id)).includes(f.lessonId)) return { error: "There is no such lesson." };
  const runtime = await sessions.catalog.load(f.lessonId).catch(() => undefined);
  if (!runtime) return { error: "That lesson could not be prepared." };
  // Each question must exist in the lesson; kept in lesson order.
  const order = new Map(runtime.trace.checkpoints.map((c) => [c.id, c.index]));
  const questions: { checkpoint: string; quantity: string }[] = [];
  for (const q of new Set(f.questions)) {
    const [checkpoint = "", quantity = ""] = q.split(/:(.*)/s);
    const index = order.get(checkpoint);
    if (index === undefined || !runtime.question(index, quantity)) return { error: `The lesson has no question “${q}”.` };
    questions.push({ checkpoint, quantity });
  }
  questions.sort((a, b) => order.get(a.checkpoint)! - order.get(b.checkpoint)!);
  // Each attempt is one set of numbers, and a concept counts once per set: more in a row than attempts is unreachable.
  if (f.retries === "attempts" && f.mastery > f.attempts) {
    return { error: `With ${f.attempts} attempt${f.attempts === 1 ? "" : "s"}, mastery can ask for at most ${f.attempts} correct in a row (one per attempt's numbers).` };
  }
  const opensAt = f.opensAt ? new Date(f.opensAt) : null;
  const closesAt = f.closesAt ? new Date(f.closesAt) : null;
  if (opensAt && closesAt && closesAt <= opensAt) return { error: "The assignment must close after it opens." };
  const id = newId();
  await db.assignment.create({
    data: {
      id,
      slug: newSlug(),
      teacherId: teacher.id,
      classId: f.classId,
      lessonId: f.lessonId,
      title: f.title,
      opensAt,
      closesAt,
      questions: JSON.stringify(questions),
      attempts: f.retries === "practice" ? null : f.attempts,
      mastery: f.mastery,
    },
  });
  redirect(`/classes/${f.classId}/assignments/${id}`);
}

/** Closes an assignment now, or reopens it (no closing date): the teacher's own only. */
export async function setAssignmentOpen(form: FormData): Promise<void> {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  const id = String(form.get("assignmentId") ?? "");
  const open = form.get("open") === "1";
  const { db } = services();
  const a = await db.assignment.findFirst({ where: { id, teacherId: teacher.id }, select: { id: true, classId: true } });
  if (!a) redirect("/dashboard");
  await db.assignment.update({ where: { id: a.id }, data: open ? { closesAt: null, opensAt: null } : { closesAt: new Date() } });
  redirect(`/classes/${a.classId}/assignments/${a.id}`);
}

import "server-only";
import { services } from "../runtime.ts";

/** The lessons a teacher may assign: the library, the lessons they saved, and their own lessons they have hosted. */
export async function assignableLessonIds(teacherId: string): Promise<string[]> {
  const { db, sessions } = services();
  const saved = await db.teacherLesson.findMany({ where: { teacherId }, select: { lessonId: true } });
  const hosted = await db.session.findMany({ where: { teacherId, lessonId: { startsWith: "custom-" } }, select: { lessonId: true }, distinct: ["lessonId"] });
  return [...new Set([...sessions.catalog.list().map((l) => l.id), ...saved.map((s) => s.lessonId), ...hosted.map((s) => s.lessonId)])];
}

/** Whether a teacher may host or assign a lesson: a built-in one, or one of theirs. */
export async function teacherMayUse(teacherId: string | null, lessonId: string): Promise<boolean> {
  const { db, sessions } = services();
  if (sessions.catalog.isBuiltIn(lessonId)) return true;
  if (!teacherId || !lessonId.startsWith("custom-")) return false;
  if (await db.teacherLesson.findFirst({ where: { teacherId, lessonId }, select: { id: true } })) return true;
  return (await db.session.findFirst({ where: { teacherId, lessonId }, select: { id: true } })) !== null;
}


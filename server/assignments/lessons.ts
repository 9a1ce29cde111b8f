import "server-only";
import { services } from "../runtime.ts";

/** The lessons a teacher may assign: the library, and their own lessons they have hosted. */
export async function assignableLessonIds(teacherId: string): Promise<string[]> {
  const { db, sessions } = services();
  const own = await db.session.findMany({ where: { teacherId, lessonId: { startsWith: "custom-" } }, select: { lessonId: true }, distinct: ["lessonId"] });
  return [...sessions.catalog.list().map((l) => l.id), ...own.map((s) => s.lessonId)];
}


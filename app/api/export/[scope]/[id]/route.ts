import { jsonError } from "@/server/http-route";
import { csvResponse, ANSWER_COLUMNS, answerRecords, STUDENT_COLUMNS, studentRecord } from "@/server/reports/csv";
import { loadRows, ownedClass, ownedSession, ownedStudent } from "@/server/reports/data";
import { studentStats } from "@/server/reports/stats";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";

export const dynamic = "force-dynamic";

/**
 * CSV of a session, a class, a student or an assignment: `?kind=answers` (one row per answer, default) or `?kind=students` (a
 * summary per student). Only the owning teacher gets it; anyone else gets 404, as if it did not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ scope: string; id: string }> }) {
  const { scope, id } = await params;
  const teacher = await currentTeacher();
  const notFound = () => jsonError(404, "NOT_FOUND", "There is no such report.");
  if (!teacher || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return notFound();
  const { db, sessions } = services();
  let where: Parameters<typeof loadRows>[2];
  if (scope === "assignment" && (await db.assignment.findFirst({ where: { id, teacherId: teacher.id }, select: { id: true } }))) where = { assignmentId: id };
  else if (scope === "session" && (await ownedSession(db, teacher.id, id))) where = { sessionId: id };
  else if (scope === "class" && (await ownedClass(db, teacher.id, id))) where = { session: { classId: id } };
  else if (scope === "student" && (await ownedStudent(db, teacher.id, id))) where = { participant: { studentId: id } };
  else return notFound();
  const kind = new URL(request.url).searchParams.get("kind") ?? "answers";
  if (kind === "students") {
    const rows = await loadRows(db, sessions.catalog, where);
    const labels = new Map(rows.map((r) => [r.student, r.studentLabel]));
    return csvResponse(`descent-${scope}-${id}-students.csv`, STUDENT_COLUMNS, studentStats(rows).map((s) => studentRecord(s, labels.get(s.student) ?? s.student)));
  }
  return csvResponse(`descent-${scope}-${id}-answers.csv`, ANSWER_COLUMNS, await answerRecords(db, sessions.catalog, where));
}

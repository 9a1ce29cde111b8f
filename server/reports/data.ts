/**
 * Loads the answers behind a report (a session, a class, a student) with everything a teacher reads beside them:
 * the question's prompt and truth (from the lesson's compiled answer keys), who answered, when. Ownership is
 * checked by the callers (`owned*`): a teacher only ever gets their own data.
 */
import type { Answer, Grade, Value } from "@descent/autograd";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { LessonCatalog } from "../session/lesson-runtime.ts";
import { questionKey, type AnswerRow } from "./stats.ts";

export type ReportRow = AnswerRow & {
  /** ISO 8601 (UTC). */
  startedAt: string;
  lessonId: string;
  lessonTitle: string;
  checkpoint: string;
  quantity: string;
  prompt: string;
  truth: Value | null;
  /** What the teacher sees for the student: their identifier in a class that asks for one, else the nickname. */
  studentLabel: string;
  answer: Answer;
  /** ISO 8601 (UTC). */
  submittedAt: string;
  /** A live session; an assignment with a fixed number of attempts; an assignment in practice (unlimited retries). */
  mode: Mode;
  /** The variant (numbers of the student's own) of a self-paced answer; null live. */
  variant: number | null;
};

export type Mode = "live" | "assignment" | "practice";

type Where =
  | { sessionId: string }
  | { session: { classId: string } }
  | { session: { teacherId: string } }
  | { participant: { studentId: string } }
  | { assignmentId: string };

type RawRow = {
  sessionId: string;
  questionId: string;
  participantId: string;
  answer: string;
  grade: string | null;
  confidence: string | null;
  submittedAt: string | Date;
  createdAt: string | Date;
  lessonId: string;
  nickname: string;
  studentId: string | null;
  identifier: string | null;
  mode: Mode;
  variant: number | null;
  /** JSON of the true value where it was stored with the answer (self-paced: it depends on the variant). */
  truth: string | null;
};

/** A stored time as ISO 8601 in UTC, without building a Date for each of a term's answers. */
export const iso = (v: string | Date) => (v instanceof Date ? v.toISOString() : v.endsWith("+00:00") ? `${v.slice(0, -6)}Z` : new Date(v).toISOString());

/**
 * One query, only the columns a report reads (a class's dashboard reads every answer of the term): the answers of
 * live sessions and, where the scope has them, of assignments (their question id carries the variant: "@<n>").
 */
function query(db: Db, where: Where) {
  const live =
    "assignmentId" in where
      ? null
      : "sessionId" in where
        ? Prisma.sql`a."sessionId" = ${where.sessionId}`
        : "participant" in where
          ? Prisma.sql`p."studentId" = ${where.participant.studentId}`
          : "classId" in where.session
            ? Prisma.sql`s."classId" = ${where.session.classId}`
            : Prisma.sql`s."teacherId" = ${where.session.teacherId}`;
  const work =
    "sessionId" in where
      ? null
      : "assignmentId" in where
        ? Prisma.sql`g."id" = ${where.assignmentId}`
        : "participant" in where
          ? Prisma.sql`w."studentId" = ${where.participant.studentId}`
          : "classId" in where.session
            ? Prisma.sql`g."classId" = ${where.session.classId}`
            : Prisma.sql`g."teacherId" = ${where.session.teacherId}`;
  const liveSql = live
    ? Prisma.sql`
    SELECT a."sessionId", a."questionId", a."participantId", a."answer", a."grade", a."confidence", a."submittedAt",
           s."createdAt", s."lessonId", p."nickname", p."studentId", st."identifier",
           'live' AS "mode", NULL AS "variant", NULL AS "truth"
    FROM "Answer" a
    JOIN "Session" s ON s."id" = a."sessionId"
    JOIN "Participant" p ON p."id" = a."participantId"
    LEFT JOIN "Student" st ON st."id" = p."studentId"
    WHERE ${live}`
    : null;
  const workSql = work
    ? Prisma.sql`
    SELECT 'assignment:' || g."id" AS "sessionId", ws."questionId" || '@' || CAST(ws."variant" AS TEXT) AS "questionId",
           w."id" AS "participantId", ws."answer", ws."grade", ws."confidence", ws."at" AS "submittedAt",
           g."createdAt", g."lessonId", w."label" AS "nickname", w."studentId", st."identifier",
           CASE WHEN g."attempts" IS NULL THEN 'practice' ELSE 'assignment' END AS "mode", ws."variant", ws."truth"
    FROM "WorkStep" ws
    JOIN "Work" w ON w."id" = ws."workId"
    JOIN "Assignment" g ON g."id" = w."assignmentId"
    LEFT JOIN "Student" st ON st."id" = w."studentId"
    WHERE ws."kind" = 'answer' AND ${work}`
    : null;
  const union = liveSql && workSql ? Prisma.sql`${liveSql} UNION ALL ${workSql}` : (liveSql ?? workSql)!;
  return db.$queryRaw<RawRow[]>`SELECT * FROM (${union}) AS x ORDER BY "createdAt", "submittedAt"`;
}

type Described = { prompt: string; truth: Value | null; checkpoint: string; quantity: string; title: string };

/** Answers as stored, with a lookup of each question's prompt and truth (once per question, not per answer). */
export async function queryAnswers(db: Db, catalog: LessonCatalog, where: Where): Promise<{ raw: RawRow[]; describe: (lessonId: string, questionId: string) => Described }> {
  const raw = await query(db, where);
  const lessons = new Map<string, Awaited<ReturnType<LessonCatalog["load"]>>>();
  for (const id of new Set(raw.map((a) => a.lessonId))) lessons.set(id, await catalog.load(id).catch(() => undefined));
  const questions = new Map<string, Described>();
  const describe = (lessonId: string, questionId: string) => {
    const key = `${lessonId}\u0000${questionId.replace(/@\d+$/, "")}`;
    let q = questions.get(key);
    if (!q) {
      const [checkpoint = "", quantity = ""] = questionId.replace(/[#@]\d+$/, "").split(":");
      const runtime = lessons.get(lessonId);
      const index = runtime?.trace.checkpoints.findIndex((c) => c.id === checkpoint) ?? -1;
      const question = runtime && index >= 0 ? runtime.question(index, quantity) : null;
      q = {
        checkpoint,
        quantity,
        prompt: question?.prompt ?? `${checkpoint}: ${quantity}`,
        truth: question && runtime ? runtime.truth(question) : null,
        title: runtime?.lesson.title ?? lessonId,
      };
      questions.set(key, q);
    }
    return q;
  };
  return { raw, describe };
}

export type { RawRow };

export async function loadRows(db: Db, catalog: LessonCatalog, where: Where): Promise<ReportRow[]> {
  const { raw, describe } = await queryAnswers(db, catalog, where);
  const grades = new Map<string, Grade>();
  return raw.map((a) => {
    const q = describe(a.lessonId, a.questionId);
    let grade: Grade | null = null;
    if (a.grade) {
      grade = grades.get(a.grade) ?? null;
      if (!grade) grades.set(a.grade, (grade = JSON.parse(a.grade) as Grade));
    }
    return {
      sessionId: a.sessionId,
      questionId: a.questionId,
      student: a.studentId ?? `participant:${a.participantId}`,
      studentLabel: a.identifier ?? a.nickname,
      grade,
      confidence: a.confidence,
      startedAt: iso(a.createdAt),
      lessonId: a.lessonId,
      lessonTitle: q.title,
      checkpoint: q.checkpoint,
      quantity: q.quantity,
      prompt: q.prompt,
      truth: a.truth ? (JSON.parse(a.truth) as Value) : q.truth,
      answer: JSON.parse(a.answer) as Answer,
      submittedAt: iso(a.submittedAt),
      mode: a.mode,
      variant: a.variant === null ? null : Number(a.variant),
    };
  });
}

/** The class if it is this teacher's, else null (callers answer 404: another teacher's class does not exist). */
export async function ownedClass(db: Db, teacherId: string, classId: string) {
  return db.class.findFirst({ where: { id: classId, teacherId } });
}

export async function ownedSession(db: Db, teacherId: string, sessionId: string) {
  return db.session.findFirst({ where: { id: sessionId, teacherId }, include: { class: true } });
}

export async function ownedStudent(db: Db, teacherId: string, studentId: string) {
  return db.student.findFirst({ where: { id: studentId, class: { teacherId } }, include: { class: true } });
}

export { questionKey };

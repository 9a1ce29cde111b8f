/** Persistence of sessions through Prisma: the event log, participants and answers. */
import { Prisma } from "../../generated/prisma/client.ts";
import { jsonField, jsonRows, jsonStrings, type Db } from "../db.ts";
import type { SessionCommand } from "./engine.ts";
import { parseStoredCommand, storedCommand } from "./log.ts";
import type { Grade } from "@descent/autograd";

export type StoredSession = {
  id: string;
  code: string;
  lessonId: string;
  hostTokenHash: string;
  hostLinkHash: string | null;
  teacherId: string | null;
  classId: string | null;
  /** How the class identifies students ("nickname" when there is no class). */
  identify?: string;
  createdAt: Date;
  endedAt: Date | null;
  /** Set once its lesson could not be loaded again: it is never restored or served. */
  failedAt?: Date | null;
  failure?: string | null;
};

export type LoadedSession = StoredSession & {
  events: { seq: number; command: SessionCommand }[];
  participants: { id: string; resumeTokenHash: string }[];
  /** Host-key hashes of the other devices that host it (through the host link). */
  hosts: string[];
};

/** Side effects of one accepted command, written in the same transaction as its log entry. */
/** `grades`: a reveal's grades, per asking revealed (a peer instruction revote reveals its first vote too). */
export type Extra =
  | { kind: "none" }
  | { kind: "grades"; questions: { questionId: string; grades: { participantId: string; grade: Grade }[] }[] }
  | { kind: "ended"; at: Date }
  /** A released seat: its stored nickname is marked, so the student can join again under it. */
  | { kind: "released"; participantId: string };

/** An accepted join or answer, stored with the others that arrived in the same turn of the event loop (`appendBatch`). */
export type BatchWrite = { seq: number; command: SessionCommand; extra: JoinExtra | AnswerExtra };
export type JoinExtra = {
  kind: "participant";
  id: string;
  nickname: string;
  resumeTokenHash: string;
  /** In a class that identifies students: the class's student this participant is (made the first time). */
  student: { classId: string; identifier: string; key: string; newId: string } | null;
};
export type AnswerExtra = { kind: "answer"; questionId: string; participantId: string; answer: unknown; confidence: string | null };


/** A time as Prisma stores DateTime in SQLite (ISO 8601 with an explicit offset), for raw statements (PostgreSQL reads it too). */
function sqliteTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

export class SessionRepository {
  constructor(private readonly db: Db) {}

  /** Sets (or with null, revokes) the host link; revoking also takes host control from every other device. */
  async setHostLink(sessionId: string, hash: string | null): Promise<void> {
    if (hash === null) {
      await this.db.$transaction([
        this.db.session.update({ where: { id: sessionId }, data: { hostLinkHash: null } }),
        this.db.sessionHost.deleteMany({ where: { sessionId } }),
      ]);
    } else await this.db.session.update({ where: { id: sessionId }, data: { hostLinkHash: hash } });
  }

  async addHost(sessionId: string, keyHash: string): Promise<void> {
    await this.db.sessionHost.upsert({ where: { sessionId_keyHash: { sessionId, keyHash } }, create: { sessionId, keyHash }, update: {} });
  }

  /** How a class identifies its students. */
  async classIdentify(classId: string): Promise<string> {
    return (await this.db.class.findUnique({ where: { id: classId }, select: { identify: true } }))?.identify ?? "nickname";
  }

  /** Makes an anonymously hosted session a teacher's own (and, optionally, a class's). */
  async claimForTeacher(sessionId: string, teacherId: string, classId: string | null): Promise<boolean> {
    const r = await this.db.session.updateMany({ where: { id: sessionId, teacherId: null }, data: { teacherId, classId } });
    return r.count === 1;
  }

  async create(s: Omit<StoredSession, "createdAt" | "endedAt" | "hostLinkHash"> & { createdAt: Date }): Promise<void> {
    await this.db.session.create({ data: { ...s } });
  }

  /** Stores a teacher's lesson once (its id is derived from its content). */
  async saveCustomLesson(id: string, json: string): Promise<void> {
    await this.db.customLesson.upsert({ where: { id }, create: { id, json }, update: {} });
  }

  /** A lesson of a teacher's library, or null when it is not theirs. */
  async teacherLesson(teacherId: string, id: string): Promise<{ id: string; lessonId: string; title: string } | null> {
    return this.db.teacherLesson.findFirst({ where: { id, teacherId }, select: { id: true, lessonId: true, title: true } });
  }

  async putTeacherLesson(row: { id: string; teacherId: string; lessonId: string; title: string }): Promise<void> {
    await this.db.teacherLesson.upsert({ where: { id: row.id }, create: row, update: { lessonId: row.lessonId, title: row.title } });
  }

  /** A teacher's library, the latest saved first. */
  async teacherLessons(teacherId: string): Promise<{ id: string; lessonId: string; title: string; updatedAt: Date }[]> {
    return this.db.teacherLesson.findMany({ where: { teacherId }, orderBy: { updatedAt: "desc" }, select: { id: true, lessonId: true, title: true, updatedAt: true } });
  }

  async loadCustomLesson(id: string): Promise<string | null> {
    return (await this.db.customLesson.findUnique({ where: { id } }))?.json ?? null;
  }

  async codeInUse(code: string): Promise<boolean> {
    return (await this.db.session.count({ where: { code } })) > 0;
  }

  async findByCode(code: string): Promise<StoredSession | null> {
    return this.db.session.findUnique({ where: { code } });
  }

  async findById(id: string): Promise<StoredSession | null> {
    return this.db.session.findUnique({ where: { id } });
  }

  /** Ids of the sessions that have not ended or failed and were created or had a command since `since`. */
  async recentLiveIds(since: Date): Promise<string[]> {
    const rows = await this.db.session.findMany({
      where: { endedAt: null, failedAt: null, OR: [{ createdAt: { gte: since } }, { events: { some: { at: { gte: since } } } }] },
      select: { id: true },
      orderBy: { createdAt: "desc" },
    });
    return rows.map((r) => r.id);
  }

  /** A start-up begins restoring the session: counted before the work, so a load that kills the process still counts. */
  async countRestoreAttempt(id: string): Promise<number> {
    const row = await this.db.session.update({ where: { id }, data: { restoreAttempts: { increment: 1 } }, select: { restoreAttempts: true } });
    return row.restoreAttempts;
  }

  /** The session loaded: its failed attempts are forgotten. */
  async restored(id: string): Promise<void> {
    await this.db.session.updateMany({ where: { id, restoreAttempts: { gt: 0 } }, data: { restoreAttempts: 0 } });
  }

  /** Its lesson cannot be loaded again: never restored or served again, with the reason kept for its teacher. */
  async markFailed(id: string, failure: string): Promise<void> {
    await this.db.session.updateMany({ where: { id, failedAt: null }, data: { failedAt: new Date(), failure: failure.slice(0, 500) } });
  }

  async load(id: string): Promise<LoadedSession | null> {
    const s = await this.db.session.findUnique({
      where: { id },
      include: {
        class: { select: { identify: true } },
        events: { orderBy: { seq: "asc" } },
        participants: { select: { id: true, resumeTokenHash: true } },
        hosts: { select: { keyHash: true } },
      },
    });
    if (!s) return null;
    const { events, participants, hosts, class: cls, ...rest } = s;
    return {
      ...rest,
      identify: cls?.identify ?? "nickname",
      participants,
      hosts: hosts.map((h) => h.keyHash),
      events: events.flatMap((e) => {
        try {
          return [{ seq: e.seq, command: parseStoredCommand(e.payload) }];
        } catch (err) {
          console.error(`session ${id}: log entry ${e.seq} is unreadable and is skipped: ${String(err)}`);
          return [];
        }
      }),
    };
  }

  /** Appends a run of accepted answers (and their log entries) in one transaction. */
  /**
   * Stores a batch of joins and answers with their log entries in one transaction. A burst of a whole class's
   * answers is one statement, given its rows as one JSON parameter (`jsonRows`: SQLite's json_each, PostgreSQL's
   * json_array_elements): binding thousands of parameters costs Prisma far longer than the database takes to run
   * the statement. Joins go first (answers name them).
   */
  async appendBatch(sessionId: string, writes: BatchWrite[]): Promise<void> {
    const ops: Prisma.PrismaPromise<unknown>[] = [];
    const f = (i: number, type?: "time" | "int") => jsonField(this.db, i, type);
    const joins: [string, string, string, string, string | null, string | null][] = [];
    const students: [string, string, string, string, string][] = [];
    // The last answer of a participant in the batch wins (rows in one INSERT must not conflict with each other).
    const last = new Map<string, [string, string, string, string | null, string]>();
    for (const { command, extra } of writes) {
      const at = sqliteTime(command.at);
      if (extra.kind === "participant") {
        const st = extra.student;
        // A class's student is made the first time they join, in the same transaction as the join.
        if (st) students.push([st.newId, st.classId, st.identifier, st.key, at]);
        joins.push([extra.id, extra.nickname, extra.resumeTokenHash, at, st?.classId ?? null, st?.key ?? null]);
      } else last.set(`${extra.questionId}\u0000${extra.participantId}`, [extra.questionId, extra.participantId, JSON.stringify(extra.answer), extra.confidence, at]);
    }
    if (students.length > 0) {
      ops.push(this.db.$executeRaw`
        INSERT INTO "Student" ("id", "classId", "identifier", "key", "createdAt")
        SELECT ${f(0)}, ${f(1)}, ${f(2)}, ${f(3)}, ${f(4, "time")} FROM ${jsonRows(this.db, JSON.stringify(students))} WHERE true
        ON CONFLICT ("classId", "key") DO NOTHING`);
    }
    if (joins.length > 0) {
      ops.push(this.db.$executeRaw`
        INSERT INTO "Participant" ("id", "sessionId", "nickname", "resumeTokenHash", "joinedAt", "studentId")
        SELECT ${f(0)}, ${sessionId}, ${f(1)}, ${f(2)}, ${f(3, "time")},
          (SELECT "id" FROM "Student" WHERE "classId" = ${f(4)} AND "key" = ${f(5)})
        FROM ${jsonRows(this.db, JSON.stringify(joins))}`);
    }
    if (last.size > 0) {
      ops.push(this.db.$executeRaw`
        INSERT INTO "Answer" ("sessionId", "questionId", "participantId", "answer", "confidence", "submittedAt", "updatedAt")
        SELECT ${sessionId}, ${f(0)}, ${f(1)}, ${f(2)}, ${f(3)}, ${f(4, "time")}, ${f(4, "time")} FROM ${jsonRows(this.db, JSON.stringify([...last.values()]))} WHERE true
        ON CONFLICT ("sessionId", "questionId", "participantId")
        DO UPDATE SET "answer" = excluded."answer", "confidence" = excluded."confidence", "updatedAt" = excluded."updatedAt"`);
    }
    const events = JSON.stringify(writes.map(({ seq, command }) => [seq, command.type, storedCommand(command), sqliteTime(command.at)]));
    ops.push(this.db.$executeRaw`
      INSERT INTO "SessionEvent" ("sessionId", "seq", "type", "payload", "at")
      SELECT ${sessionId}, ${f(0, "int")}, ${f(1)}, ${f(2)}, ${f(3, "time")} FROM ${jsonRows(this.db, events)}`);
    await this.db.$transaction(ops);
  }

  /** Appends one accepted command and its side effects atomically. */
  async append(sessionId: string, seq: number, command: SessionCommand, extra: Extra): Promise<void> {
    const log = this.db.sessionEvent.create({
      data: { sessionId, seq, type: command.type, payload: storedCommand(command), at: new Date(command.at) },
    });
    switch (extra.kind) {
      case "none":
        await log;
        return;
      case "grades": {
        // A class's answers fall into a handful of grades: one UPDATE per distinct grade, its participants given as
        // one JSON parameter (as in appendBatch), not per student.
        const updates = extra.questions.flatMap(({ questionId, grades }) => {
          const byGrade = new Map<string, string[]>();
          for (const g of grades) {
            const key = JSON.stringify(g.grade);
            const list = byGrade.get(key);
            if (list) list.push(g.participantId);
            else byGrade.set(key, [g.participantId]);
          }
          return [...byGrade].map(
            ([grade, participantIds]) =>
              this.db.$executeRaw`UPDATE "Answer" SET "grade" = ${grade} WHERE "sessionId" = ${sessionId} AND "questionId" = ${questionId}
                AND "participantId" IN (${jsonStrings(this.db, JSON.stringify(participantIds))})`,
          );
        });
        await this.db.$transaction([...updates, log]);
        return;
      }
      case "ended":
        await this.db.$transaction([this.db.session.update({ where: { id: sessionId }, data: { endedAt: extra.at } }), log]);
        return;
      case "released":
        // Nicknames are unique in a session's stored participants: the released one keeps its name, marked.
        await this.db.$transaction([
          this.db.$executeRaw`UPDATE "Participant" SET "nickname" = "nickname" || ${` (seat released ${extra.participantId})`} WHERE "id" = ${extra.participantId}`,
          log,
        ]);
        return;
    }
  }
}

/** Persistence of sessions through Prisma: the event log, participants and answers. */
import type { Db } from "../db.ts";
import type { SessionCommand } from "./engine.ts";
import type { Grade } from "@descent/autograd";

export type StoredSession = {
  id: string;
  code: string;
  lessonId: string;
  hostTokenHash: string;
  createdAt: Date;
  endedAt: Date | null;
};

export type LoadedSession = StoredSession & {
  events: { seq: number; command: SessionCommand }[];
  participants: { id: string; resumeTokenHash: string }[];
};

/** Side effects of one accepted command, written in the same transaction as its log entry. */
export type Extra =
  | { kind: "none" }
  | { kind: "participant"; id: string; nickname: string; resumeTokenHash: string }
  | { kind: "answer"; questionId: string; participantId: string; answer: unknown; confidence: string | null }
  | { kind: "grades"; questionId: string; grades: { participantId: string; grade: Grade }[] }
  | { kind: "ended"; at: Date };

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(s: Omit<StoredSession, "createdAt" | "endedAt"> & { createdAt: Date }): Promise<void> {
    await this.db.session.create({ data: { ...s } });
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

  /** Every session that has not ended, with its log, for replay after a restart. */
  async loadLive(): Promise<LoadedSession[]> {
    const rows = await this.db.session.findMany({
      where: { endedAt: null },
      include: {
        events: { orderBy: { seq: "asc" } },
        participants: { select: { id: true, resumeTokenHash: true } },
      },
    });
    return rows.map(({ events, participants, ...s }) => ({
      ...s,
      participants,
      events: events.map((e) => ({ seq: e.seq, command: JSON.parse(e.payload) as SessionCommand })),
    }));
  }

  async load(id: string): Promise<LoadedSession | null> {
    const s = await this.db.session.findUnique({
      where: { id },
      include: { events: { orderBy: { seq: "asc" } }, participants: { select: { id: true, resumeTokenHash: true } } },
    });
    if (!s) return null;
    const { events, participants, ...rest } = s;
    return { ...rest, participants, events: events.map((e) => ({ seq: e.seq, command: JSON.parse(e.payload) as SessionCommand })) };
  }

  /** Appends one accepted command and its side effects atomically. */
  async append(sessionId: string, seq: number, command: SessionCommand, extra: Extra): Promise<void> {
    const log = this.db.sessionEvent.create({
      data: { sessionId, seq, type: command.type, payload: JSON.stringify(command), at: new Date(command.at) },
    });
    switch (extra.kind) {
      case "none":
        await log;
        return;
      case "participant":
        await this.db.$transaction([
          this.db.participant.create({
            data: { id: extra.id, sessionId, nickname: extra.nickname, resumeTokenHash: extra.resumeTokenHash, joinedAt: new Date(command.at) },
          }),
          log,
        ]);
        return;
      case "answer": {
        const key = { sessionId, questionId: extra.questionId, participantId: extra.participantId };
        const data = { answer: JSON.stringify(extra.answer), confidence: extra.confidence };
        await this.db.$transaction([
          this.db.answer.upsert({
            where: { sessionId_questionId_participantId: key },
            create: { ...key, ...data, submittedAt: new Date(command.at) },
            update: data,
          }),
          log,
        ]);
        return;
      }
      case "grades":
        await this.db.$transaction([
          ...extra.grades.map((g) =>
            this.db.answer.update({
              where: { sessionId_questionId_participantId: { sessionId, questionId: extra.questionId, participantId: g.participantId } },
              data: { grade: JSON.stringify(g.grade) },
            }),
          ),
          log,
        ]);
        return;
      case "ended":
        await this.db.$transaction([this.db.session.update({ where: { id: sessionId }, data: { endedAt: extra.at } }), log]);
        return;
    }
  }
}

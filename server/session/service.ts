/**
 * Live sessions in memory, each backed by its persisted event log. Commands for one session run one at a time:
 * validate and apply (engine), append to the log (repository), then publish (socket adapter). A command is
 * acknowledged only after it is stored; if storing fails the session is rebuilt from its log.
 */
import crypto from "node:crypto";
import type { Answer, Lesson } from "@descent/autograd";
import { checkCustomLesson, customLessonId } from "./custom-lessons.ts";
import { makeJoinCode } from "../protocol/codes.ts";
import { apply, currentQuestion, newSession, SessionError, type Notice, type SessionCommand, type SessionState } from "./engine.ts";
import type { LessonCatalog, LessonRuntime } from "./lesson-runtime.ts";
import type { Extra, LoadedSession, SessionRepository } from "./repository.ts";

export function newId(): string {
  return crypto.randomBytes(12).toString("base64url");
}
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** A teacher's lesson passed validation but could not be traced. */
export class LessonRunError extends Error {
  override name = "LessonRunError";
}

export class LiveSession {
  /** Next sequence number in the event log. */
  seq = 0;
  /** resume-token hash → participant id */
  readonly tokens = new Map<string, string>();
  timer: NodeJS.Timeout | null = null;
  /** Tail of this session's command queue. */
  queue: Promise<unknown> = Promise.resolve();
  /** Answers applied but not yet stored, collected in this turn of the event loop. */
  batch: AnswerBatch | null = null;
  /** Settles when every answer batch handed to the database so far has been written (or has failed). */
  storing: Promise<void> = Promise.resolve();

  constructor(
    public state: SessionState,
    readonly code: string,
    readonly hostTokenHash: string,
    readonly runtime: LessonRuntime,
  ) {}

  get id(): string {
    return this.state.sessionId;
  }
}

type AnswerWrite = { seq: number; command: SessionCommand; extra: Extract<Extra, { kind: "answer" }> };
type AnswerBatch = { writes: AnswerWrite[]; stored: Promise<void> };

/** Rebuilds a session's state by applying its stored log in order. */
function replay(row: LoadedSession, runtime: LessonRuntime): { state: SessionState; seq: number } {
  const state = newSession(row.id, row.lessonId, row.createdAt.getTime());
  let seq = 0;
  for (const e of row.events) {
    try {
      apply(state, e.command, runtime);
    } catch (err) {
      console.error(`session ${row.id}: event ${e.seq} (${e.command.type}) no longer applies: ${String(err)}`);
    }
    seq = e.seq + 1;
  }
  return { state, seq };
}

export interface Publisher {
  publish(session: LiveSession, notices: Notice[]): void;
}

export type Clock = () => number;

export class SessionService {
  private readonly live = new Map<string, LiveSession>();
  private readonly byCode = new Map<string, string>();
  publisher: Publisher = { publish() {} };

  constructor(
    private readonly repo: SessionRepository,
    readonly catalog: LessonCatalog,
    private readonly clock: Clock = Date.now,
  ) {}

  /** Rebuilds every session that had not ended from its log (after a restart). */
  async restore(): Promise<number> {
    const rows = await this.repo.loadLive();
    for (const row of rows) {
      await this.loadLesson(row.lessonId);
      this.adopt(row);
    }
    return rows.length;
  }

  /** Makes sure a teacher's lesson that a stored session uses is in the catalog. */
  private async loadLesson(lessonId: string): Promise<void> {
    if (this.catalog.get(lessonId) || !lessonId.startsWith("custom-")) return;
    const json = await this.repo.loadCustomLesson(lessonId);
    const checked = json === null ? null : checkCustomLesson(json);
    if (checked?.ok) this.catalog.register({ ...checked.lesson, id: lessonId });
  }

  private adopt(row: LoadedSession): LiveSession | null {
    const runtime = this.catalog.get(row.lessonId);
    if (!runtime) {
      console.error(`session ${row.id}: lesson ${row.lessonId} no longer exists; not restored`);
      return null;
    }
    const { state, seq } = replay(row, runtime);
    const session = new LiveSession(state, row.code, row.hostTokenHash, runtime);
    session.seq = seq;
    for (const p of row.participants) session.tokens.set(p.resumeTokenHash, p.id);
    const previous = this.live.get(row.id);
    if (previous?.timer) clearTimeout(previous.timer);
    this.live.set(row.id, session);
    this.byCode.set(row.code, row.id);
    this.schedule(session);
    return session;
  }

  /** Hosts a teacher's own lesson (already validated): stores it, then creates a session on it. */
  async createWithLesson(lesson: Lesson): Promise<{ sessionId: string; code: string; hostToken: string; lessonId: string }> {
    const lessonId = customLessonId(lesson);
    const stored: Lesson = { ...lesson, id: lessonId };
    try {
      this.catalog.register(stored); // traces it: a lesson that cannot run fails here, before anything is stored
    } catch (err) {
      throw new LessonRunError(err instanceof Error ? err.message : String(err));
    }
    await this.repo.saveCustomLesson(lessonId, JSON.stringify(stored));
    return { ...(await this.create(lessonId)), lessonId };
  }

  async create(lessonId: string): Promise<{ sessionId: string; code: string; hostToken: string }> {
    const runtime = this.catalog.get(lessonId);
    if (!runtime) throw new Error(`unknown lesson ${lessonId}`);
    const hostToken = newToken();
    const id = newId();
    let code = "";
    for (let i = 0; ; i++) {
      code = makeJoinCode((n) => crypto.randomInt(n));
      if (!this.byCode.has(code) && !(await this.repo.codeInUse(code))) break;
      if (i > 20) throw new Error("could not find a free join code");
    }
    const createdAt = this.clock();
    await this.repo.create({ id, code, lessonId, hostTokenHash: hashToken(hostToken), createdAt: new Date(createdAt) });
    const session = new LiveSession(newSession(id, lessonId, createdAt), code, hashToken(hostToken), runtime);
    this.live.set(id, session);
    this.byCode.set(code, id);
    return { sessionId: id, code, hostToken };
  }

  /** A live session by id, loading an ended one from the database for viewing. */
  async byId(id: string): Promise<LiveSession | null> {
    const s = this.live.get(id);
    if (s) return s;
    const row = await this.repo.load(id);
    if (!row) return null;
    await this.loadLesson(row.lessonId);
    return this.adopt(row);
  }

  async byJoinCode(code: string): Promise<LiveSession | null> {
    const id = this.byCode.get(code);
    if (id) return this.live.get(id) ?? null;
    const row = await this.repo.findByCode(code);
    return row ? this.byId(row.id) : null;
  }

  isHost(session: LiveSession, hostToken: string | undefined): boolean {
    return hostToken !== undefined && sameHash(hashToken(hostToken), session.hostTokenHash);
  }

  /** The participant a resume token belongs to, if it is theirs and they were not removed. */
  resume(session: LiveSession, resumeToken: string): string | null {
    const id = session.tokens.get(hashToken(resumeToken));
    if (!id) return null;
    const p = session.state.participants.get(id);
    return p && !p.kicked ? id : null;
  }

  async join(session: LiveSession, nickname: string): Promise<{ participantId: string; resumeToken: string }> {
    const participantId = newId();
    const resumeToken = newToken();
    const resumeTokenHash = hashToken(resumeToken);
    await this.run(session, { type: "join", participantId, nickname, at: this.clock() }, {
      kind: "participant",
      id: participantId,
      nickname,
      resumeTokenHash,
    });
    session.tokens.set(resumeTokenHash, participantId);
    return { participantId, resumeToken };
  }

  /**
   * Applies an answer in order with every other command, but stores it together with the answers that arrive
   * in the same turn of the event loop (one transaction for a whole burst). Resolves once it is stored.
   */
  async submit(session: LiveSession, participantId: string, questionId: string, answer: Answer, confidence: "low" | "medium" | "high" | null) {
    const { stored, notices } = await this.enqueue(session, async () => {
      const q = currentQuestion(session.state);
      if (!q || q.question.id !== questionId) {
        throw new SessionError("QUESTION_CLOSED", "That question is no longer open.");
      }
      const command: SessionCommand = { type: "submit", participantId, answer, confidence, at: this.clock() };
      const notices = apply(session.state, command, session.runtime); // throws SessionError, changing nothing
      const write: AnswerWrite = { seq: session.seq++, command, extra: { kind: "answer", questionId, participantId, answer, confidence } };
      return { stored: this.addToBatch(session, write), notices };
    });
    await stored;
    this.publisher.publish(session, notices);
    return notices;
  }

  private addToBatch(session: LiveSession, write: AnswerWrite): Promise<void> {
    let batch = session.batch;
    if (!batch) {
      const writes: AnswerWrite[] = [];
      const previous = session.storing;
      const stored = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(async () => {
        // From here on, new answers start the next batch.
        if (session.batch?.writes === writes) session.batch = null;
        try {
          await this.repo.appendAnswers(session.id, writes);
        } catch (err) {
          // These answers were applied but not stored: put the state back as the log says, and report the
          // failure to each of them (none was acknowledged).
          await this.reload(session);
          throw err;
        }
      });
      session.storing = stored.catch(() => undefined);
      batch = session.batch = { writes, stored };
    }
    batch.writes.push(write);
    return batch.stored;
  }

  /** Rebuilds a session's state from its stored log, in place (queued commands then apply to the right state). */
  private async reload(session: LiveSession): Promise<void> {
    const row = await this.repo.load(session.id);
    if (!row) return;
    const { state, seq } = replay(row, session.runtime);
    session.state = state;
    session.seq = seq;
    session.batch = null;
    this.schedule(session);
  }

  /** Runs a host (or timer) command. */
  async command(session: LiveSession, cmd: SessionCommand): Promise<Notice[]> {
    return this.run(session, cmd);
  }

  private run(session: LiveSession, cmd: SessionCommand, extra?: Extra): Promise<Notice[]> {
    return this.enqueue(session, () => this.commit(session, cmd, extra));
  }

  private enqueue<T>(session: LiveSession, job: () => Promise<T>): Promise<T> {
    const result = session.queue.then(job, job);
    session.queue = result.catch(() => undefined);
    return result;
  }

  private async commit(session: LiveSession, cmd: SessionCommand, extra: Extra = { kind: "none" }): Promise<Notice[]> {
    // Answers applied before this command are stored first, so the log keeps the order of application (and a
    // failed answer write has been rolled back before this command is applied).
    await session.storing;
    const notices = apply(session.state, cmd, session.runtime); // throws SessionError, changing nothing
    const seq = session.seq;
    try {
      if (cmd.type === "reveal") {
        const q = currentQuestion(session.state)!;
        extra = { kind: "grades", questionId: q.question.id, grades: [...q.grades].map(([participantId, grade]) => ({ participantId, grade })) };
      } else if (cmd.type === "end") {
        extra = { kind: "ended", at: new Date(cmd.at) };
      }
      await this.repo.append(session.id, seq, cmd, extra);
      session.seq = seq + 1;
    } catch (err) {
      // The state already moved; put it back as the log says, then report the failure.
      await this.reload(session).catch(() => undefined);
      throw err;
    }
    this.schedule(session);
    this.publisher.publish(session, notices);
    return notices;
  }

  /** Keeps one timer per session: the open question's deadline. */
  private schedule(session: LiveSession): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = null;
    const q = currentQuestion(session.state);
    if (!q || q.status !== "open" || q.deadline === null || session.state.phase.kind === "ended") return;
    const questionId = q.question.id;
    const fire = () => {
      const now = currentQuestion(session.state);
      if (!now || now.question.id !== questionId || now.status !== "open") return;
      this.command(session, { type: "close", reason: "timer", questionId, at: Math.max(this.clock(), q.deadline ?? 0) }).catch((err) => {
        if (!(err instanceof SessionError)) console.error(`session ${session.id}: timer close failed`, err);
      });
    };
    session.timer = setTimeout(fire, Math.max(0, q.deadline - this.clock()));
    session.timer.unref?.();
  }

  /** Stops timers (on shutdown). */
  dispose(): void {
    for (const s of this.live.values()) if (s.timer) clearTimeout(s.timer);
  }
}

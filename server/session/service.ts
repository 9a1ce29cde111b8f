/**
 * Live sessions in memory, each backed by its persisted event log. Commands for one session run one at a time:
 * validate and apply (engine), append to the log (repository), then publish (socket adapter). A command is
 * acknowledged only after it is stored; if storing (or anything after validation) fails, the session is rebuilt
 * from its log, so its state always equals its log.
 *
 * Sessions are loaded on demand (after a restart, the first student or host to come back loads theirs) and leave
 * memory when they are idle with nobody connected.
 */
import crypto from "node:crypto";
import type { Answer, Lesson } from "@descent/autograd";
import { customLessonId } from "./custom-lessons.ts";
import { makeJoinCode } from "../protocol/codes.ts";
import { nicknameKey } from "../protocol/nickname.ts";

import { apply, currentQuestion, newSession, SessionError, type Confidence, type Notice, type SessionCommand, type SessionState } from "./engine.ts";
import type { LessonCatalog, LessonRuntime } from "./lesson-runtime.ts";
import type { BatchWrite, Extra, LoadedSession, SessionRepository } from "./repository.ts";

/** How long a join code that named no session is known as unknown, and how many such codes are kept. */
const UNKNOWN_CODE_MS = 5_000;
const UNKNOWN_CODES_KEPT = 10_000;

/** Start-ups that may begin restoring a session before it is marked as failed (one that died loading it counts). */
export const MAX_RESTORE_ATTEMPTS = 2;

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A new id: 16 URL-safe characters, the first a letter or digit. An id never starts with "-" (a spreadsheet reads
 * "-jkcb…" in a CSV as a formula, and its export would have to alter it) or "_".
 */
/** A saved lesson that does not exist, or belongs to another teacher (the same answer for both). */
export class SavedLessonNotFound extends Error {
  override name = "SavedLessonNotFound";
  constructor() {
    super("There is no such lesson in your library.");
  }
}

export function newId(): string {
  const bytes = crypto.randomBytes(13);
  return ALNUM[bytes[12]! % ALNUM.length]! + bytes.subarray(0, 12).toString("base64url").slice(1);
}
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}
/**
 * How a student's name or ID is matched across sessions: case, width and spacing do not matter; letters do (unlike
 * nicknames, look-alikes are not folded: "Arnie" and "Amie" are two students).
 */
export function identifierKey(identifier: string): string {
  return identifier.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** A session with nobody connected leaves memory after this long without a command (ended ones sooner). */
export const IDLE_EVICT_MS = 30 * 60_000;
export const ENDED_EVICT_MS = 2 * 60_000;

export class LiveSession {
  /** Next sequence number in the event log. */
  seq = 0;
  /** resume-token hash → participant id */
  readonly tokens = new Map<string, string>();
  timer: NodeJS.Timeout | null = null;
  /** Tail of this session's command queue. */
  queue: Promise<unknown> = Promise.resolve();
  /** Joins and answers applied but not yet stored, collected in this turn of the event loop. */
  batch: Batch | null = null;
  /** Settles when every batch handed to the database so far has been written (or has failed). */
  storing: Promise<void> = Promise.resolve();
  /** Last time a command ran or a client looked the session up (epoch ms). */
  lastActive = 0;
  /** Bumped each time the state is rebuilt from the log (after a failed write). */
  generation = 0;
  /** Host-key hashes of the other devices that host it (they opened the host link). */
  readonly coHosts = new Set<string>();
  /** SHA-256 of the current host link's secret, or null. */
  hostLinkHash: string | null = null;
  /** The teacher whose session it is, and the class it belongs to (null when hosted without an account). */
  teacherId: string | null = null;
  classId: string | null = null;
  /** Students join with a nickname only, or also with their name or student ID (linked across the class's sessions). */
  identify: "nickname" | "name" = "nickname";
  /**
   * Several processes: the node that owns the session, when this is a copy read from the log by another one (to
   * show a page). Such a copy runs no command: `SessionService.run` sends commands to the owner.
   */
  ownedBy: string | null = null;
  /**
   * A write failed and the database could not be read back to undo it in memory: the state may hold commands the
   * log does not. The next operation rebuilds it from the log first (or is refused while the database is away).
   */
  stale = false;

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

type Batch = { writes: BatchWrite[]; stored: Promise<void> };

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

/** The database did not take a write (or could not be read): nothing was changed, the client may try again. */
export class StorageUnavailable extends Error {
  override name = "StorageUnavailable";
  readonly code = "UNAVAILABLE" as const;
  constructor(cause?: unknown) {
    super("The database is not reachable right now: nothing was changed. Try again in a moment.", { cause });
  }
}

/** A command reached a copy of a session that another node owns (see `LiveSession.ownedBy`). */
export class NotOwner extends Error {
  override name = "NotOwner";
  constructor(readonly owner: string) {
    super(`this session is run by ${owner}`);
  }
}

/** Several processes: who owns which session (a lease), and the way to run an operation on the owner. */
export interface Cluster {
  readonly nodeId: string;
  /** The owner's node id: this node's if it holds the lease or just took it. */
  claim(sessionId: string): Promise<string>;
  release(sessionId: string): Promise<void>;
}

export interface Publisher {
  publish(session: LiveSession, notices: Notice[]): void;
}

export type Clock = () => number;

export class SessionService {
  private readonly live = new Map<string, LiveSession>();
  private readonly byCode = new Map<string, string>();
  private readonly loading = new Map<string, Promise<LiveSession | null>>();
  publisher: Publisher = { publish() {} };
  /** The signed-in teacher of a request's cookies, if any (set by the server: it knows the auth library). */
  teacherOf: (headers: Headers) => Promise<string | null> = async () => null;
  /** Seats per session (MAX_PARTICIPANTS); each join is logged with it. */
  capacity = 5000;
  /** Called when who may host a session changed (the socket adapter drops sockets that may no longer). */
  onHostsChanged: (session: LiveSession) => Promise<void> = async () => {};
  /** Called once a session has ended and its end is stored (the reports summarise it then). */
  onEnded: (sessionId: string) => Promise<void> = async () => {};
  /** How many clients are connected to a session (set by the socket adapter); idle sessions with none leave memory. */
  audience: (sessionId: string) => number = () => 0;
  /** Several processes (REDIS_URL): the lease that says which node runs which session. Null: this one runs all. */
  cluster: Cluster | null = null;
  /** Several processes: a copy changed who may host (a host link, an owner) in the database: the owner reads it again. */
  onMetaChanged: (sessionId: string) => Promise<void> = async () => {};

  constructor(
    private readonly repo: SessionRepository,
    readonly catalog: LessonCatalog,
    private readonly clock: Clock = Date.now,
  ) {}

  /**
   * Loads, one after another, the sessions that were active in the last `withinMs` and have not ended (after a
   * restart, so that their timers run again). Meant to run after the server listens: each lesson is compiled off
   * the event loop. Others load when someone asks for them.
   */
  async restoreRecent(withinMs = 2 * 3600_000): Promise<number> {
    const ids = await this.repo.recentLiveIds(new Date(this.clock() - withinMs));
    let n = 0;
    for (const id of ids) {
      // Counted before the work: a lesson that takes the process down while it loads is tried at most twice.
      if ((await this.repo.countRestoreAttempt(id)) > MAX_RESTORE_ATTEMPTS) {
        console.error(`session ${id}: the server stopped while loading it ${MAX_RESTORE_ATTEMPTS} times; marked as failed and not loaded`);
        await this.repo.markFailed(id, "The server stopped while loading this session's lesson.");
        continue;
      }
      if (await this.byId(id)) {
        await this.repo.restored(id);
        n++;
      }
    }
    return n;
  }

  /** Sessions in memory now. */
  get loaded(): number {
    return this.live.size;
  }

  /** A session as its stored row and log say: its state replayed, who may host it, its participants' tokens. */
  private static fromRow(row: LoadedSession, runtime: LessonRuntime): LiveSession {
    const { state, seq } = replay(row, runtime);
    const session = new LiveSession(state, row.code, row.hostTokenHash, runtime);
    session.seq = seq;
    SessionService.readMeta(session, row);
    for (const p of row.participants) session.tokens.set(p.resumeTokenHash, p.id);
    return session;
  }

  /** Who may host a session and whose it is, as stored. */
  private static readMeta(session: LiveSession, row: LoadedSession): void {
    session.hostLinkHash = row.hostLinkHash;
    session.teacherId = row.teacherId;
    session.classId = row.classId;
    session.identify = row.identify === "name" ? "name" : "nickname";
    session.coHosts.clear();
    for (const h of row.hosts) session.coHosts.add(h);
  }

  private adopt(row: LoadedSession, runtime: LessonRuntime): LiveSession {
    const session = SessionService.fromRow(row, runtime);
    session.lastActive = this.clock();
    this.live.set(row.id, session);
    this.byCode.set(row.code, row.id);
    this.schedule(session);
    // Several processes: this node may be taking the session over from one that died; the class hears from it.
    if (this.cluster) this.publisher.publish(session, [{ type: "changed" }]);
    return session;
  }

  /** A read-only copy of a session another node runs, from its log (for pages that show it). */
  private async copyOf(id: string, owner: string): Promise<LiveSession | null> {
    const row = await this.repo.load(id);
    if (!row) return null;
    const runtime = await this.catalog.load(row.lessonId).catch(() => undefined);
    if (!runtime) return null;
    const session = SessionService.fromRow(row, runtime);
    session.ownedBy = owner;
    return session;
  }

  /** This node no longer owns the session (another took it): it leaves memory without a word to anyone. */
  forget(id: string): void {
    const s = this.live.get(id);
    if (!s) return;
    if (s.timer) clearTimeout(s.timer);
    this.live.delete(id);
    if (this.byCode.get(s.code) === id) this.byCode.delete(s.code);
  }

  /** Several processes: the owner reads again who may host (a copy elsewhere changed it in the database). */
  async refreshMeta(id: string): Promise<void> {
    const s = this.live.get(id);
    if (!s) return;
    const row = await this.repo.load(id);
    if (!row) return;
    SessionService.readMeta(s, row);
    await this.onHostsChanged(s);
  }

  private mustOwn(session: LiveSession): void {
    if (session.ownedBy !== null) throw new NotOwner(session.ownedBy);
  }

  private async load(id: string): Promise<LiveSession | null> {
    const row = await this.repo.load(id);
    if (!row) return null;
    const existing = this.live.get(id);
    if (existing) return existing;
    if (row.failedAt) return null;
    let runtime: LessonRuntime | undefined;
    try {
      runtime = await this.catalog.load(row.lessonId);
    } catch (err) {
      console.error(`session ${row.id}: lesson ${row.lessonId} could not be compiled: ${String(err)}`);
      // The lesson itself cannot be served (too costly, or it fails): it never will be, so it is not tried again.
      // (LessonCompileError by name: importing the compiler here would take its worker into the pages' bundle.)
      if (err instanceof Error && err.name === "LessonCompileError") await this.repo.markFailed(row.id, err.message);
      return null;
    }
    if (!runtime) {
      console.error(`session ${row.id}: lesson ${row.lessonId} is not available; marked as failed and not loaded`);
      await this.repo.markFailed(row.id, `Its lesson (${row.lessonId}) is no longer stored, or no longer passes the checks of a lesson.`);
      return null;
    }
    return this.live.get(id) ?? this.adopt(row, runtime);
  }

  /** Hosts a teacher's own lesson (already validated): compiles it off the event loop, stores it, creates a session. */
  async createWithLesson(
    lesson: Lesson,
    hostKeyHash: string,
    owner: { teacherId: string; classId: string | null } | null = null,
  ): Promise<{ sessionId: string; code: string; lessonId: string }> {
    const lessonId = await this.storeLesson(lesson);
    return { ...(await this.create(lessonId, hostKeyHash, owner)), lessonId };
  }

  /** Compiles a teacher's lesson (already validated) off the event loop and stores it under its content id. */
  async storeLesson(lesson: Lesson): Promise<string> {
    const lessonId = customLessonId(lesson);
    const stored: Lesson = { ...lesson, id: lessonId };
    await this.catalog.register(stored); // rejects with LessonCompileError before anything is stored
    await this.repo.saveCustomLesson(lessonId, JSON.stringify(stored));
    return lessonId;
  }

  /**
   * Saves a lesson in a teacher's library: a new entry, or, with `savedId` (one of theirs), its new version.
   * Returns the entry's id and the lesson's. Throws SavedLessonNotFound for an entry that is not theirs.
   */
  async saveTeacherLesson(teacherId: string, lesson: Lesson, savedId?: string): Promise<{ savedId: string; lessonId: string }> {
    if (savedId !== undefined && !(await this.repo.teacherLesson(teacherId, savedId))) throw new SavedLessonNotFound();
    const lessonId = await this.storeLesson(lesson);
    const id = savedId ?? newId();
    await this.repo.putTeacherLesson({ id, teacherId, lessonId, title: lesson.title });
    return { savedId: id, lessonId };
  }

  /**
   * Creates a session on a lesson; `hostKeyHash` is the hash of the host browser's key; `owner` the signed-in
   * teacher (and class) it belongs to.
   */
  async create(lessonId: string, hostKeyHash: string, owner: { teacherId: string; classId: string | null } | null = null): Promise<{ sessionId: string; code: string }> {
    const runtime = await this.catalog.load(lessonId);
    if (!runtime) throw new Error(`unknown lesson ${lessonId}`);
    const id = newId();
    let code = "";
    for (let i = 0; ; i++) {
      code = makeJoinCode((n) => crypto.randomInt(n));
      if (!this.byCode.has(code) && !(await this.repo.codeInUse(code))) break;
      if (i > 20) throw new Error("could not find a free join code");
    }
    const createdAt = this.clock();
    await this.repo.create({ id, code, lessonId, hostTokenHash: hostKeyHash, teacherId: owner?.teacherId ?? null, classId: owner?.classId ?? null, createdAt: new Date(createdAt) });
    const session = new LiveSession(newSession(id, lessonId, createdAt), code, hostKeyHash, runtime);
    session.lastActive = createdAt;
    session.teacherId = owner?.teacherId ?? null;
    session.classId = owner?.classId ?? null;
    if (owner?.classId) session.identify = (await this.repo.classIdentify(owner.classId)) === "name" ? "name" : "nickname";
    // Several processes: a new session's id is new, so its lease is free: this node runs it.
    if (this.cluster) await this.cluster.claim(id);
    this.live.set(id, session);
    this.byCode.set(code, id);
    return { sessionId: id, code };
  }

  /**
   * A session by id, loading it from its log if it is not in memory (ended ones too, for viewing). Several
   * processes: the session this node runs (taking it if nobody does), or a read-only copy of one another node runs.
   */
  async byId(id: string): Promise<LiveSession | null> {
    if (this.cluster) {
      const owner = await this.cluster.claim(id);
      if (owner !== this.cluster.nodeId) {
        this.forget(id);
        return this.copyOf(id, owner);
      }
    }
    const s = this.live.get(id);
    if (s) {
      s.lastActive = this.clock();
      return s;
    }
    let p = this.loading.get(id);
    if (!p) {
      p = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, p);
    }
    return p;
  }

  /** Why a session was marked as failed (its lesson could not be loaded again), or null. */
  async failureOf(id: string): Promise<string | null> {
    const row = await this.repo.findById(id);
    return row?.failedAt ? (row.failure ?? "Its lesson could not be loaded.") : null;
  }

  async byJoinCode(code: string): Promise<LiveSession | null> {
    const id = await this.idOfCode(code);
    return id ? this.byId(id) : null;
  }

  /**
   * Join codes that named no session a moment ago, with when that stops being known: random codes cost one
   * database query each, then none for a few seconds (a session created meanwhile on this node is in `byCode`).
   */
  private readonly unknownCodes = new Map<string, number>();

  /** The id of the live session with this join code on this node, without asking the database. */
  knownCode(code: string): string | null {
    const id = this.byCode.get(code);
    return id && this.live.has(id) ? id : null;
  }

  /** The id of the session with this join code, if there is one. */
  async idOfCode(code: string): Promise<string | null> {
    const id = this.knownCode(code);
    if (id) return id;
    const now = this.clock();
    const until = this.unknownCodes.get(code);
    if (until !== undefined && until > now) return null;
    const found = (await this.repo.findByCode(code))?.id ?? null;
    if (found === null) {
      if (this.unknownCodes.size >= UNKNOWN_CODES_KEPT) this.unknownCodes.delete(this.unknownCodes.keys().next().value!);
      this.unknownCodes.set(code, now + UNKNOWN_CODE_MS);
    } else this.unknownCodes.delete(code);
    return found;
  }

  /** Lets idle sessions with nobody connected leave memory (their state is their log). Returns how many left. */
  evictIdle(now = this.clock()): number {
    let n = 0;
    for (const s of [...this.live.values()]) {
      const idleFor = now - s.lastActive;
      const limit = s.state.phase.kind === "ended" ? ENDED_EVICT_MS : IDLE_EVICT_MS;
      if (idleFor < limit || this.audience(s.id) > 0 || s.batch) continue;
      if (s.timer) clearTimeout(s.timer);
      this.live.delete(s.id);
      if (this.byCode.get(s.code) === s.id) this.byCode.delete(s.code);
      void this.cluster?.release(s.id).catch(() => undefined);
      n++;
    }
    return n;
  }

  /**
   * Whether a request may host this session. A teacher's session: its teacher, signed in, or a device given the
   * host link (the browser that created it is not enough: on a shared lecture PC the next user would inherit it
   * after the teacher signed out). A session without an account: the browser that created it, or a host-link device.
   */
  async canHost(session: LiveSession, hostKey: string | undefined, headers: Headers): Promise<boolean> {
    if (hostKey !== undefined && session.coHosts.has(hashToken(hostKey))) return true;
    if (session.teacherId === null) return this.isCreator(session, hostKey);
    return (await this.teacherOf(headers)) === session.teacherId;
  }

  /** Who may hand out and revoke host links: the teacher of a teacher's session, else the browser that created it. */
  async canManageHosts(session: LiveSession, hostKey: string | undefined, headers: Headers): Promise<boolean> {
    if (session.teacherId === null) return this.isCreator(session, hostKey);
    return (await this.teacherOf(headers)) === session.teacherId;
  }

  /** Whether `hostKey` is the key of the browser that created the session. */
  isCreator(session: LiveSession, hostKey: string | undefined): boolean {
    return hostKey !== undefined && sameHash(hashToken(hostKey), session.hostTokenHash);
  }

  /**
   * A session hosted without an account becomes the signed-in teacher's (from its host console, in the browser that
   * created it). Refused if it already belongs to someone, also when two claims race.
   */
  async claimForTeacher(session: LiveSession, teacherId: string, classId: string | null): Promise<boolean> {
    if (session.teacherId !== null) return session.teacherId === teacherId && classId === session.classId;
    if (!(await this.repo.claimForTeacher(session.id, teacherId, classId))) return false;
    session.teacherId = teacherId;
    session.classId = classId;
    session.identify = classId && (await this.repo.classIdentify(classId)) === "name" ? "name" : "nickname";
    if (session.ownedBy !== null) await this.onMetaChanged(session.id);
    return true;
  }

  /**
   * A new host link (a secret, returned once): another device that opens it becomes a host, e.g. when the lecture
   * PC dies. Replaces the previous link.
   */
  async createHostLink(session: LiveSession): Promise<string> {
    // Through the session's queue: a link is never created, claimed and revoked out of order.
    return this.enqueue(session, async () => {
      const secret = newToken();
      await this.repo.setHostLink(session.id, hashToken(secret));
      session.hostLinkHash = hashToken(secret);
      if (session.ownedBy !== null) await this.onMetaChanged(session.id);
      return secret;
    });
  }

  /** Revokes the host link and takes host control from every other device (their sockets included). */
  async revokeHostLink(session: LiveSession): Promise<void> {
    await this.enqueue(session, async () => {
      await this.repo.setHostLink(session.id, null);
      session.hostLinkHash = null;
      session.coHosts.clear();
    });
    if (session.ownedBy !== null) await this.onMetaChanged(session.id);
    await this.onHostsChanged(session);
  }

  /** Makes the browser with host key `hostKey` a host, if `secret` is the session's current host link. */
  async claimHost(session: LiveSession, secret: string, hostKey: string): Promise<boolean> {
    return this.enqueue(session, async () => {
      if (session.hostLinkHash === null || !sameHash(hashToken(secret), session.hostLinkHash)) return false;
      const hash = hashToken(hostKey);
      await this.repo.addHost(session.id, hash);
      session.coHosts.add(hash);
      if (session.ownedBy !== null) await this.onMetaChanged(session.id);
      return true;
    });
  }

  /** The participant a resume token belongs to, if it is theirs and they were not removed. */
  resume(session: LiveSession, resumeToken: string): string | null {
    const id = session.tokens.get(hashToken(resumeToken));
    if (!id) return null;
    const p = session.state.participants.get(id);
    return p && !p.kicked ? id : null;
  }

  /**
   * `device`: the hash of the browser's device cookie, if it sent one; `identifier`: the name or student ID typed
   * at join, in a class that asks for one (it links this participant to the class's student).
   */
  async join(session: LiveSession, nickname: string, device: string | null = null, identifier: string | null = null): Promise<{ participantId: string; resumeToken: string }> {
    this.mustOwn(session);
    const participantId = newId();
    const resumeToken = newToken();
    const resumeTokenHash = hashToken(resumeToken);
    const student =
      session.identify === "name" && session.classId && identifier
        ? { classId: session.classId, identifier, key: identifierKey(identifier), newId: newId() }
        : null;
    // Like answers: applied in order with every other command, stored with the joins and answers of the same turn.
    const { stored, notices } = await this.enqueue(session, async () => {
      await this.fresh(session);
      // One name or student ID is one device; look-alikes (TR39 skeletons, as for nicknames) count as the same.
      const identifierSkeleton = student ? nicknameKey(identifier!) : null;
      const command: SessionCommand = { type: "join", participantId, nickname, device, capacity: this.capacity, identifier: identifierSkeleton, at: this.clock() };
      session.lastActive = command.at;
      const notices = apply(session.state, command, session.runtime); // throws SessionError, changing nothing
      const extra = { kind: "participant", id: participantId, nickname, resumeTokenHash, student } as const;
      return { stored: this.addToBatch(session, { seq: session.seq++, command, extra }), notices };
    });
    await stored;
    session.tokens.set(resumeTokenHash, participantId);
    this.publisher.publish(session, notices);
    return { participantId, resumeToken };
  }

  /**
   * Applies an answer in order with every other command, but stores it together with the answers that arrive
   * in the same turn of the event loop (one transaction for a whole burst). Resolves once it is stored.
   */
  async submit(session: LiveSession, participantId: string, questionId: string, answer: Answer, confidence: Confidence | null) {
    this.mustOwn(session);
    const { stored, notices } = await this.enqueue(session, async () => {
      await this.fresh(session);
      const q = currentQuestion(session.state);
      if (!q || q.askId !== questionId) {
        throw new SessionError("QUESTION_CLOSED", "That question is no longer open.");
      }
      const command: SessionCommand = { type: "submit", participantId, answer, confidence, at: this.clock() };
      session.lastActive = command.at;
      const notices = apply(session.state, command, session.runtime); // throws SessionError, changing nothing
      const write: BatchWrite = { seq: session.seq++, command, extra: { kind: "answer", questionId, participantId, answer, confidence } };
      return { stored: this.addToBatch(session, write), notices };
    });
    await stored;
    this.publisher.publish(session, notices);
    return notices;
  }

  private addToBatch(session: LiveSession, write: BatchWrite): Promise<void> {
    let batch = session.batch;
    if (!batch) {
      const writes: BatchWrite[] = [];
      const previous = session.storing;
      const generation = session.generation;
      const stored = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(async () => {
        // From here on, new answers start the next batch.
        if (session.batch?.writes === writes) session.batch = null;
        // An earlier batch failed and the state was rebuilt from the log: these answers were applied to the state
        // that was thrown away, so they are refused (not written with numbers the log has moved past).
        if (session.generation !== generation) throw new Error("answers rolled back after a failed write");
        try {
          await this.repo.appendBatch(session.id, writes);
        } catch (err) {
          // These answers were applied but not stored: put the state back as the log says, and report the
          // failure to each of them (none was acknowledged).
          await this.undo(session);
          throw new StorageUnavailable(err);
        }
      });
      session.storing = stored.catch(() => undefined);
      batch = session.batch = { writes, stored };
    }
    batch.writes.push(write);
    return batch.stored;
  }

  /**
   * After a failed write: puts the state back as the log says, or, when the database cannot be read either, marks
   * the session stale (the answers queued on the dirty state are refused; the next operation reloads first).
   */
  private async undo(session: LiveSession): Promise<void> {
    try {
      await this.reload(session);
    } catch {
      session.stale = true;
      session.batch = null;
      session.generation++;
    }
  }

  /** A stale session is rebuilt from its log before anything else runs on it; refused while the database is away. */
  private async fresh(session: LiveSession): Promise<void> {
    if (!session.stale) return;
    try {
      await this.reload(session);
    } catch (err) {
      throw new StorageUnavailable(err);
    }
  }

  /** Rebuilds a session's state from its stored log, in place (queued commands then apply to the right state). */
  private async reload(session: LiveSession): Promise<void> {
    const row = await this.repo.load(session.id);
    if (!row) return;
    const { state, seq } = replay(row, session.runtime);
    session.state = state;
    session.seq = seq;
    session.batch = null;
    session.generation++;
    session.stale = false;
    this.schedule(session);
  }

  /** Runs a host (or timer) command. */
  async command(session: LiveSession, cmd: SessionCommand): Promise<Notice[]> {
    this.mustOwn(session);
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
    await this.fresh(session);
    session.lastActive = this.clock();
    let notices: Notice[];
    try {
      notices = apply(session.state, cmd, session.runtime); // a SessionError changes nothing
    } catch (err) {
      // Anything else may have left the state half-changed: put it back as the log says.
      if (!(err instanceof SessionError)) await this.undo(session);
      throw err;
    }
    const seq = session.seq;
    try {
      if (cmd.type === "reveal") {
        const revealed = notices.flatMap((n) => (n.type === "revealed" ? [session.state.questions.get(n.questionId)!] : []));
        extra = {
          kind: "grades",
          questions: revealed.map((q) => ({ questionId: q.askId, grades: [...q.grades].map(([participantId, grade]) => ({ participantId, grade })) })),
        };
      } else if (cmd.type === "end") {
        extra = { kind: "ended", at: new Date(cmd.at) };
      } else if (cmd.type === "release") {
        extra = { kind: "released", participantId: cmd.participantId };
      }
      await this.repo.append(session.id, seq, cmd, extra);
      session.seq = seq + 1;
    } catch (err) {
      // The state already moved; put it back as the log says, then report the failure.
      await this.undo(session);
      throw new StorageUnavailable(err);
    }
    this.schedule(session);
    this.publisher.publish(session, notices);
    if (cmd.type === "end") {
      this.onEnded(session.id).catch((err: unknown) => console.error(`session ${session.id}: summarising failed`, err));
    }
    return notices;
  }

  /** Keeps one timer per session: the open question's deadline. */
  private schedule(session: LiveSession): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = null;
    const q = currentQuestion(session.state);
    if (!q || q.status !== "open" || q.deadline === null || session.state.phase.kind === "ended") return;
    const questionId = q.askId;
    const fire = () => {
      const now = currentQuestion(session.state);
      if (!now || now.askId !== questionId || now.status !== "open") return;
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

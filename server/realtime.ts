/**
 * The socket.io adapter: parses every inbound payload at the edge, authorises host commands on every message,
 * runs commands through the session service and publishes the resulting views to the right rooms.
 */
import { fromNodeHeaders } from "better-auth/node";
import { parse as parseCookies } from "cookie";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import {
  type Ack,
  hostAttachPayload,
  hostPayload,
  joinPayload,
  submitPayload,
  watchPayload,
  type ClientToServerEvents,
  type ErrorCode,
  type HostCommand,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from "./protocol/events.ts";
import { COOKIE_VALUE, DEVICE_COOKIE, HOST_COOKIE } from "./protocol/cookies.ts";
import { checkNickname } from "./protocol/nickname.ts";
import { makeLimits, take, type Limits } from "./limits.ts";
import { SessionError, type Notice, type SessionCommand } from "./session/engine.ts";
import { hashToken, type LiveSession, type SessionService } from "./session/service.ts";
import { hostView, lessonInfo, participantView, publicView, tickOf } from "./session/views.ts";

export type DescentIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type DescentSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const rooms = {
  /** Everyone following a session: students and projectors. */
  public: (sessionId: string) => `pub:${sessionId}`,
  /** Projectors only: they show the lobby's names and the answered counter, which students' pages do not. */
  watch: (sessionId: string) => `watch:${sessionId}`,
  host: (sessionId: string) => `host:${sessionId}`,
  participant: (participantId: string) => `p:${participantId}`,
};

/**
 * Joins and answers are coalesced into one tick per window (the answered counter, the lobby's count and names,
 * the host's roster), sent to projectors and hosts only: at most ten a second (nine, with a margin for timers that
 * fire a millisecond early), however many arrive. Students'
 * pages show neither, so a hall's burst of answers sends its students nothing but their acks.
 */
const TICK_WINDOW_MS = 110;
/** Messages a socket may send per second before it is told to slow down. */
const MESSAGES_PER_SECOND = 20;
/** How often the sockets in host rooms are authorised again (a teacher may have signed out). */
const HOST_RECHECK_MS = 60_000;
/** An authorised host steps through a lesson (and scripts may drive it): a wider allowance, still bounded. */
const HOST_MESSAGES_PER_SECOND = 200;

class ClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new ClientError("BAD_REQUEST", `Invalid request — ${where}${issue.message}`);
  }
  return result.data;
}

/** The hash of the device cookie a socket's browser sent, or null (a client without cookies). */
function deviceOf(socket: DescentSocket): string | null {
  const value = parseCookies(socket.handshake.headers.cookie ?? "")[DEVICE_COOKIE];
  return value && COOKIE_VALUE.test(value) ? hashToken(value) : null;
}

export function attachRealtime(io: DescentIo, service: SessionService, clock: () => number = Date.now, limits: Limits = makeLimits()): void {
  const limiter = new RateLimiterMemory({ keyPrefix: "msg", points: MESSAGES_PER_SECOND, duration: 1 });
  const hostLimiter = new RateLimiterMemory({ keyPrefix: "host", points: HOST_MESSAGES_PER_SECOND, duration: 1 });
  const pending = new Map<string, NodeJS.Timeout>();
  // Who may host can change (a revoked host link, a teacher who signed out): host sockets are checked again then,
  // and every minute, and those that may no longer host leave the host room (which carries the answers).
  async function reauthorizeHosts(sessionId: string): Promise<void> {
    const session = await service.byId(sessionId);
    for (const s of await io.in(rooms.host(sessionId)).fetchSockets()) {
      const cookies = parseCookies(s.handshake.headers.cookie ?? "");
      const allowed = session !== null && (await service.canHost(session, cookies[HOST_COOKIE], fromNodeHeaders(s.handshake.headers)));
      if (!allowed) {
        s.leave(rooms.host(sessionId));
        s.data.role = undefined;
      }
    }
  }
  service.onHostsChanged = (session) => reauthorizeHosts(session.id);
  const recheck = setInterval(() => {
    for (const room of io.sockets.adapter.rooms.keys()) {
      if (room.startsWith("host:")) void reauthorizeHosts(room.slice("host:".length)).catch(() => undefined);
    }
  }, HOST_RECHECK_MS);
  recheck.unref();
  service.audience = (sessionId) =>
    (io.sockets.adapter.rooms.get(rooms.public(sessionId))?.size ?? 0) + (io.sockets.adapter.rooms.get(rooms.host(sessionId))?.size ?? 0);

  /**
   * Per session and audience: when the last message carrying the counters went out, and the tick waiting to go.
   * Projectors get a small tick every TICK_WINDOW_MS; the host's view carries the whole roster, so it comes less
   * often the larger the class (a millisecond more per ten students: every 300 ms at 2,000).
   */
  type Throttle = { last: number; timer: NodeJS.Timeout | null };
  const throttles = new WeakMap<LiveSession, { watch: Throttle; host: Throttle }>();
  const throttlesOf = (session: LiveSession) => {
    let t = throttles.get(session);
    if (!t) throttles.set(session, (t = { watch: { last: -Infinity, timer: null }, host: { last: -Infinity, timer: null } }));
    return t;
  };
  const sent = (t: Throttle) => {
    if (t.timer) clearTimeout(t.timer);
    t.timer = null;
    t.last = performance.now();
  };
  const after = (t: Throttle, windowMs: number, send: () => void) => {
    if (t.timer) return;
    const fire = () => {
      // A timer may fire a little early: never two sends closer than the window.
      const wait = t.last + windowMs - performance.now();
      if (wait > 0) {
        t.timer = setTimeout(fire, wait);
        return;
      }
      sent(t);
      send();
    };
    t.timer = setTimeout(fire, Math.max(0, t.last + windowMs - performance.now()));
  };

  /**
   * A whole-class message: the public state, serialised once for the room (nothing in it is per student: each
   * browser works out its own feedback from a reveal), and the host's view to the host room.
   */
  function broadcast(session: LiveSession): void {
    const t = throttlesOf(session);
    sent(t.watch);
    sent(t.host);
    const now = clock();
    io.to(rooms.public(session.id)).emit("session:state", publicView(session, now));
    io.to(rooms.host(session.id)).emit("host:state", hostView(session, now));
  }

  /** Joins and answers: coalesced ticks, carrying everything that arrived meanwhile. */
  function scheduleTick(session: LiveSession): void {
    const t = throttlesOf(session);
    after(t.watch, TICK_WINDOW_MS, () => io.to(rooms.watch(session.id)).emit("session:tick", tickOf(session, clock())));
    after(t.host, TICK_WINDOW_MS + session.state.participants.size / 10, () => io.to(rooms.host(session.id)).emit("host:state", hostView(session, clock())));
  }

  service.publisher = {
    publish(session: LiveSession, notices: Notice[]) {
      for (const n of notices) {
        if (n.type === "kicked") {
          io.to(rooms.participant(n.participantId)).emit("session:kicked", { message: "The host removed you from this session." });
          io.in(rooms.participant(n.participantId)).socketsLeave([rooms.public(session.id), rooms.participant(n.participantId)]);
        }
      }
      if (notices.every((n) => n.type === "answered" || n.type === "joined")) scheduleTick(session);
      else broadcast(session);
    },
  };

  /**
   * Answers one message: rate limit, run, ack with a Result. The ack's type comes from the protocol's event map
   * (through the listener's parameters); a client may still omit it, so it is called only if it is a function.
   * Only whitelisted messages reach clients.
   */
  async function respond<T>(socket: DescentSocket, ack: Ack<T> | undefined, run: () => Promise<T>): Promise<void> {
    const reply: Ack<T> = typeof ack === "function" ? ack : () => {};
    try {
      await (socket.data.role === "host" ? hostLimiter : limiter).consume(socket.id).catch(() => {
        throw new ClientError("RATE_LIMITED", "Too many requests: slow down a little.");
      });
      reply({ ok: true, data: await run() });
    } catch (err) {
      if (err instanceof ClientError || err instanceof SessionError) {
        reply({ ok: false, error: { code: err.code, message: err.message } });
      } else {
        console.error("socket handler failed:", err);
        reply({ ok: false, error: { code: "INTERNAL", message: "Something went wrong on the server. Please try again." } });
      }
    }
  }

  async function sessionByCode(code: string): Promise<LiveSession> {
    const session = await service.byJoinCode(code);
    if (!session) throw new ClientError("NOT_FOUND", "There is no session with that code. Check the code on the big screen.");
    return session;
  }

  async function hostSession(socket: DescentSocket, sessionId: string): Promise<LiveSession> {
    const session = await service.byId(sessionId);
    if (!session) throw new ClientError("NOT_FOUND", "There is no such session.");
    // Authorised on every message, from the httpOnly cookie the browser sends with the socket's handshake.
    const cookies = parseCookies(socket.handshake.headers.cookie ?? "");
    if (!(await service.canHost(session, cookies[HOST_COOKIE], fromNodeHeaders(socket.handshake.headers)))) {
      throw new ClientError("NOT_HOST", "Only the host of this session can do that.");
    }
    return session;
  }

  function toCommand(c: HostCommand, at: number): SessionCommand {
    switch (c.type) {
      case "ask":
        return { type: "ask", quantity: c.quantity, durationMs: c.durationSec ? c.durationSec * 1000 : null, hideValues: c.hideValues === true, peer: c.peer === true, ghosts: c.ghosts === true, at };
      case "discuss":
        return { type: "discuss", at };
      case "revote":
        return { type: "revote", durationMs: c.durationSec ? c.durationSec * 1000 : null, at };
      case "ghosts":
        return { type: "ghosts", shown: c.shown, at };
      case "leaderboard":
        return { type: "leaderboard", shown: c.shown, at };
      case "goto":
        return { type: "goto", cursor: c.cursor, at };
      case "lock":
        return { type: "lock", locked: c.locked, at };
      case "kick":
        return { type: "kick", participantId: c.participantId, at };
      case "readmit":
        return { type: "readmit", participantId: c.participantId, capacity: service.capacity, at };
      case "close":
        return { type: "close", reason: "host", at };
      case "start":
        return { type: "start", at };
      case "advance":
        return { type: "advance", at };
      case "reveal":
        return { type: "reveal", at };
      case "pause":
        return { type: "pause", at };
      case "resume":
        return { type: "resume", at };
      case "end":
        return { type: "end", at };
    }
  }

  io.on("connection", (socket) => {
    socket.on("session:join", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(joinPayload, raw);
        const session = await sessionByCode(p.code);
        // One socket is one participant of one session.
        const already = socket.data.participantId;
        if (already && socket.data.sessionId !== session.id) {
          throw new ClientError("ALREADY_JOINED", "This connection has already joined another session: reload the page to switch.");
        }
        if (already && (!p.resumeToken || service.resume(session, p.resumeToken) !== already)) {
          throw new ClientError("ALREADY_JOINED", "You have already joined this session.");
        }
        let participantId = p.resumeToken ? service.resume(session, p.resumeToken) : null;
        let resumeToken = p.resumeToken ?? "";
        if (!participantId) {
          // Coming back to an ended session still shows your results; joining it does not work.
          if (session.state.phase.kind === "ended") throw new SessionError("ENDED", "This session has ended.");
          if (p.nickname === undefined) throw new ClientError("NOT_JOINED", "Your place in this session was not found: join again with a nickname.");
          const checked = checkNickname(p.nickname);
          if (!checked.ok) throw new ClientError("BAD_NICKNAME", checked.message);
          let identifier: string | null = null;
          if (session.identify === "name") {
            identifier = (p.identifier ?? "").normalize("NFKC").replace(/\s+/g, " ").trim();
            if (identifier.length < 1 || identifier.length > 80 || /[\p{C}]/u.test(identifier)) {
              throw new ClientError("BAD_IDENTIFIER", "This class asks for your name or student ID (up to 80 characters).");
            }
          }
          const wait = await take(limits.joinSession, session.id);
          if (wait > 0) throw new ClientError("RATE_LIMITED", `Many people are joining at once: try again in ${wait} s.`);
          const joined = await service.join(session, checked.nickname, deviceOf(socket), identifier);
          participantId = joined.participantId;
          resumeToken = joined.resumeToken;
        }
        socket.data = { sessionId: session.id, participantId, role: "student" };
        await socket.join([rooms.public(session.id), rooms.participant(participantId)]);
        return {
          participantId,
          resumeToken,
          nickname: session.state.participants.get(participantId)!.nickname,
          you: participantView(session, participantId),
          session: publicView(session, clock()),
          lesson: lessonInfo(session),
        };
      }),
    );

    socket.on("session:watch", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(watchPayload, raw);
        const session = await sessionByCode(p.code);
        socket.data = { sessionId: session.id, role: "watcher" };
        await socket.join([rooms.public(session.id), rooms.watch(session.id)]);
        return { session: publicView(session, clock()), lesson: lessonInfo(session) };
      }),
    );

    socket.on("answer:submit", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(submitPayload, raw);
        const { sessionId, participantId } = socket.data;
        if (!sessionId || !participantId) throw new ClientError("NOT_JOINED", "Join the session before answering.");
        const session = await service.byId(sessionId);
        if (!session) throw new ClientError("NOT_FOUND", "There is no such session.");
        const confidence = p.confidence ?? null;
        await service.submit(session, participantId, p.questionId, p.answer, confidence);
        const result = { questionId: p.questionId, answer: p.answer, confidence };
        // The participant's other tabs and devices, if any (this one has the ack).
        if ((io.sockets.adapter.rooms.get(rooms.participant(participantId))?.size ?? 0) > 1) {
          socket.to(rooms.participant(participantId)).emit("session:answer", result);
        }
        return result;
      }),
    );

    socket.on("host:attach", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(hostAttachPayload, raw);
        const session = await hostSession(socket, p.sessionId);
        socket.data = { sessionId: session.id, role: "host" };
        await socket.join(rooms.host(session.id));
        return hostView(session, clock());
      }),
    );

    socket.on("host:command", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(hostPayload, raw);
        const session = await hostSession(socket, p.sessionId);
        await service.command(session, toCommand(p.command, clock()));
        return hostView(session, clock());
      }),
    );
  });
}

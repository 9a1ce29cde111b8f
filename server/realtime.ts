/**
 * The socket.io adapter: parses every inbound payload at the edge, authorises host commands on every message,
 * runs commands through the session service and publishes the resulting views to the right rooms.
 */
import { fromNodeHeaders } from "better-auth/node";
import { parse as parseCookies } from "cookie";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import crypto from "node:crypto";
import type { IncomingHttpHeaders as IncomingHeaders } from "node:http";
import {
  type Ack,
  type JoinResult,
  type Result,
  type SubmitResult,
  type WatchResult,
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
import { CLIENT_IP_HEADER } from "./http-guard.ts";
import { checkNickname } from "./protocol/nickname.ts";
import { makeLimits, take, type Limits } from "./limits.ts";
import { SessionError, type Notice, type SessionCommand } from "./session/engine.ts";
import { hashToken, NotOwner, StorageUnavailable, type LiveSession, type SessionService } from "./session/service.ts";
import { LEASE_MS } from "./cluster/ownership.ts";
import type { HostSession } from "./protocol/views.ts";
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
/** Messages refused for their rate before the connection is closed. */
const REFUSALS_BEFORE_DISCONNECT = 100;
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
        // A client that keeps sending after being told to slow down is a flood, not a student: it is let go.
        socket.data.refused = (socket.data.refused ?? 0) + 1;
        if (socket.data.refused > REFUSALS_BEFORE_DISCONNECT) socket.disconnect(true);
        throw new ClientError("RATE_LIMITED", "Too many requests: slow down a little.");
      });
      reply({ ok: true, data: await run() });
    } catch (err) {
      if (err instanceof ClientError || err instanceof SessionError || err instanceof StorageUnavailable) {
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

  /**
   * A session this node runs, for an operation on it. Several processes: `onOwner` sent the operation here because
   * this node holds the session's lease; if it lost it meanwhile, NotOwner sends the operation on again.
   */
  async function owned(sessionId: string): Promise<LiveSession> {
    const session = await service.byId(sessionId);
    if (!session) throw new ClientError("NOT_FOUND", "There is no such session.");
    if (session.ownedBy !== null) throw new NotOwner(session.ownedBy);
    return session;
  }

  /** Authorised on every message, from the httpOnly cookie (and the sign-in cookie) of the socket's handshake. */
  async function hostSession(sessionId: string, handshake: IncomingHeaders): Promise<LiveSession> {
    const session = await owned(sessionId);
    const cookies = parseCookies(handshake.cookie ?? "");
    if (!(await service.canHost(session, cookies[HOST_COOKIE], fromNodeHeaders(handshake)))) {
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
      case "release":
        return { type: "release", participantId: c.participantId, at };
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

  // ---------- operations on a session: run by the node that runs it ----------

  type JoinArgs = { sessionId: string; payload: z.infer<typeof joinPayload>; device: string | null; already: string | null; address?: string };
  type HostArgs = { sessionId: string; handshake: IncomingHeaders };
  const ops = {
    async join({ sessionId, payload: p, device, already, address }: JoinArgs): Promise<JoinResult> {
      const session = await owned(sessionId);
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
        if (address && (await take(limits.joinFromAddress, `${session.id}|${address}`)) > 0) {
          throw new ClientError("RATE_LIMITED", "Too many people have joined this session from your network.");
        }
        const joined = await service.join(session, checked.nickname, device, identifier);
        participantId = joined.participantId;
        resumeToken = joined.resumeToken;
      }
      return {
        participantId,
        resumeToken,
        nickname: session.state.participants.get(participantId)!.nickname,
        you: participantView(session, participantId),
        session: publicView(session, clock()),
        lesson: lessonInfo(session),
      };
    },
    async watch({ sessionId }: { sessionId: string }): Promise<WatchResult> {
      const session = await owned(sessionId);
      return { session: publicView(session, clock()), lesson: lessonInfo(session) };
    },
    async submit({ sessionId, participantId, payload: p }: { sessionId: string; participantId: string; payload: z.infer<typeof submitPayload> }): Promise<SubmitResult> {
      const session = await owned(sessionId);
      const confidence = p.confidence ?? null;
      await service.submit(session, participantId, p.questionId, p.answer, confidence);
      return { questionId: p.questionId, answer: p.answer, confidence };
    },
    async hostAttach({ sessionId, handshake }: HostArgs): Promise<HostSession> {
      return hostView(await hostSession(sessionId, handshake), clock());
    },
    async hostCommand({ sessionId, handshake, command }: HostArgs & { command: HostCommand }): Promise<HostSession> {
      const session = await hostSession(sessionId, handshake);
      await service.command(session, toCommand(command, clock()));
      return hostView(session, clock());
    },
    async refreshMeta({ sessionId }: { sessionId: string }): Promise<null> {
      await owned(sessionId);
      await service.refreshMeta(sessionId);
      return null;
    },
  };
  type Op = keyof typeof ops;

  /** Several processes: how long an operation may wait for a session's owner (a dead one's lease runs out first). */
  const FORWARD_BUDGET_MS = LEASE_MS + 1_500;
  const FORWARD_TIMEOUT_MS = 2_500;

  /** Sends an operation to the node that runs the session; its result, or null when that node did not answer. */
  function forward(to: string, id: string, sessionId: string, op: Op, args: unknown): Promise<Result<unknown> | null> {
    return new Promise((resolve) => {
      // Every other node answers (null from those that do not run the session); a node that died meanwhile does not.
      const timer = setTimeout(() => resolve(null), FORWARD_TIMEOUT_MS);
      io.serverSideEmit("descent:op", { to, id, sessionId, op, args }, (_err: Error | null, responses: (Result<unknown> | null)[] | undefined) => {
        clearTimeout(timer);
        resolve((responses ?? []).find((r) => r !== null) ?? null);
      });
    });
  }

  /** Runs an operation here, as a Result (what a forwarded operation's reply carries). */
  async function local(op: Op, args: unknown): Promise<Result<unknown>> {
    try {
      return { ok: true, data: await (ops[op] as (a: unknown) => Promise<unknown>)(args) };
    } catch (err) {
      if (err instanceof ClientError || err instanceof SessionError || err instanceof StorageUnavailable) return { ok: false, error: { code: err.code, message: err.message } };
      if (err instanceof NotOwner) return { ok: false, error: { code: "UNAVAILABLE", message: NOT_OWNER } };
      throw err;
    }
  }
  const NOT_OWNER = "not the owner";

  /**
   * Runs an operation on the session's owner: here with one process; with several, here if this node runs the
   * session (or takes it, nobody running it), else on the node that does. While a dead owner's lease runs out, it
   * tries again; then the client hears UNAVAILABLE and may retry.
   */
  async function onOwner<T>(sessionId: string, op: Op, args: unknown): Promise<T> {
    const cluster = service.cluster;
    if (!cluster) return (ops[op] as (a: unknown) => Promise<T>)(args);
    const deadline = Date.now() + FORWARD_BUDGET_MS;
    const id = crypto.randomUUID();
    for (;;) {
      const owner = await cluster.claim(sessionId);
      const r = owner === cluster.nodeId ? await local(op, args) : await forward(owner, id, sessionId, op, args);
      if (r?.ok) return r.data as T;
      if (r && !(r.error.code === "UNAVAILABLE" && r.error.message === NOT_OWNER)) throw new ClientError(r.error.code, r.error.message);
      if (Date.now() > deadline) throw new ClientError("UNAVAILABLE", "The server running this session is not answering: try again in a moment.");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  service.onMetaChanged = (sessionId) => onOwner(sessionId, "refreshMeta", { sessionId });

  /**
   * Forwarded operations by id, for a minute: one that is sent again (its reply was late, Redis was restarting)
   * gets the first run's result instead of running twice (an "advance" must not advance two lines).
   */
  const recent = new Map<string, Promise<Result<unknown>>>();
  const RECENT_MS = 60_000;
  io.on("descent:op", (message, ack) => {
    if (message.to !== service.cluster?.nodeId || !Object.hasOwn(ops, message.op)) return ack(null);
    let result = recent.get(message.id);
    if (!result) {
      result = local(message.op as Op, message.args).catch((err: unknown) => {
        console.error("forwarded operation failed:", err);
        return { ok: false, error: { code: "INTERNAL", message: "Something went wrong on the server. Please try again." } } as const;
      });
      // A refusal because this node no longer runs the session is not remembered: the next try goes elsewhere.
      recent.set(message.id, result);
      setTimeout(() => recent.delete(message.id), RECENT_MS).unref();
    }
    void result.then((r) => {
      if (!r.ok && r.error.message === NOT_OWNER) recent.delete(message.id);
      ack(r);
    });
  });

  // ---------- the sockets' messages: checked here, run on the session's owner ----------

  /**
   * A connection that asked for this many codes of no session is closed (reloading the page starts over), and one
   * address may ask for so many a minute: past either, a code costs no database query.
   */
  const UNKNOWN_CODES_PER_SOCKET = 10;

  async function sessionIdOf(socket: DescentSocket, code: string): Promise<string> {
    const address = socket.handshake.headers[CLIENT_IP_HEADER];
    const tooMany = () => {
      setImmediate(() => socket.disconnect(true));
      return new ClientError("RATE_LIMITED", "Too many codes that name no session: check the code on the big screen and reload the page.");
    };
    if ((socket.data.unknownCodes ?? 0) >= UNKNOWN_CODES_PER_SOCKET) throw tooMany();
    const known = service.knownCode(code);
    if (known) return known;
    if (typeof address === "string" && (await take(limits.unknownCodes, address)) > 0) throw tooMany();
    const id = await service.idOfCode(code);
    if (!id) {
      socket.data.unknownCodes = (socket.data.unknownCodes ?? 0) + 1;
      throw new ClientError("NOT_FOUND", "There is no session with that code. Check the code on the big screen.");
    }
    return id;
  }

  io.on("connection", (socket) => {
    socket.on("session:join", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(joinPayload, raw);
        const sessionId = await sessionIdOf(socket, p.code);
        // One socket is one participant of one session.
        const already = socket.data.participantId ?? null;
        if (already && socket.data.sessionId !== sessionId) {
          throw new ClientError("ALREADY_JOINED", "This connection has already joined another session: reload the page to switch.");
        }
        const address = socket.handshake.headers[CLIENT_IP_HEADER];
        const r = await onOwner<JoinResult>(sessionId, "join", {
          sessionId,
          payload: p,
          device: deviceOf(socket),
          already,
          ...(typeof address === "string" ? { address } : {}),
        } satisfies JoinArgs);
        socket.data = { ...socket.data, sessionId, participantId: r.participantId, role: "student" };
        await socket.join([rooms.public(sessionId), rooms.participant(r.participantId)]);
        return r;
      }),
    );

    socket.on("session:watch", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(watchPayload, raw);
        // One socket is one participant: watching would forget the seat, and the next join would take another.
        if (socket.data.participantId) throw new ClientError("ALREADY_JOINED", "This connection has joined as a participant: it follows the session already.");
        const sessionId = await sessionIdOf(socket, p.code);
        const r = await onOwner<WatchResult>(sessionId, "watch", { sessionId });
        socket.data = { ...socket.data, sessionId, role: "watcher" };
        await socket.join([rooms.public(sessionId), rooms.watch(sessionId)]);
        return r;
      }),
    );

    socket.on("answer:submit", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(submitPayload, raw);
        const { sessionId, participantId } = socket.data;
        if (!sessionId || !participantId) throw new ClientError("NOT_JOINED", "Join the session before answering.");
        const result = await onOwner<SubmitResult>(sessionId, "submit", { sessionId, participantId, payload: p });
        // The participant's other tabs and devices, if any (this one has the ack).
        if (service.cluster || (io.sockets.adapter.rooms.get(rooms.participant(participantId))?.size ?? 0) > 1) {
          socket.to(rooms.participant(participantId)).emit("session:answer", result);
        }
        return result;
      }),
    );

    socket.on("host:attach", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(hostAttachPayload, raw);
        const view = await onOwner<HostSession>(p.sessionId, "hostAttach", { sessionId: p.sessionId, handshake: socket.handshake.headers } satisfies HostArgs);
        socket.data = { sessionId: p.sessionId, role: "host" };
        await socket.join(rooms.host(p.sessionId));
        return view;
      }),
    );

    socket.on("host:command", (raw: unknown, ack) =>
      respond(socket, ack, async () => {
        const p = parse(hostPayload, raw);
        return onOwner<HostSession>(p.sessionId, "hostCommand", { sessionId: p.sessionId, handshake: socket.handshake.headers, command: p.command });
      }),
    );
  });
}

/**
 * The wire protocol: every socket.io event, its payload schema and its ack, declared once.
 * The server and the browser import this module; the server parses every inbound payload with these
 * schemas at the edge and answers with a typed Result.
 */
import { z } from "zod";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "./codes";
import { CONFIDENCE_LEVELS, MAX_ANSWER_ELEMENTS, TIMER_MAX_SEC, TIMER_MIN_SEC } from "./constants";
import type { HostSession, LessonInfo, ParticipantView, PublicSession, Tick } from "./views";

export { PROTOCOL_VERSION } from "./version";

// ---------- payload schemas (client → server) ----------

const finite = z.number().refine(Number.isFinite, "must be a finite number");

export const answerSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("number"), value: finite }),
  z.object({ kind: z.literal("vector"), value: z.array(finite).min(1).max(MAX_ANSWER_ELEMENTS) }),
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("error") }),
]);

export const confidenceSchema = z.enum(CONFIDENCE_LEVELS);

export const joinCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`), "not a join code");

const token = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "not a token");
const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "not an id");

export const joinPayload = z.object({
  code: joinCodeSchema,
  /** Omitted when resuming with a token. */
  nickname: z.string().max(200).optional(),
  /** In a class that identifies students: the student's name or student ID (seen only by the teacher). */
  identifier: z.string().max(200).optional(),
  resumeToken: token.optional(),
});

export const watchPayload = z.object({ code: joinCodeSchema });

export const submitPayload = z.object({
  questionId: z.string().min(1).max(100),
  answer: answerSchema,
  confidence: confidenceSchema.nullable().optional(),
});

export const hostCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("lock"), locked: z.boolean() }),
  z.object({ type: z.literal("kick"), participantId: id }),
  z.object({ type: z.literal("release"), participantId: id }),
  z.object({ type: z.literal("readmit"), participantId: id }),
  z.object({ type: z.literal("start") }),
  z.object({ type: z.literal("advance") }),
  z.object({
    type: z.literal("ask"),
    quantity: z.string().min(1).max(100),
    durationSec: z.number().int().min(TIMER_MIN_SEC).max(TIMER_MAX_SEC).nullable().optional(),
    /** Hide the values so far (and the graph) on the class's screens until the reveal. */
    hideValues: z.boolean().optional(),
    /** The first vote of a peer instruction round: vote, discuss with a neighbour, vote again, then reveal both. */
    peer: z.boolean().optional(),
    /** After the reveal, draw what each misconception would have produced beside the truth. */
    ghosts: z.boolean().optional(),
  }),
  z.object({ type: z.literal("discuss") }),
  z.object({ type: z.literal("revote"), durationSec: z.number().int().min(TIMER_MIN_SEC).max(TIMER_MAX_SEC).nullable().optional() }),
  z.object({ type: z.literal("ghosts"), shown: z.boolean() }),
  z.object({ type: z.literal("leaderboard"), shown: z.boolean() }),
  z.object({ type: z.literal("goto"), cursor: z.number().int().min(0).max(10_000) }),
  z.object({ type: z.literal("close") }),
  z.object({ type: z.literal("reveal") }),
  z.object({ type: z.literal("pause") }),
  z.object({ type: z.literal("resume") }),
  z.object({ type: z.literal("end") }),
]);

export const hostPayload = z.object({ sessionId: id, command: hostCommandSchema });
export const hostAttachPayload = z.object({ sessionId: id });

export type AnswerInput = z.infer<typeof answerSchema>;
export type JoinPayload = z.input<typeof joinPayload>;
export type SubmitPayload = z.input<typeof submitPayload>;
export type HostCommand = z.infer<typeof hostCommandSchema>;
export type HostPayload = z.input<typeof hostPayload>;

// ---------- results ----------

/** Error codes a client can see. Anything else is reported as INTERNAL without details. */
export type ErrorCode =
  | "BAD_REQUEST"
  | "NOT_FOUND"
  | "NOT_HOST"
  | "NOT_JOINED"
  | "BAD_NICKNAME"
  | "ALREADY_JOINED"
  | "BAD_IDENTIFIER"
  | "RATE_LIMITED"
  | "INTERNAL"
  /** Several processes: the one running this session did not answer in time (it may be restarting). */
  | "UNAVAILABLE"
  | import("../session/engine").SessionErrorCode;

export type Result<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
export type Ack<T> = (result: Result<T>) => void;

export type JoinResult = { participantId: string; resumeToken: string; nickname: string; you: ParticipantView; session: PublicSession; lesson: LessonInfo };
export type WatchResult = { session: PublicSession; lesson: LessonInfo };
export type SubmitResult = { questionId: string; answer: AnswerInput; confidence: z.infer<typeof confidenceSchema> | null };

// ---------- event maps (socket.io's type parameters) ----------

export interface ClientToServerEvents {
  "session:join": (payload: JoinPayload, ack: Ack<JoinResult>) => void;
  "session:watch": (payload: { code: string }, ack: Ack<WatchResult>) => void;
  "answer:submit": (payload: SubmitPayload, ack: Ack<SubmitResult>) => void;
  "host:attach": (payload: { sessionId: string }, ack: Ack<HostSession>) => void;
  "host:command": (payload: HostPayload, ack: Ack<HostSession>) => void;
}

export interface ServerToClientEvents {
  /** What everyone in the room may see: never a true value before its reveal. */
  "session:state": (state: PublicSession) => void;
  /** Joins and the answered counter, coalesced (at most ten a second): to projectors only. */
  "session:tick": (tick: Tick) => void;
  /** This participant's answer, to their other tabs and devices (the one that sent it has the ack). */
  "session:answer": (answer: SubmitResult) => void;
  /** Only to host sockets. */
  "host:state": (state: HostSession) => void;
  "session:kicked": (info: { message: string }) => void;
}

/** The payload a client sends with event `E`. */
export type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
/** The data of a successful ack of event `E`. */
export type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> ? T : never;

/** Several processes: an operation on a session, sent to the node that runs it (see server/realtime.ts). */
export type ForwardedOp = { to: string; id: string; sessionId: string; op: string; args: unknown };

export interface InterServerEvents {
  ping: () => void;
  "descent:op": (message: ForwardedOp, ack: (result: Result<unknown> | null) => void) => void;
}

export interface SocketData {
  sessionId?: string;
  participantId?: string;
  role?: "student" | "watcher" | "host";
  /** Join codes this connection asked for that named no session (past a few, it may ask no more). */
  unknownCodes?: number;
  /** Messages refused for their rate (past a hundred, the connection is closed). */
  refused?: number;
}

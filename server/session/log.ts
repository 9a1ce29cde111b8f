/**
 * The stored form of the event log: every accepted command as JSON with a format version. Replay parses each
 * entry with this schema (no blind cast of stored JSON); an entry that does not parse is reported by its number.
 */
import { z } from "zod";
import { CONFIDENCE_LEVELS } from "../protocol/constants.ts";
import type { SessionCommand } from "./engine.ts";

/** Version 1: the commands as `SessionCommand` declares them. Entries written before versions existed are v1. */
export const LOG_VERSION = 1;

const at = z.number().finite();
const answer = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("number"), value: z.number() }),
  z.object({ kind: z.literal("vector"), value: z.array(z.number()) }),
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("error") }),
]);

const commandV1 = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("join"),
    participantId: z.string(),
    nickname: z.string(),
    device: z.string().nullable().optional(),
    capacity: z.number().int().optional(),
    identifier: z.string().nullable().optional(),
    at,
  }),
  z.object({ type: z.literal("lock"), locked: z.boolean(), at }),
  z.object({ type: z.literal("kick"), participantId: z.string(), at }),
  z.object({ type: z.literal("release"), participantId: z.string(), at }),
  z.object({ type: z.literal("readmit"), participantId: z.string(), capacity: z.number().int().optional(), at }),
  z.object({ type: z.literal("start"), at }),
  z.object({ type: z.literal("advance"), at }),
  z.object({
    type: z.literal("ask"),
    quantity: z.string(),
    durationMs: z.number().nullable(),
    hideValues: z.boolean().optional(),
    peer: z.boolean().optional(),
    ghosts: z.boolean().optional(),
    at,
  }),
  z.object({ type: z.literal("discuss"), at }),
  z.object({ type: z.literal("revote"), durationMs: z.number().nullable(), at }),
  z.object({ type: z.literal("ghosts"), shown: z.boolean(), at }),
  z.object({ type: z.literal("leaderboard"), shown: z.boolean(), at }),
  z.object({ type: z.literal("goto"), cursor: z.number().int(), at }),
  z.object({ type: z.literal("submit"), participantId: z.string(), answer, confidence: z.enum(CONFIDENCE_LEVELS).nullable(), at }),
  z.object({ type: z.literal("close"), reason: z.enum(["host", "timer"]), questionId: z.string().optional(), at }),
  z.object({ type: z.literal("reveal"), at }),
  z.object({ type: z.literal("pause"), at }),
  z.object({ type: z.literal("resume"), at }),
  z.object({ type: z.literal("end"), at }),
]);

// The schema and the engine's command type must describe the same thing.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameShape: Equals<z.output<typeof commandV1>, SessionCommand> = true;
void sameShape;

export class LogEntryError extends Error {
  override name = "LogEntryError";
}

/** A command as stored in the log. */
export function storedCommand(command: SessionCommand): string {
  return JSON.stringify({ v: LOG_VERSION, ...command });
}

/** Parses one stored log entry. Throws LogEntryError (with the reason) if it is not a command of a known version. */
export function parseStoredCommand(payload: string): SessionCommand {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    throw new LogEntryError("not JSON");
  }
  const version = typeof raw === "object" && raw !== null && "v" in raw ? raw.v : 1;
  if (version !== LOG_VERSION) throw new LogEntryError(`unknown log format version ${JSON.stringify(version)}`);
  const r = commandV1.safeParse(raw);
  if (!r.success) throw new LogEntryError(r.error.issues.map((i) => `${i.path.join(".") || "entry"}: ${i.message}`).join("; "));
  return r.data;
}

/**
 * Rate limits, per client address, of what costs the server: creating sessions, compiling lessons, opening
 * socket connections. Sized so that a whole lecture hall behind one NAT address is never slowed down, while one
 * client cannot flood the server.
 */
import { RateLimiterMemory } from "rate-limiter-flexible";

export type Limits = {
  /** Sessions created from one address (a teacher creates a few). */
  createSession: RateLimiterMemory;
  /** Teachers' own lessons checked and compiled for one address (each may take seconds of a worker's time). */
  compileLesson: RateLimiterMemory;
  /** Lessons checked and compiled for all addresses together (the uploads' one worker; key `UPLOADS_KEY`). */
  compileLessons: RateLimiterMemory;
  /** Socket connections opened from one address (a full hall of 5,000 behind one NAT, reconnecting, fits in a minute). */
  connect: RateLimiterMemory;
  /** Joins into one session per second (a hall of 2,000 joins within seconds). */
  joinSession: RateLimiterMemory;
  /** Join codes that name no session, asked from one address a minute (each costs a database query; a hall mistyping asks a few). */
  unknownCodes: RateLimiterMemory;
  /** Joins into one session from one address (key `session|address`), an hour: a hall of 5,000 behind one NAT fits. */
  joinFromAddress: RateLimiterMemory;
  /** Self-paced runs started from one address (a class behind one NAT starts its homework at once). */
  startWork: RateLimiterMemory;
  /** Answers and choices from one browser (a student answers every few seconds; a retry draws new numbers). */
  workStep: RateLimiterMemory;
};

/** The one key of the limits that count every address together. */
export const ALL_ADDRESSES = "all";

export function makeLimits(): Limits {
  return {
    createSession: new RateLimiterMemory({ keyPrefix: "create", points: 30, duration: 60 }),
    compileLesson: new RateLimiterMemory({ keyPrefix: "compile", points: 6, duration: 60 }),
    compileLessons: new RateLimiterMemory({ keyPrefix: "compile-all", points: 60, duration: 60 }),
    connect: new RateLimiterMemory({ keyPrefix: "connect", points: 12_000, duration: 60 }),
    joinSession: new RateLimiterMemory({ keyPrefix: "join", points: 300, duration: 1 }),
    unknownCodes: new RateLimiterMemory({ keyPrefix: "unknown-code", points: 300, duration: 60 }),
    joinFromAddress: new RateLimiterMemory({ keyPrefix: "join-address", points: 6_000, duration: 3600 }),
    startWork: new RateLimiterMemory({ keyPrefix: "work", points: 600, duration: 60 }),
    workStep: new RateLimiterMemory({ keyPrefix: "work-step", points: 30, duration: 10 }),
  };
}

/** Takes one point; resolves to the seconds to wait when the limit is reached, else 0. */
export async function take(limiter: RateLimiterMemory, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (r) {
    const ms = (r as { msBeforeNext?: number }).msBeforeNext ?? 1000;
    return Math.max(1, Math.ceil(ms / 1000));
  }
}

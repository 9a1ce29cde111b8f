/**
 * The services of this process, shared between the custom server and Next's route handlers and server
 * components (Next bundles those separately, so module state would not be shared: globalThis is).
 */
import type { IntervalHistogram } from "node:perf_hooks";
import type { Auth } from "./auth.ts";
import type { LessonCompiler } from "./lessons/compiler.ts";
import type { Db } from "./db.ts";
import type { Limits } from "./limits.ts";
import type { SessionService } from "./session/service.ts";
import type { WorkService } from "./assignments/service.ts";

export type Services = {
  sessions: SessionService;
  /** Self-paced work: assignments and practice. */
  works: WorkService;
  compiler: LessonCompiler;
  limits: Limits;
  publicUrl: string | undefined;
  secureCookies: boolean;
  auth: Auth;
  db: Db;
  /** The event loop's delay, sampled all the time (the bench reads it through /api/health). */
  eventLoop: IntervalHistogram;
};

const g = globalThis as unknown as { __descentServices?: Services };

export function setServices(s: Services): void {
  g.__descentServices = s;
}

export function services(): Services {
  if (!g.__descentServices) throw new Error("Descent services are not running: start the app with `npm start` or `npm run dev`.");
  return g.__descentServices;
}

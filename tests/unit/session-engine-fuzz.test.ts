/**
 * A seeded fuzz test of the session state machine alone: random valid and invalid commands. A rejected command
 * leaves the state exactly as it was; replaying the accepted commands (the log) gives the live state. `FUZZ_SEED=n`
 * replays one seed; a failure names its seed.
 */
import { compileLesson, getLesson } from "@descent/autograd";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../packages/autograd/test/helpers.ts";
import { apply, newSession, SessionError, type SessionCommand } from "../../server/session/engine.ts";
import { makeLessonRuntime } from "../../server/session/lesson-runtime.ts";
import { plain } from "../support/state.ts";

const plan = makeLessonRuntime(compileLesson(getLesson("seed-zero-grad")!));
const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : Array.from({ length: 20 }, (_, i) => i + 1);

describe("session state machine fuzz", () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}`, () => {
      const rand = mulberry32(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const state = newSession("s", plan.lessonId, 0);
      const log: SessionCommand[] = [];
      const people = ["a", "b", "c", "d", "e"];
      let at = 0;
      for (let step = 0; step < 400; step++) {
        at += Math.floor(rand() * 4000);
        const cursor = state.phase.kind === "step" || state.phase.kind === "question" ? state.phase.cursor : 0;
        const quantities = Object.keys(plan.checkpoint(Math.min(cursor, plan.statementCount - 1)).values);
        const q = state.phase.kind === "question" ? state.questions.get(state.phase.questionId) : undefined;
        const candidates: SessionCommand[] = [
          { type: "join", participantId: pick(people), nickname: pick(["Ada", "Bob", "ada", "Cy", "Dee", "Eve"]), device: pick([null, "d1", "d2"]), at },
          { type: "lock", locked: rand() < 0.3, at },
          { type: "kick", participantId: pick([...people, "zz"]), at },
          { type: "readmit", participantId: pick([...people, "zz"]), at },
          { type: "start", at },
          { type: "advance", at },
          { type: "advance", at },
          { type: "ask", quantity: rand() < 0.9 ? pick(quantities) : pick(["constructor", "__proto__", "x"]), durationMs: pick([null, null, 5000, 3000, 700_000]), hideValues: rand() < 0.3, at },
          { type: "goto", cursor: pick([0, cursor - 1, cursor + 3, -1, 999]), at },
          {
            type: "submit",
            participantId: pick(people),
            answer: pick([{ kind: "number", value: Math.round(rand() * 100) - 50 }, { kind: "none" }, { kind: "error" }, { kind: "vector", value: [1, 2, 3] }] as const),
            confidence: pick([null, "low", "high"] as const),
            at,
          },
          { type: "close", reason: pick(["host", "timer"] as const), questionId: rand() < 0.5 ? q?.askId : "old", at },
          { type: "reveal", at },
          { type: "reveal", at },
          { type: "pause", at },
          { type: "resume", at },
          ...(rand() < 0.02 ? [{ type: "end", at } as const] : []),
        ];
        const cmd = pick(candidates);
        const before = structuredClone(state);
        try {
          apply(state, cmd, plan);
          log.push(cmd);
        } catch (e) {
          if (!(e instanceof SessionError)) throw new Error(`FUZZ_SEED=${seed} step ${step}: ${JSON.stringify(cmd)} threw ${String(e)}`);
          expect(state, `FUZZ_SEED=${seed} step ${step}: refused ${cmd.type} changed the state`).toEqual(before);
        }
      }
      const replayed = newSession("s", plan.lessonId, 0);
      for (const cmd of log) apply(replayed, cmd, plan);
      expect(plain(replayed), `FUZZ_SEED=${seed}`).toEqual(plain(state));
    });
  }
});

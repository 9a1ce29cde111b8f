/**
 * A seeded fuzz test of the socket protocol: a host, a projector and several students (and strangers) send random
 * valid and invalid events in random order. After every step: no ack is INTERNAL; no student has received a
 * question's true value before its reveal (a value is a leak only if it was not already public when the
 * question opened); at the end, the session equals its replayed log. `FUZZ_SEED=n` replays one seed; a failure
 * names its seed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, JoinResult } from "../../server/protocol/events.ts";
import { DEVICE_COOKIE } from "../../server/protocol/cookies.ts";
import type { HostSession } from "../../server/protocol/views.ts";
import { newToken } from "../../server/session/service.ts";
import { sessionServices } from "../../server/session/setup.ts";
import { call, numbersIn, recordFrames, startHarness, type Client, type Harness } from "../support/realtime-harness.ts";
import { plain } from "../support/state.ts";
import { mulberry32 } from "../../packages/autograd/test/helpers.ts";

const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [1, 2, 3];
const STEPS = Number(process.env.FUZZ_STEPS ?? 250);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const JUNK: unknown[] = [null, 42, "x", [], {}, { code: 7 }, { sessionId: "short" }, { command: { type: "explode" } }, "a".repeat(5000), { __proto__: { admin: true } }, { questionId: {} }];

describe("protocol fuzz", () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: no INTERNAL, no early truth, state equals its log`, async () => {
      const rand = mulberry32(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const s = await h.host();
      const host = await h.client({ cookie: s.cookie });
      const projector = await h.client();
      const students: { c: Client; frames: string[]; token?: string; id?: string }[] = [];
      for (let i = 0; i < 4; i++) {
        const c = await h.client({ cookie: `${DEVICE_COOKIE}=${newToken()}` });
        students.push({ c, frames: recordFrames(c) });
      }
      const stranger = await h.client();
      const strangerFrames = recordFrames(stranger);
      let view: HostSession | null = null;
      const failures: string[] = [];
      /** Numbers students have seen, and the truth of the open question with where its frames start. */
      const seen = new Set<number>();
      let secret: { id: string; numbers: number[]; from: number[] } | null = null;
      const studentFrames = () => [...students.map((x) => x.frames), strangerFrames];
      const absorb = () => {
        for (const list of studentFrames()) for (const f of list) for (const n of numbersIn(f)) seen.add(n);
      };

      const send = async (who: Client, event: keyof ClientToServerEvents, payload: unknown, label: string) => {
        const r = await call<unknown>(who, event, payload).catch(() => null);
        if (r && !r.ok && r.error.code === "INTERNAL") failures.push(`${label}: INTERNAL`);
        return r;
      };
      const hostCommand = async (command: object) => {
        const r = await send(host, "host:command", { sessionId: s.sessionId, command }, `host ${JSON.stringify(command)}`);
        if (r?.ok) view = r.data as HostSession;
        return r;
      };
      await send(host, "host:attach", { sessionId: s.sessionId }, "attach");
      await send(projector, "session:watch", { code: s.code }, "watch");

      for (let step = 0; step < STEPS; step++) {
        const roll = rand();
        const v = view as HostSession | null;
        if (roll < 0.35) {
          const types = ["start", "advance", "advance", "advance", "ask", "ask", "close", "reveal", "reveal", "pause", "resume", "lock", "kick", "readmit"];
          const type = pick(types);
          const quantities = v?.suggestions.map((x) => x.quantity) ?? [];
          const command =
            type === "ask"
              ? { type, quantity: rand() < 0.85 && quantities.length > 0 ? pick(quantities) : pick(["constructor", "__proto__", "nope", ""]), durationSec: rand() < 0.2 ? pick([5, 30, 3, 700]) : null }
              : type === "lock"
                ? { type, locked: rand() < 0.3 }
                : type === "kick" || type === "readmit"
                  ? { type, participantId: rand() < 0.8 && v && v.roster.length > 0 ? pick(v.roster).id : "nobody-here" }
                  : { type };
          await hostCommand(command);
        } else if (roll < 0.5) {
          const st = pick(students);
          const payload = st.token && rand() < 0.5 ? { code: s.code, resumeToken: st.token } : { code: rand() < 0.9 ? s.code : "ZZZZZZ", nickname: pick(["Ada", "Bob", "Cy", "Dee", "f u c k", "\u3164\u3164", `S${Math.floor(rand() * 1000)}`]) };
          const r = await send(st.c, "session:join", payload, `join ${JSON.stringify(payload)}`);
          if (r?.ok) {
            const j = r.data as JoinResult;
            st.token = j.resumeToken;
            st.id = j.participantId;
          }
        } else if (roll < 0.8) {
          const st = pick(students);
          const q = v?.question;
          const answer = pick([
            { kind: "number", value: Math.round((rand() * 200 - 100) * 100) / 100 },
            { kind: "none" },
            { kind: "error" },
            { kind: "vector", value: [1, 2] },
            { kind: "number", value: "NaN" },
            { kind: "maybe" },
          ]);
          await send(st.c, "answer:submit", { questionId: rand() < 0.9 && q ? q.id : "it9.s9:w", answer, confidence: pick([null, "low", "high", "very"]) }, "submit");
        } else if (roll < 0.9) {
          const who = pick([stranger, ...students.map((x) => x.c)]);
          const cmd = pick(["start", "advance", "reveal", "end"]);
          const r = await send(who, "host:command", { sessionId: s.sessionId, command: { type: cmd } }, "stranger host command");
          if (r?.ok) failures.push(`a non-host ran ${cmd}`);
        } else {
          const who = pick([stranger, host, ...students.map((x) => x.c)]);
          const event = pick(["session:join", "session:watch", "answer:submit", "host:attach", "host:command"] as const);
          await send(who, event, pick(JUNK), `junk ${event}`);
        }

        // Secrecy: the open question's truth must not reach students before its reveal.
        const now = view as HostSession | null;
        const q = now?.question ?? null;
        if (q && q.status !== "revealed") {
          if (!secret || secret.id !== q.id) {
            absorb();
            const truth = now!.preview;
            const numbers = truth && (truth.kind === "number" ? [truth.value] : truth.kind === "vector" ? truth.value : []);
            secret = { id: q.id, numbers: (numbers ?? []).filter((n) => ![...seen].some((x) => Math.abs(x - n) < 1e-9)), from: studentFrames().map((l) => l.length) };
          }
          studentFrames().forEach((list, i) => {
            for (const f of list.slice(secret!.from[i])) {
              if (numbersIn(f).some((n) => secret!.numbers.some((t) => Math.abs(n - t) < 1e-9))) failures.push(`truth of ${q.id} reached a student early: ${f.slice(0, 200)}`);
            }
          });
        } else if (secret) {
          secret = null;
        }
        if (failures.length > 0) break;
      }
      if (failures.length > 0) throw new Error(`FUZZ_SEED=${seed}: ${failures.join("\n")}`);

      // The session equals its log, replayed by a fresh service.
      const live = (await h.service.byId(s.sessionId))!;
      await live.queue;
      await live.storing;
      const { sessions: fresh, compiler } = sessionServices(h.db);
      const replayed = (await fresh.byId(s.sessionId))!;
      expect(plain(replayed.state), `FUZZ_SEED=${seed}`).toEqual(plain(live.state));
      fresh.dispose();
      await compiler.close();
    }, 120_000);
  }
});

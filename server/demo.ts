/**
 * `npm run demo`: a demo teacher (email and password printed) with one class, several ended sessions of different
 * lessons and a few dozen students whose answers are drawn from a mix of misconceptions, so that a newcomer sees a
 * populated dashboard in a minute. Idempotent: a second run finds the demo class and changes nothing. Everything
 * goes through the real session service (event logs, grades), exactly as live sessions do.
 * `populateClass` is also what the dashboard bench uses to make a large class.
 */
import { mulberry32 } from "../packages/autograd/test/helpers.ts";
import type { Answer } from "@descent/autograd";
import { makeAuth } from "./auth.ts";
import { loadConfig } from "./config.ts";
import { sharedDb, tuneSqlite, type Db } from "./db.ts";
import { applyMigrations } from "./migrate.ts";
import { suggestNickname } from "./protocol/nickname.ts";
import { hashToken, newId, newToken, type SessionService } from "./session/service.ts";
import { sessionServices } from "./session/setup.ts";

export const DEMO_EMAIL = "demo@descent.local";
export const DEMO_PASSWORD = "descent-demo-2026";
const DEMO_CLASS = "Demo class: Deep Learning 101";

/** A student's habits: the misconceptions they hold, and how often they slip or guess. */
type Profile = { holds: Set<string>; careful: number };

function answerFor(
  key: { truth: import("@descent/autograd").Value; mutants: { misconceptionId: string; value: import("@descent/autograd").Value }[] },
  accepts: readonly string[],
  p: Profile,
  rand: () => number,
): Answer {
  const held = key.mutants.find((m) => p.holds.has(m.misconceptionId));
  let pick = held && rand() < 0.85 ? held.value : rand() < p.careful ? key.truth : (key.mutants[Math.floor(rand() * key.mutants.length)]?.value ?? key.truth);
  // A value of a kind the question does not take (a mutant of another shape) is answered as the truth.
  if (!accepts.includes(pick.kind) || (pick.kind === "vector" && key.truth.kind === "vector" && pick.value.length !== key.truth.value.length)) pick = key.truth;
  const guess = () => Math.round(rand() * 2000) / 10 - 100;
  if (rand() < 0.04) {
    // A guess, of the kind the question takes.
    if (accepts.includes("number")) return { kind: "number", value: guess() };
    if (key.truth.kind === "vector") return { kind: "vector", value: key.truth.value.map(guess) };
  }
  switch (pick.kind) {
    case "number":
      return { kind: "number", value: Number(pick.value.toPrecision(4)) };
    case "vector":
      return { kind: "vector", value: pick.value.map((x) => Number(x.toPrecision(4))) };
    case "none":
      return { kind: "none" };
    case "error":
      return { kind: "error" };
  }
}

/**
 * Runs `sessions` ended sessions of the given lessons in a class, each with the same `students` (joined by name)
 * answering up to `questions` questions (the lesson's suggested ones, then others it is about).
 */
export async function populateClass(
  service: SessionService,
  opts: {
    classId: string;
    teacherId: string;
    lessons: string[];
    sessions: number;
    students: number;
    questions: number;
    seed: number;
    /** The share of questions a student answers (default 0.93). */
    answerRate?: number;
    onProgress?: (done: number) => void;
  },
): Promise<void> {
  const rand = mulberry32(opts.seed);
  const families = ["backward-overwrites", "zero-grad-writes-zeros", "update-sign-flipped", "square-factor-forgotten", "sum-instead-of-mean", "grad-starts-at-zero", "update-forgets-lr", "no-grad-stops-update"];
  const roster = Array.from({ length: opts.students }, (_, i) => ({
    name: `Student ${String(i + 1).padStart(3, "0")}`,
    nickname: suggestNickname(opts.seed * 10_000 + i),
    profile: { holds: new Set(families.filter(() => rand() < 0.18)), careful: 0.55 + rand() * 0.4 } satisfies Profile,
  }));
  let t = Date.UTC(2026, 8, 1, 9);
  for (let s = 0; s < opts.sessions; s++) {
    const lessonId = opts.lessons[s % opts.lessons.length]!;
    const { sessionId } = await service.create(lessonId, hashToken(newToken()), { teacherId: opts.teacherId, classId: opts.classId });
    const session = (await service.byId(sessionId))!;
    const at = () => (t += 1000);
    const ids = new Map<string, string>();
    for (const st of roster) {
      // Unique nicknames within a session: the suggestion, then a number if two collide.
      let nickname = st.nickname;
      for (let k = 2; ; k++) {
        try {
          ids.set(st.name, (await service.join(session, nickname, null, st.name)).participantId);
          break;
        } catch {
          nickname = `${st.nickname.slice(0, 20)} ${k}`;
        }
      }
    }
    await service.command(session, { type: "start", at: at() });
    const runtime = session.runtime;
    const asked = new Set<string>();
    const plan = runtime.trace.checkpoints.map((c, index) => ({ index, suggestions: runtime.suggestions(index).filter((x) => x.related) }));
    let count = 0;
    for (const { index, suggestions } of plan) {
      const cursor = () => (session.state.phase.kind === "step" || session.state.phase.kind === "question" ? session.state.phase.cursor : Infinity);
      while (cursor() < index) await service.command(session, { type: "advance", at: at() });
      for (const sug of suggestions) {
        if (count >= opts.questions || asked.has(sug.questionId)) continue;
        const key = runtime.key(runtime.question(index, sug.quantity)!);
        if (key.mutants.length === 0) continue;
        asked.add(sug.questionId);
        count++;
        await service.command(session, { type: "ask", quantity: sug.quantity, durationMs: null, at: at() });
        const qid = [...session.state.questions.keys()].at(-1)!;
        await Promise.all(
          roster.map((st) =>
            rand() < (opts.answerRate ?? 0.93)
              ? service.submit(session, ids.get(st.name)!, qid, answerFor(key, runtime.question(index, sug.quantity)!.accepts, st.profile, rand), rand() < 0.6 ? (["low", "medium", "high"] as const)[Math.floor(rand() * 3)]! : null)
              : Promise.resolve(),
          ),
        );
        await service.command(session, { type: "reveal", at: at() });
      }
      if (count >= opts.questions) break;
    }
    await service.command(session, { type: "end", at: at() });
    opts.onProgress?.(s + 1);
    t += 86_400_000;
  }
}

/** The demo teacher and class, made once. Returns whether anything was created. */
export async function ensureDemo(db: Db, service: SessionService, auth: ReturnType<typeof makeAuth>): Promise<boolean> {
  let user = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
  if (!user) {
    await auth.api.signUpEmail({ body: { email: DEMO_EMAIL, password: DEMO_PASSWORD, name: "Demo Teacher" } });
    user = await db.user.findUniqueOrThrow({ where: { email: DEMO_EMAIL } });
  }
  if (await db.class.findFirst({ where: { teacherId: user.id, name: DEMO_CLASS } })) return false;
  const classId = newId();
  await db.class.create({ data: { id: classId, teacherId: user.id, name: DEMO_CLASS, identify: "name" } });
  try {
    await populateClass(service, { classId, teacherId: user.id, lessons: ["seed-zero-grad", "grad-accumulation", "sgd-momentum", "autograd-traps"], sessions: 4, students: 36, questions: 10, seed: 7 });
  } catch (err) {
    // Half a demo is no demo: the next run starts again.
    await db.session.deleteMany({ where: { classId } });
    await db.class.delete({ where: { id: classId } });
    throw err;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig();
  await applyMigrations(config);
  const db = sharedDb(config);
  if (config.sqlitePath) await tuneSqlite(db);
  const { sessions, compiler } = sessionServices(db);
  const created = await ensureDemo(db, sessions, makeAuth(db, config, config.port));
  console.log(created ? "Demo data created." : "Demo data already there: nothing changed.");
  console.log(`Sign in at http://localhost:${config.port}/sign-in with\n  Email:    ${DEMO_EMAIL}\n  Password: ${DEMO_PASSWORD}`);
  sessions.dispose();
  await compiler.close();
  await db.$disconnect();
}

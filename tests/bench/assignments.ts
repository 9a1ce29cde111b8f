/**
 * Self-paced work, measured (part of `npm run bench`):
 *  1. Building a variant of the seed lesson (draw, trace, every misconception's values at its 14 default
 *     questions: `variantPlan`), in process, for BENCH_VARIANTS (300) fresh seeds after a warm-up.
 *  2. Against `npm start` on SQLite: BENCH_WORK_STUDENTS (200) students working at once on an assignment of the
 *     seed's 14 questions. They open the link within BENCH_ARRIVAL_S (10) seconds and think 2 to 8 seconds before
 *     each answer (a quick student): the acknowledgement time of every submit (p50/p95/p99/max).
 *  3. The same students with no time to think (each submits as soon as its last answer is acknowledged): the
 *     answers/s the server sustains at saturation.
 * Both check that every acknowledged answer is stored exactly once. Writes JSON to tests/bench/results/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lessons, resolveRef, variantPlan } from "@descent/autograd";
import { loadConfig } from "../../server/config.ts";
import { openDb } from "../../server/db.ts";
import { applyMigrations } from "../../server/migrate.ts";
import { newId } from "../../server/session/service.ts";
import type { WorkView } from "../../server/assignments/service.ts";
import { startServerProcess, tempDir } from "../support/server-process.ts";

const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 300);
const STUDENTS = Number(process.env.BENCH_WORK_STUDENTS ?? 200);
const ARRIVAL_S = Number(process.env.BENCH_ARRIVAL_S ?? 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const stats = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99), max: Math.max(...xs), n: xs.length });
const fmt = (s: ReturnType<typeof stats>) => `p50 ${s.p50.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms · p99 ${s.p99.toFixed(1)} ms · max ${s.max.toFixed(1)} ms (n = ${s.n})`;

// ---- 1. building a variant ----
const seed = lessons.find((l) => l.id === "seed-zero-grad")!;
const questions = seed.questions!.map((q) => resolveRef(seed, q));
for (let i = 0; i < 30; i++) variantPlan(seed, `warm:${i}`, questions);
const build: number[] = [];
for (let i = 0; i < VARIANTS; i++) {
  const t = performance.now();
  variantPlan(seed, `bench:${i}`, questions);
  build.push(performance.now() - t);
}
console.log(`Variant of the seed lesson (draw + trace + every misconception at ${questions.length} questions): ${fmt(stats(build))}`);

// ---- 2. 200 students at once against npm start ----
const file = path.join(tempDir("bench-work"), "work.db");
const config = loadConfig({ DATABASE_URL: `file:${file}`, NODE_ENV: "production" });
await applyMigrations(config);
const db = openDb(config);
const teacherId = newId();
await db.user.create({ data: { id: teacherId, name: "Bench", email: "bench-work@school.edu" } });
const classId = newId();
await db.class.create({ data: { id: classId, teacherId, name: "Bench class" } });
async function makeAssignment(title: string) {
  const id = newId();
  const slug = `bench-${newId()}`;
  await db.assignment.create({ data: { id, slug, teacherId, classId, lessonId: seed.id, title, questions: JSON.stringify(questions), attempts: 1, mastery: 3 } });
  return slug;
}

const server = await startServerProcess({ DATABASE_URL: `file:${file}` });
const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model }, variantBuild: stats(build), students: STUDENTS };
try {
  const call = async (p: string, cookie: string, body?: unknown) => {
    const res = await fetch(`${server.url}${p}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", origin: server.url, cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as unknown;
    if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  /** Every student works through the assignment; `think` is the pause before each answer. */
  async function run(slug: string, arrivalMs: number, think: () => number) {
    const acks: number[] = [];
    const starts: number[] = [];
    let acknowledged = 0;
    let firstSubmit = Infinity;
    let lastAck = 0;
    await Promise.all(
      Array.from({ length: STUDENTS }, async (_, i) => {
        await sleep((i / STUDENTS) * arrivalMs);
        // Each student a browser of its own (its device cookie), with a nickname the product accepts.
        const device = (await fetch(`${server.url}/api/health`)).headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
        const ts = performance.now();
        const { workId } = (await call("/api/work", device, { assignment: slug, name: `Learner ${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26) + 1}` })) as { workId: string };
        let view = (await call(`/api/work/${workId}`, device)) as WorkView;
        starts.push(performance.now() - ts);
        let k = 0;
        while (view.item) {
          await sleep(think());
          const t = performance.now();
          firstSubmit = Math.min(firstSubmit, t);
          const r = (await call(`/api/work/${workId}/answer`, device, {
            submissionId: `bench-${i}-${k++}-answer`,
            questionId: view.item.questionId,
            variant: view.item.variant,
            answer: { kind: "number", value: i % 7 },
          })) as { view: WorkView };
          const done = performance.now();
          acks.push(done - t);
          lastAck = Math.max(lastAck, done);
          acknowledged++;
          view = r.view;
        }
      }),
    );
    return { starts: stats(starts), acks: stats(acks), acknowledged, answersPerSecond: acknowledged / ((lastAck - firstSubmit) / 1000) };
  }

  const steps = () => db.workStep.count({ where: { kind: "answer" } });
  const realistic = await run(await makeAssignment("Working"), ARRIVAL_S * 1000, () => 2000 + Math.random() * 6000);
  const storedA = await steps();
  console.log(`${STUDENTS} students working at once (arriving over ${ARRIVAL_S} s, 2–8 s to think before each answer):`);
  console.log(`  link opened → first question on screen: ${fmt(realistic.starts)}`);
  console.log(`  submit → acknowledged: ${fmt(realistic.acks)}`);
  console.log(`  acknowledged ${realistic.acknowledged}, stored ${storedA}, lost ${realistic.acknowledged - storedA}`);
  const saturated = await run(await makeAssignment("Saturated"), 0, () => 0);
  const storedB = (await steps()) - storedA;
  console.log(`${STUDENTS} students with no time to think (saturation): ${saturated.answersPerSecond.toFixed(0)} answers/s; submit → acknowledged ${fmt(saturated.acks)}`);
  console.log(`  acknowledged ${saturated.acknowledged}, stored ${storedB}, lost ${saturated.acknowledged - storedB}`);
  Object.assign(results, { realistic: { ...realistic, stored: storedA }, saturated: { ...saturated, stored: storedB } });
  const out = path.join(import.meta.dirname, "results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `assignments-${new Date().toISOString().slice(0, 10)}.json`), JSON.stringify(results, null, 2));
  if (storedA !== realistic.acknowledged || storedB !== saturated.acknowledged) process.exitCode = 1;
} finally {
  await server.stop();
  await db.$disconnect();
}

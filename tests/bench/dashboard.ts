/**
 * `npm run bench:dashboard`: a class of BENCH_SESSIONS (30) sessions × BENCH_CLASS_STUDENTS (200) students ×
 * BENCH_QUESTIONS (20) questions (120,000 answers) on SQLite, made through the real session service; then, against
 * `npm start` signed in as the class's teacher, the time to answer the class dashboard, a student's page and the
 * class's CSV (median of 5, server on loopback). Writes JSON to tests/bench/results/.
 */
import fs from "node:fs";
import path from "node:path";
import { makeAuth } from "../../server/auth.ts";
import { loadConfig } from "../../server/config.ts";
import { openDb, tuneSqlite } from "../../server/db.ts";
import { populateClass } from "../../server/demo.ts";
import { applyMigrations } from "../../server/migrate.ts";
import { newId } from "../../server/session/service.ts";
import { sessionServices } from "../../server/session/setup.ts";
import { startServerProcess, tempDir } from "../support/server-process.ts";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 30);
const STUDENTS = Number(process.env.BENCH_CLASS_STUDENTS ?? 200);
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 20);

const file = path.join(tempDir("bench-dash"), "class.db");
const config = loadConfig({ DATABASE_URL: `file:${file}`, NODE_ENV: "production" });
await applyMigrations(config);
const db = openDb(config);
await tuneSqlite(db);
const auth = makeAuth(db, config, 0);
await auth.api.signUpEmail({ body: { email: "bench@school.edu", password: "bench-password-1", name: "Bench" } });
const teacher = await db.user.findUniqueOrThrow({ where: { email: "bench@school.edu" } });
const classId = newId();
await db.class.create({ data: { id: classId, teacherId: teacher.id, name: "Big class", identify: "name" } });
const { sessions, compiler } = sessionServices(db);
const t0 = performance.now();
await populateClass(sessions, {
  classId,
  teacherId: teacher.id,
  lessons: ["seed-zero-grad", "two-layer-sigmoid", "sgd-momentum"],
  sessions: SESSIONS,
  students: STUDENTS,
  questions: QUESTIONS,
  seed: 11,
  answerRate: 1,
  onProgress: (n) => process.stdout.write(`\rmade ${n}/${SESSIONS} sessions`),
});
const answers = await db.answer.count();
console.log(`\n${answers} answers made in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
const student = await db.student.findFirstOrThrow({ where: { classId } });
sessions.dispose();
await compiler.close();
await db.$disconnect();

const server = await startServerProcess({ DATABASE_URL: `file:${file}` });
try {
  const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: "bench@school.edu", password: "bench-password-1" }),
  });
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const time = async (p: string) => {
    const samples: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      const res = await fetch(`${server.url}${p}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
      if (i > 0) samples.push(performance.now() - t); // the first request warms the lesson caches
    }
    samples.sort((a, b) => a - b);
    return { median: samples[Math.floor(samples.length / 2)]!, max: samples.at(-1)! };
  };
  const results = {
    answers,
    "class dashboard": await time(`/classes/${classId}`),
    "student page": await time(`/classes/${classId}/students/${student.id}`),
    "class CSV (all answers)": await time(`/api/export/class/${classId}`),
  };
  console.log(`\nTeacher pages over a class of ${answers} answers (median of 5, ms):`);
  for (const [k, v] of Object.entries(results)) if (typeof v === "object") console.log(`  ${k.padEnd(26)} ${v.median.toFixed(0)} ms (max ${v.max.toFixed(0)})`);
  const out = path.join(import.meta.dirname, "results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `dashboard-${new Date().toISOString().slice(0, 10)}.json`), JSON.stringify(results, null, 2));
} finally {
  await server.stop();
}

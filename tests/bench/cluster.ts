/**
 * `npm run bench:cluster`: many lecture halls at once. BENCH_ROOMS (10) sessions × BENCH_ROOM_STUDENTS (200)
 * students, first on one node on SQLite (`npm start`), then on two nodes on PostgreSQL + Redis (the machine's;
 * `DESCENT_TEST_POSTGRES`, `DESCENT_TEST_REDIS`), in the same run with the same clients (this process). In the
 * cluster, each room's session runs on one node, its host is on the other and its students alternate between the
 * two, so that commands are forwarded and every message crosses Redis. Per round (BENCH_ROUNDS, 3): every room asks
 * a question, every student answers at once (answers/s), every room reveals (reveal → each student's copy: p50, p95,
 * p99, max). Then acknowledged answers are counted in the database: none may be lost. JSON in
 * tests/bench/results/cluster-<date>.json.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { io as ioClient, type Socket } from "socket.io-client";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import type { HostSession, PublicSession } from "../../server/protocol/views.ts";
import { freshPostgresDatabase } from "../support/postgres.ts";
import { IT1_BACKWARD } from "../support/seed-cursors.ts";
import { startServerProcess, tempDir, type RunningServer } from "../support/server-process.ts";
import { openDb } from "../../server/db.ts";
import { loadConfig } from "../../server/config.ts";

const ROOMS = Number(process.env.BENCH_ROOMS ?? 10);
const PER_ROOM = Number(process.env.BENCH_ROOM_STUDENTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REDIS_URL = process.env.DESCENT_TEST_REDIS ?? "redis://127.0.0.1:6379";
const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Client = Socket;
const sockets: Client[] = [];

function pct(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.at(-1) ?? NaN };
}

async function call<T>(c: Client, event: string, payload: unknown, timeoutMs = 30_000): Promise<T> {
  const r = (await c.timeout(timeoutMs).emitWithAck(event, payload)) as { ok: boolean; data: T; error?: { code: string; message: string } };
  if (!r.ok) throw new Error(`${event}: ${r.error?.code} ${r.error?.message}`);
  return r.data;
}

function connect(url: string, cookie?: string): Promise<Client> {
  const c = ioClient(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { origin: url, ...(cookie ? { cookie } : {}) } });
  sockets.push(c);
  return new Promise((resolve, reject) => {
    c.once("connect", () => resolve(c));
    c.once("connect_error", reject);
  });
}

type Room = { sessionId: string; code: string; host: Client; students: { c: Client; seen: Map<string, number> }[] };

async function run(label: string, nodes: RunningServer[], countStored: (sessionIds: string[]) => Promise<number>) {
  const urls = nodes.map((n) => n.url);
  const rooms: Room[] = [];
  for (let r = 0; r < ROOMS; r++) {
    const owner = urls[r % urls.length]!;
    const res = await fetch(`${owner}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", origin: owner }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
    const { sessionId, code } = (await res.json()) as { sessionId: string; code: string };
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;
    const host = await connect(urls[(r + 1) % urls.length]!, cookie);
    await call<HostSession>(host, "host:attach", { sessionId });
    rooms.push({ sessionId, code, host, students: [] });
  }
  // Students arrive a room at a time, fifty at once.
  const joinStart = now();
  for (const [r, room] of rooms.entries()) {
    for (let k = 0; k < PER_ROOM; k += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, PER_ROOM - k) }, async (_, j) => {
          const c = await connect(urls[(k + j) % urls.length]!);
          await call(c, "session:join", { code: room.code, nickname: `R${r}S${k + j}` });
          const seen = new Map<string, number>();
          c.on("session:state", (s: PublicSession) => {
            if (s.question) seen.set(`${s.question.id}:${s.question.status}`, seen.get(`${s.question.id}:${s.question.status}`) ?? now());
          });
          room.students.push({ c, seen });
        }),
      );
    }
  }
  const joinSeconds = (now() - joinStart) / 1000;
  const command = (room: Room, c: object) => call<HostSession>(room.host, "host:command", { sessionId: room.sessionId, command: c });
  await Promise.all(rooms.map(async (room) => (await command(room, { type: "start" }), command(room, { type: "goto", cursor: IT1_BACKWARD }))));

  const reveal: number[] = [];
  const opened: number[] = [];
  const rates: number[] = [];
  let acked = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const asked = await Promise.all(rooms.map(async (room) => ({ room, t: now(), q: (await command(room, { type: "ask", quantity: "w.grad" })).question! })));
    for (const { room, t, q } of asked) {
      for (const s of room.students) {
        while (!s.seen.has(`${q.id}:open`)) await sleep(5);
        opened.push(s.seen.get(`${q.id}:open`)! - t);
      }
    }
    // Every student of every room answers at once.
    const t0 = now();
    const acks = await Promise.all(
      asked.flatMap(({ room, q }) => room.students.map((s, i) => call(s.c, "answer:submit", { questionId: q.id, answer: { kind: "number", value: -40 + (i % 5) } }).then(() => now()))),
    );
    acked += acks.length;
    rates.push(acks.length / ((Math.max(...acks) - t0) / 1000));
    // Every room reveals; each student's copy of the reveal is timed from its room's click.
    const clicks = await Promise.all(
      asked.map(async ({ room, q }) => {
        const t = now();
        await command(room, { type: "reveal" });
        return { room, q, t };
      }),
    );
    for (const { room, q, t } of clicks) {
      for (const s of room.students) {
        const end = now() + 10_000;
        while (!s.seen.has(`${q.id}:revealed`) && now() < end) await sleep(5);
        reveal.push((s.seen.get(`${q.id}:revealed`) ?? NaN) - t);
      }
    }
  }
  const stored = await countStored(rooms.map((r) => r.sessionId));
  for (const c of sockets.splice(0)) c.disconnect();
  return { label, joinSeconds, opened: pct(opened), reveal: pct(reveal.filter(Number.isFinite)), missedReveals: reveal.filter((x) => !Number.isFinite(x)).length, answersPerSecond: pct(rates).p50, acked, stored, lost: acked - stored };
}

const results = [];
{
  const file = path.join(tempDir("bench-cluster"), "one.db");
  const node = await startServerProcess({ DATABASE_URL: `file:${file}` });
  try {
    const db = openDb(loadConfig({ DATABASE_URL: `file:${file}` }));
    results.push(await run("1 node, SQLite", [node], async (ids) => db.answer.count({ where: { sessionId: { in: ids } } })));
    await db.$disconnect();
  } finally {
    await node.stop();
  }
}
{
  const database = await freshPostgresDatabase("descent_bench");
  const env = { DATABASE_URL: database.url, REDIS_URL, AUTH_SECRET: "bench-cluster-secret-bench-cluster-secret-01" };
  const a = await startServerProcess({ ...env, NODE_ID: "bench-a" });
  const b = await startServerProcess({ ...env, NODE_ID: "bench-b" });
  try {
    results.push(
      await run("2 nodes, PostgreSQL + Redis", [a, b], async (ids) => {
        const c = new pg.Client({ connectionString: database.url });
        await c.connect();
        const n = Number((await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "Answer" WHERE "sessionId" = ANY($1)`, [ids])).rows[0]!.n);
        await c.end();
        return n;
      }),
    );
  } finally {
    await a.stop();
    await b.stop();
    await database.drop();
  }
}

console.log(`${ROOMS} rooms × ${PER_ROOM} students, ${ROUNDS} rounds (ms; reveal: the host's click → each student's copy):`);
for (const r of results) {
  const f = (x: number) => x.toFixed(0);
  console.log(
    `  ${r.label.padEnd(28)} joined in ${r.joinSeconds.toFixed(1)} s · question opened p99 ${f(r.opened.p99)} · reveal p50 ${f(r.reveal.p50)} p95 ${f(r.reveal.p95)} p99 ${f(r.reveal.p99)} max ${f(r.reveal.max)} · ${f(r.answersPerSecond)} answers/s · acknowledged ${r.acked}, stored ${r.stored}, lost ${r.lost}${r.missedReveals ? `, ${r.missedReveals} reveals not seen` : ""}`,
  );
}
const out = path.join(import.meta.dirname, "results");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, `cluster-${new Date().toISOString().slice(0, 10)}.json`), JSON.stringify(results, null, 2));
process.exit(0);

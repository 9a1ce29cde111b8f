/**
 * `npm run bench`: N simulated students on loopback against the real socket layer (session service, SQLite).
 * Prints reveal latency percentiles beside a bare socket.io broadcast to as many clients in the same run,
 * the throughput of an answer burst (everyone submits at once), and how many acknowledged answers were lost.
 *   BENCH_STUDENTS (default 100), BENCH_ROUNDS (default 5)
 */
import http from "node:http";
import { Server } from "socket.io";
import { io as ioClient, type Socket } from "socket.io-client";
import type { JoinResult } from "../../server/protocol/events.ts";
import { suggestNickname } from "../../server/protocol/nickname.ts";
import type { HostSession } from "../../server/protocol/views.ts";
import { call, ok, startHarness, type Client } from "../support/realtime-harness.ts";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? NaN };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A bare socket.io server broadcasting to STUDENTS clients: the floor any reveal latency stands on. */
async function baseline(): Promise<number[]> {
  const server = http.createServer();
  const io = new Server(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const clients: Socket[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const c = ioClient(`http://127.0.0.1:${port}`, { transports: ["websocket"], forceNew: true });
    await new Promise((r) => c.once("connect", () => r(null)));
    clients.push(c);
  }
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const got = clients.map((c) => new Promise<number>((r) => c.once("tick", () => r(performance.now()))));
    const t0 = performance.now();
    io.emit("tick", { round, payload: "x".repeat(600) });
    for (const t of await Promise.all(got)) samples.push(t - t0);
  }
  for (const c of clients) c.disconnect();
  await new Promise<void>((r) => io.close(() => r()));
  return samples;
}

async function descent() {
  const h = await startHarness();
  const s = await h.host("seed-zero-grad");
  const host = await h.client({ cookie: s.cookie });
  await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
  const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId: s.sessionId, command: c }));

  const students: Client[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const c = await h.client();
    // A nickname the product offers; on a clash, the next one it offers.
    for (let k = 0; ; k++) {
      const r = await call<JoinResult>(c, "session:join", { code: s.code, nickname: suggestNickname(i * 50 + k) });
      if (r.ok) break;
      if (r.error.code !== "NICKNAME_TAKEN") throw new Error(r.error.message);
    }
    students.push(c);
  }

  let view = await command({ type: "start" });
  const reveal: number[] = [];
  const bursts: number[] = [];
  let acked = 0;
  let round = 0;
  while (round < ROUNDS && view.status === "running") {
    const suggestion = view.suggestions.find((x) => x.isDefault && !x.asked && x.prompt);
    if (!suggestion) {
      view = await command({ type: "advance" });
      continue;
    }
    view = await command({ type: "ask", quantity: suggestion.quantity });
    const qid = view.question!.id;
    const accepts = view.question!.accepts;
    const answer = accepts.includes("number") ? { kind: "number", value: round } : { kind: "none" };
    const t0 = performance.now();
    const results = await Promise.all(students.map((c) => call(c, "answer:submit", { questionId: qid, answer })));
    bursts.push(performance.now() - t0);
    acked += results.filter((r) => r.ok).length;

    // The reveal is one message to the room; each browser grades its own answer from it.
    const got = students.map((c) => new Promise<number>((r) => {
      const listener = (state: { question: { status: string } | null }) => {
        if (state.question?.status === "revealed") {
          c.off("session:state", listener);
          r(performance.now());
        }
      };
      c.on("session:state", listener);
    }));
    const t1 = performance.now();
    await command({ type: "reveal" });
    for (const t of await Promise.all(got)) reveal.push(t - t1);
    view = await command({ type: "advance" });
    round++;
  }
  const stored = await h.db.answer.count({ where: { sessionId: s.sessionId } });
  await h.close();
  return { reveal, bursts, acked, stored, rounds: round };
}

const base = await baseline();
const d = await descent();
const b = percentiles(base);
const r = percentiles(d.reveal);
console.log(`\nDescent bench — ${STUDENTS} students, ${d.rounds} questions, loopback, SQLite\n`);
console.log("                          p50        p95        p99        max");
console.log(`bare socket.io broadcast  ${[b.p50, b.p95, b.p99, b.max].map((x) => ms(x).padEnd(10)).join(" ")}`);
console.log(`reveal → student feedback ${[r.p50, r.p95, r.p99, r.max].map((x) => ms(x).padEnd(10)).join(" ")}`);
const burst = d.bursts.reduce((a, x) => a + x, 0) / d.bursts.length;
console.log(`\nanswer burst: ${STUDENTS} submits acknowledged in ${ms(burst)} on average (${Math.round((STUDENTS / burst) * 1000)} answers/s)`);
console.log(`answers acknowledged ${d.acked}, stored ${d.stored}, lost ${d.acked - d.stored}`);
process.exit(d.acked === d.stored ? 0 : 1);

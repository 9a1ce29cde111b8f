/**
 * `npm run bench:hall`: the live lecture at lecture-hall scale, measured honestly. For each size in
 * BENCH_STUDENTS (default "500,2000"): `npm start` on a fresh SQLite file; the students in BENCH_WORKERS (2)
 * separate processes, joining with nicknames the product offers; the same clients also on a bare socket.io server
 * (this process), which broadcasts Descent's own reveal message again: the baseline. Per round: question
 * opened → every student sees it; an answer burst (everyone at once); reveal → the last message each student gets.
 * Prints p50/p95/p99/max beside the baseline with the ratios, server RSS per student, event-loop delay p99 during the
 * burst, answers/s, acknowledged vs stored; writes JSON to tests/bench/results/hall-<date>.json.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Server } from "socket.io";
import { io as ioClient } from "socket.io-client";
import { loadConfig } from "../../server/config.ts";
import { openDb } from "../../server/db.ts";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import type { HostSession } from "../../server/protocol/views.ts";
import { startServerProcess, tempDir } from "../support/server-process.ts";

const SIZES = (process.env.BENCH_STUDENTS ?? "500,2000,5000").split(",").map(Number);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
/** Students arrive over this many seconds (the issue's "2,000 joining within 10 s"). */
const ARRIVAL_SECONDS = Number(process.env.BENCH_ARRIVAL_SECONDS ?? 10);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.at(-1) ?? NaN };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

type WorkerMsg =
  | { type: "ready"; joined: number; refused: number; joinStarted: number; joinEnded: number; joinLatency: number[] }
  | { type: "submitted"; ok: number; acks: number[]; first: number; lastSent: number; last: number }
  | { type: "report"; opened: Record<string, number[]>; revealed: Record<string, number>; baseline: Record<string, number[]>; roomBytes: number };

/** The most ticks sent within any one second (by the server's clock). */
function maxPerSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j]! - t[i]! >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

function waitFor<T extends WorkerMsg["type"]>(w: ChildProcess, type: T): Promise<Extract<WorkerMsg, { type: T }>> {
  return new Promise((resolve) => {
    const on = (m: WorkerMsg) => {
      if (m.type !== type) return;
      w.off("message", on);
      resolve(m as Extract<WorkerMsg, { type: T }>);
    };
    w.on("message", on);
  });
}

async function run(students: number) {
  const dbFile = path.join(tempDir("bench-hall"), "hall.db");
  // BENCH_PROFILE=<dir>: the server writes a CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const server = await startServerProcess({ DATABASE_URL: `file:${dbFile}`, MAX_PARTICIPANTS: String(Math.max(5000, students)) }, 180_000, profile);
  const pid = server.proc.pid!;
  const baseHttp = http.createServer();
  const bare = new Server(baseHttp);
  await new Promise<void>((r) => baseHttp.listen(0, "127.0.0.1", r));
  const baselineUrl = `http://127.0.0.1:${(baseHttp.address() as { port: number }).port}`;
  const workers: ChildProcess[] = [];
  try {
    const created = await fetch(`${server.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
    const { sessionId, code } = (await created.json()) as { sessionId: string; code: string };
    const hostKey = created.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;
    const host = ioClient(server.url, { transports: ["websocket"], extraHeaders: { cookie: hostKey } });
    await new Promise((r) => host.once("connect", () => r(null)));
    const command = async (c: object) => {
      const r = (await host.timeout(60_000).emitWithAck("host:command", { sessionId, command: c })) as { ok: boolean; data: HostSession; error?: { message: string } };
      if (!r.ok) throw new Error(`${JSON.stringify(c)}: ${r.error?.message}`);
      return r.data;
    };
    await host.timeout(10_000).emitWithAck("host:attach", { sessionId });
    // A projector: it keeps the latest state message, which the baseline broadcasts again.
    const projector = ioClient(server.url, { transports: ["websocket"] });
    await new Promise((r) => projector.once("connect", () => r(null)));
    await projector.timeout(10_000).emitWithAck("session:watch", { code });
    let lastState: unknown = null;
    projector.on("session:state", (state: unknown) => (lastState = state));
    // Ticks (joins, the answered counter) go to projectors: when the server sent each, and the largest.
    const tickTimes: number[] = [];
    let tickBytes = 0;
    projector.on("session:tick", (t: { serverNow: number }) => tickTimes.push(t.serverNow));
    projector.io.engine.on("packet", (p: { type: string; data?: unknown }) => {
      if (p.type === "message" && typeof p.data === "string" && p.data.includes('"session:tick"')) tickBytes = Math.max(tickBytes, Buffer.byteLength(p.data));
    });

    const rssBefore = rssKb(pid);
    const per = Math.ceil(students / WORKERS);
    for (let k = 0; k < WORKERS; k++) {
      const w = fork(path.join(import.meta.dirname, "hall-students.ts"), { execArgv: ["--import", "tsx"], stdio: "inherit" });
      workers.push(w);
    }
    const readies = workers.map((w) => waitFor(w, "ready"));
    workers.forEach((w, k) =>
      w.send({ type: "start", url: server.url, baselineUrl, code, count: Math.min(per, students - k * per), offset: k * 1_000_000, arrivalSeconds: ARRIVAL_SECONDS }),
    );
    const ready = await Promise.all(readies);
    const joined = ready.reduce((a, r) => a + r.joined, 0);
    const joinSeconds = (Math.max(...ready.map((r) => r.joinEnded)) - Math.min(...ready.map((r) => r.joinStarted))) / 1000;
    await sleep(1000);
    const rssAfter = rssKb(pid);

    const opened = new Map<string, number>();
    const revealedAt = new Map<string, number>();
    const ticks = new Map<string, number>();
    const acks: number[] = [];
    let acked = 0;
    let burstSeconds = 0;
    let storedAfterLastSubmit = 0;
    let loopP99 = 0;
    /** The baseline: a bare broadcast of the message students just got (same bytes, same parsing), to the same clients. */
    const baseline = async (id: string) => {
      ticks.set(id, now());
      bare.emit("tick", { id, state: lastState });
      await sleep(students / 200 + 500);
    };
    let view = await command({ type: "start" });
    for (let round = 0; round < ROUNDS; round++) {
      let suggestion = view.suggestions.find((x) => x.isDefault && !x.asked && view.question?.status !== "open");
      while (!suggestion && view.status === "running") {
        view = await command({ type: "advance" });
        suggestion = view.suggestions.find((x) => x.isDefault && !x.asked);
      }
      if (!suggestion) break;
      const tOpen = now();
      view = await command({ type: "ask", quantity: suggestion.quantity });
      const qid = view.question!.id;
      opened.set(qid, tOpen);
      await sleep(students / 200 + 500);
      await baseline(`o${round}`);

      await fetch(`${server.url}/api/health?loop=reset`);
      const accepts = view.question!.accepts;
      const answer = accepts.includes("number") ? { kind: "number", value: round } : { kind: "none" };
      const subs = workers.map((w) => waitFor(w, "submitted"));
      workers.forEach((w) => w.send({ type: "submit", questionId: qid, answer }));
      const done = await Promise.all(subs);
      for (const d of done) {
        acks.push(...d.acks);
        acked += d.ok;
      }
      burstSeconds += (Math.max(...done.map((d) => d.last)) - Math.min(...done.map((d) => d.first))) / 1000;
      storedAfterLastSubmit = Math.max(storedAfterLastSubmit, (Math.max(...done.map((d) => d.last)) - Math.max(...done.map((d) => d.lastSent))) / 1000);
      const loop = (await (await fetch(`${server.url}/api/health?loop=read`)).json()) as { eventLoopDelayP99Ms?: number };
      loopP99 = Math.max(loopP99, loop.eventLoopDelayP99Ms ?? NaN);

      revealedAt.set(qid, now());
      view = await command({ type: "reveal" });
      await sleep(students / 200 + 500);

      await baseline(`r${round}`);
      view = await command({ type: "advance" });
    }

    const reports = await Promise.all(workers.map((w) => (w.send({ type: "report" }), waitFor(w, "report"))));
    const openLat: number[] = [];
    const revealLat: number[] = [];
    const baseLat: number[] = [];
    for (const r of reports) {
      for (const [qid, ts] of Object.entries(r.opened)) if (opened.has(qid)) for (const t of ts) openLat.push(t - opened.get(qid)!);
      for (const [key, t] of Object.entries(r.revealed)) {
        const qid = key.split("|")[0]!;
        if (revealedAt.has(qid)) revealLat.push(t - revealedAt.get(qid)!);
      }
      for (const [id, ts] of Object.entries(r.baseline)) for (const t of ts) baseLat.push(t - ticks.get(id)!);
    }
    const db = openDb(loadConfig({ DATABASE_URL: `file:${dbFile}` }));
    const stored = await db.answer.count({ where: { sessionId } });
    await db.$disconnect();
    host.disconnect();
    projector.disconnect();
    return {
      students,
      joined,
      joinSeconds,
      join: pct(ready.flatMap((r) => r.joinLatency)),
      rssPerStudentKb: (rssAfter - rssBefore) / Math.max(1, joined),
      baseline: pct(baseLat),
      opened: pct(openLat),
      revealed: pct(revealLat),
      ack: pct(acks),
      answersPerSecond: acked / Math.max(burstSeconds, 1e-9),
      lastAckAfterLastSubmitSeconds: storedAfterLastSubmit,
      acked,
      stored,
      lost: acked - stored,
      eventLoopDelayP99Ms: loopP99,
      maxRoomMessageBytes: Math.max(tickBytes, ...reports.map((r) => r.roomBytes)),
      maxTicksPerSecond: maxPerSecond(tickTimes),
    };
  } catch (err) {
    console.error(`server output (last lines):\n${server.output().split("\n").slice(-40).join("\n")}`);
    throw err;
  } finally {
    for (const w of workers) w.send({ type: "stop" });
    await new Promise<void>((r) => bare.close(() => r()));
    await server.stop();
  }
}

const results = [];
for (const n of SIZES) {
  const r = await run(n);
  results.push(r);
  const row = (label: string, p: ReturnType<typeof pct>, base = r.baseline) =>
    `${label.padEnd(30)} ${[p.p50, p.p95, p.p99, p.max].map((x) => `${x.toFixed(0)} ms`.padStart(9)).join(" ")}   p99 ${(p.p99 / base.p99).toFixed(1)}× baseline`;
  console.log(`\n${n} students (${r.joined} joined in ${r.joinSeconds.toFixed(1)} s), ${WORKERS} client processes, npm start on SQLite`);
  console.log(`${"".padEnd(30)} ${["p50", "p95", "p99", "max"].map((x) => x.padStart(9)).join(" ")}`);
  console.log(row("bare socket.io broadcast", r.baseline));
  console.log(row("question opened → seen", r.opened));
  console.log(row("reveal → last message", r.revealed));
  console.log(row("answer → ack", r.ack));
  console.log(row("arrival → joined (connect + join)", r.join));
  console.log(
    `answers/s ${r.answersPerSecond.toFixed(0)} (last ack ${r.lastAckAfterLastSubmitSeconds.toFixed(2)} s after the last submit); acknowledged ${r.acked}, stored ${r.stored}, lost ${r.lost}; ` +
      `event-loop delay p99 in the bursts ${r.eventLoopDelayP99Ms.toFixed(0)} ms; server RSS ${r.rssPerStudentKb.toFixed(0)} kB per student; ` +
      `largest room message ${r.maxRoomMessageBytes} B; at most ${r.maxTicksPerSecond} ticks in a second`,
  );
}
const out = path.join(import.meta.dirname, "results");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, `hall-${new Date().toISOString().slice(0, 10)}.json`), JSON.stringify({ machine: "2 cores", workers: WORKERS, results }, null, 2));
process.exit(results.every((r) => r.lost === 0) ? 0 : 1);

/**
 * `npm run bench` (attacks): each attack of the outside attack run, made against `npm start` while a class of 50
 * answers a lecture. For each: the worst and p99 `/api/health` round trip and students' answer acks during it, the
 * server's RSS before and after, and whether the process lived (and still answers). Anonymous attackers from a
 * few loopback addresses (127.0.0.2–127.0.0.5), as an attacker on the network would be; the class is at
 * 127.0.0.1. Goal for each: p99 ≤ 100 ms and the process alive. Prints a table and writes JSON.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { io as ioClient, type Socket } from "socket.io-client";
import type { JoinResult } from "../../server/protocol/events.ts";
import { suggestNickname } from "../../server/protocol/nickname.ts";
import type { HostSession } from "../../server/protocol/views.ts";
import { heavyLesson } from "../support/heavy-lesson.ts";
import { startServerProcess, tempDir } from "../support/server-process.ts";

const STUDENTS = Number(process.env.BENCH_ATTACK_STUDENTS ?? 50);
const ATTACK_MS = Number(process.env.BENCH_ATTACK_MS ?? 6000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { n: s.length, p50: at(50), p99: at(99), max: s[s.length - 1] ?? NaN };
}

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
const call = <T>(c: Socket, event: string, payload: unknown) => c.timeout(20_000).emitWithAck(event, payload).catch(() => ({ ok: false, error: { code: "TIMEOUT", message: "" } })) as Promise<Result<T>>;

const server = await startServerProcess({ DATABASE_URL: `file:${path.join(tempDir("bench-attacks"), "bench.db")}` });
const url = server.url;
const { port } = server;

function rssMb(): number {
  const status = fs.readFileSync(`/proc/${server.proc.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** An HTTP request from a given loopback address (undici's fetch cannot choose it). */
function request(from: string, method: string, p: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: p, localAddress: from, headers: { origin: url, "content-type": "application/json", ...headers }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const lessonBody = (source: string[], title = "Attack") => JSON.stringify({ lesson: { id: "attack", title, summary: "", teacherNotes: "", source } });
const attackers = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"];

// ---------- the class: a host and STUDENTS students answering question after question ----------

const created = await fetch(`${url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
const { sessionId, code } = (await created.json()) as { sessionId: string; code: string };
const hostCookie = created.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
const host = ioClient(url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie: hostCookie } });
await new Promise((r) => host.once("connect", () => r(null)));
const command = async (c: object) => {
  const r = await call<HostSession>(host, "host:command", { sessionId, command: c });
  if (!r.ok) throw new Error(`${JSON.stringify(c)}: ${r.error.message}`);
  return r.data;
};
await call<HostSession>(host, "host:attach", { sessionId });
const students: Socket[] = [];
for (let i = 0; i < STUDENTS; i++) {
  const c = ioClient(url, { transports: ["websocket"], forceNew: true });
  await new Promise((r) => c.once("connect", () => r(null)));
  for (let k = 0; ; k++) {
    const r = await call<JoinResult>(c, "session:join", { code, nickname: suggestNickname(i * 50 + k) });
    if (r.ok) break;
    if (r.error.code !== "NICKNAME_TAKEN") throw new Error(r.error.message);
  }
  students.push(c);
}
let view = await command({ type: "start" });
const stops = view.questionStops;

let acks: number[] = [];
let health: number[] = [];
let failedAcks = 0;
let failures: Record<string, number> = {};
const healthErrors: string[] = [];
let running = true;

/** The lecture: at each of the lesson's question stops in turn, ask, every student answers, reveal. */
const lecture = (async () => {
  for (let round = 0; running; round++) {
    view = await command({ type: "goto", cursor: stops[round % stops.length]! });
    const s = view.suggestions.find((x) => x.isDefault) ?? view.suggestions[0]!;
    view = await command({ type: "ask", quantity: s.quantity, durationMs: null });
    const qid = view.question!.id;
    const answer = view.question!.accepts.includes("number") ? { kind: "number", value: round % 7 } : { kind: "none" };
    await Promise.all(
      students.map(async (c) => {
        const t = performance.now();
        const r = await call(c, "answer:submit", { questionId: qid, answer });
        if (r.ok) acks.push(performance.now() - t);
        else {
          failedAcks++;
          failures[r.error.code] = (failures[r.error.code] ?? 0) + 1;
        }
      }),
    );
    await command({ type: "reveal" });
    // A class answers a question every few seconds, not as fast as the loop can go: one a second here.
    await sleep(1000);
  }
})();

const sampler = (async () => {
  while (running) {
    const t = performance.now();
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      (e: Error) => {
        healthErrors.push(String((e.cause as Error | undefined)?.message ?? e.message));
        return false;
      },
    );
    health.push(ok ? performance.now() - t : Number.POSITIVE_INFINITY);
    await sleep(20);
  }
})();

// ---------- the attacks ----------

type Attack = { name: string; run: () => Promise<string> };
const until = () => Date.now() + ATTACK_MS;

/** A burst of requests sent again and again for the attack's whole time, as an attacker keeps at it. */
async function sustained(burst: () => Promise<number>[]): Promise<string> {
  const end = until();
  const codes: number[] = [];
  while (Date.now() < end) codes.push(...(await Promise.all(burst())));
  return `statuses ${JSON.stringify(count(codes))}`;
}

const attacks: Attack[] = [
  {
    name: "worker: 3 heavy uploads queued, then a student's first practice question",
    async run() {
      /** Link opened → the first question of a practice run (a variant drawn in the students' worker). */
      const firstQuestion = async () => {
        const device = (await fetch(`${url}/api/health`)).headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
        const t = performance.now();
        const started = await fetch(`${url}/api/work`, { method: "POST", headers: { "content-type": "application/json", origin: url, cookie: device }, body: JSON.stringify({ practice: "seed-zero-grad" }) });
        const { workId } = (await started.json()) as { workId: string };
        const first = (await (await fetch(`${url}/api/work/${workId}`, { headers: { cookie: device } })).json()) as { item: unknown };
        if (!first.item) throw new Error("no first question");
        return performance.now() - t;
      };
      await firstQuestion(); // the students' worker starts and traces the lesson once
      const idle = await firstQuestion();
      // Addresses of their own: the other attacks' budgets do not turn these uploads away.
      const uploads = ["127.0.0.6", "127.0.0.7", "127.0.0.8"].map((a, i) => request(a, "POST", "/api/sessions", JSON.stringify({ lesson: heavyLesson({ width: 20, layers: 10, rows: 4, iterations: 6, title: `Heavy ${i} ${Date.now()}` }) })));
      await sleep(200);
      const loaded = await firstQuestion();
      const codes = await Promise.all(uploads);
      return `first practice question in ${idle.toFixed(0)} ms idle, ${loaded.toFixed(0)} ms behind 3 queued uploads (${loaded - idle >= 0 ? "+" : "−"}${Math.abs(loaded - idle).toFixed(0)} ms); uploads ${JSON.stringify(count(codes))}`;
    },
  },
  {
    name: "format width: 21 uploads of print(f\"{1.0:>200000000}\")",
    run: () => sustained(() => Array.from({ length: 21 }, (_, i) => request(attackers[i % 4]!, "POST", "/api/sessions", lessonBody(["x = 1.0", `print(f"{x:>${200_000_000 + i}}")`])))),
  },
  {
    name: "huge ints and strings: 10 ** 30000000, str(10 ** 1000000), 'x' * 10 ** 9",
    run() {
      const programs = [["n = 10 ** 30000000"], ["s = str(10 ** 1000000)"], ["s = 'x' * 1000000000"], ["xs = [0.0] * 1000000000"]];
      return sustained(() => programs.flatMap((p, i) => attackers.map((a, j) => request(a, "POST", "/api/sessions", lessonBody([...p, `y${i}${j} = 1.0`])))));
    },
  },
  {
    name: "nesting: 195 kB of nested parentheses, to /api/sessions and /api/lessons",
    run() {
      const deep = lessonBody([`x = ${"(".repeat(97_000)}1.0${")".repeat(97_000)}`]);
      return sustained(() => Array.from({ length: 20 }, (_, i) => request(attackers[i % 4]!, "POST", i % 2 ? "/api/lessons" : "/api/sessions", deep)));
    },
  },
  {
    name: "chunked bodies: 10 uploads of 5 MB sent chunked",
    run() {
      return sustained(() =>
        Array.from({ length: 10 }, (_, i) =>
          new Promise<number>((resolve) => {
            const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/api/sessions", localAddress: attackers[i % 4], agent: false, headers: { origin: url, "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            });
            req.on("error", () => resolve(413));
            const chunk = Buffer.alloc(64 * 1024, 0x20);
            let sent = 0;
            const pump = () => {
              while (sent < 5 * 1024 * 1024 && !req.destroyed) {
                sent += chunk.length;
                if (!req.write(chunk)) return void req.once("drain", pump);
              }
              req.end();
            };
            pump();
          }),
        ),
      );
    },
  },
  {
    name: "half-sent requests: 8,000 connections from one address that never finish their headers",
    async run() {
      const sockets: net.Socket[] = [];
      let refused = 0;
      await Promise.all(
        Array.from({ length: 8000 }, () =>
          new Promise<void>((resolve) => {
            const s = net.connect({ host: "127.0.0.1", port, localAddress: attackers[1] }, () => {
              s.write("GET /api/health HTTP/1.1\r\nHost: x\r\n");
              resolve();
            });
            s.on("data", (d) => {
              if (d.toString().startsWith("HTTP/1.1 503")) refused++;
            });
            s.on("error", () => resolve());
            sockets.push(s);
          }),
        ),
      );
      const end = until();
      while (Date.now() < end) await sleep(100);
      const open = sockets.filter((s) => !s.destroyed).length;
      for (const s of sockets) s.destroy();
      return `${refused} answered 503 (over the address's cap), ${open} still open after ${ATTACK_MS / 1000} s`;
    },
  },
  {
    name: "re-seating: 60 sockets join, watch and join again in a loop",
    async run() {
      const before = (await command({ type: "lock", locked: false })).joined;
      const end = until();
      const codes: Record<string, number> = {};
      await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const c = ioClient(url, { transports: ["websocket"], forceNew: true });
          await new Promise((r) => c.once("connect", () => r(null)));
          for (let k = 0; Date.now() < end; k++) {
            for (const [event, payload] of [["session:join", { code, nickname: `Seat ${i}x${k}` }], ["session:watch", { code }]] as const) {
              const r = await call(c, event, payload);
              const key = r.ok ? `${event} ok` : r.error.code;
              codes[key] = (codes[key] ?? 0) + 1;
            }
          }
          c.disconnect();
        }),
      );
      const after = (await command({ type: "lock", locked: false })).joined;
      return `seats taken ${after - before} (60 sockets); ${JSON.stringify(codes)}`;
    },
  },
  {
    name: "unknown codes: 150 sockets asking for random join codes",
    async run() {
      const end = until();
      const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
      let asked = 0;
      await Promise.all(
        Array.from({ length: 150 }, async () => {
          const c = ioClient(url, { transports: ["websocket"], forceNew: true });
          await new Promise((r) => c.once("connect", () => r(null)));
          while (Date.now() < end) {
            const random = Array.from({ length: 6 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
            await call(c, "session:watch", { code: random });
            asked++;
          }
          c.disconnect();
        }),
      );
      return `${asked} codes asked`;
    },
  },
  {
    name: "big frames: 20 sockets sending 1 MB messages",
    async run() {
      let closed = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const c = ioClient(url, { transports: ["websocket"], forceNew: true, reconnection: false });
          await new Promise((r) => c.once("connect", () => r(null)));
          const gone = new Promise((r) => c.once("disconnect", () => r(null)));
          c.emit("session:join", { code, nickname: "x".repeat(1024 * 1024) });
          await Promise.race([gone, sleep(ATTACK_MS)]);
          if (!c.connected) closed++;
          c.disconnect();
        }),
      );
      return `${closed} of 20 connections closed by the server`;
    },
  },
];

function count(codes: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const c of codes) out[c] = (out[c] ?? 0) + 1;
  return out;
}

const rows: { attack: string; health: ReturnType<typeof percentiles>; acks: ReturnType<typeof percentiles>; failedAcks: number; rssBefore: number; rssAfter: number; alive: boolean; note: string }[] = [];
try {
  await sleep(1000);
  const only = process.env.BENCH_ATTACKS ? new RegExp(process.env.BENCH_ATTACKS, "i") : null;
  for (const attack of attacks.filter((a) => !only || only.test(a.name))) {
    acks = [];
    health = [];
    failedAcks = 0;
    failures = {};
    const rssBefore = rssMb();
    let note: string;
    try {
      note = await attack.run();
    } catch (e) {
      note = `the attack failed: ${(e as Error).message}`;
    }
    // The class's figures cover the attack and a second after it.
    await sleep(1000);
    const alive = server.proc.exitCode === null && (await fetch(`${url}/api/health`).then((r) => r.ok, () => false));
    rows.push({ attack: attack.name, health: percentiles(health), acks: percentiles(acks), failedAcks, rssBefore, rssAfter: alive ? rssMb() : 0, alive, note });
    const r = rows.at(-1)!;
    console.log(`${r.alive ? "alive" : "DEAD "}  ${attack.name}\n       health p99 ${r.health.p99.toFixed(1)} ms, max ${r.health.max.toFixed(1)} ms (${r.health.n}); answer ack p99 ${r.acks.p99.toFixed(1)} ms, max ${r.acks.max.toFixed(1)} ms (${r.acks.n}, ${r.failedAcks} failed ${JSON.stringify(failures)}); RSS ${r.rssBefore.toFixed(0)} → ${r.rssAfter.toFixed(0)} MB\n       ${note}${healthErrors.length ? `; health requests failed: ${healthErrors.splice(0).join(", ")}` : ""}`);
    if (!alive) break;
  }
} finally {
  running = false;
  await Promise.race([Promise.all([lecture, sampler]).catch(() => undefined), sleep(5000)]);
  for (const c of [host, ...students]) c.disconnect();
  await server.stop();
}

console.log(`\nAttacks against npm start while ${STUDENTS} students answer (${os.cpus().length} cores; goal: p99 ≤ 100 ms, alive)\n`);
console.log("attack".padEnd(76) + "health p99/max      ack p99/max        RSS MB       alive");
for (const r of rows) {
  const pair = (p: { p99: number; max: number }) => `${p.p99.toFixed(0)}/${p.max.toFixed(0)} ms`.padEnd(19);
  console.log(`${r.attack.slice(0, 75).padEnd(76)}${pair(r.health)}${pair(r.acks)}${`${r.rssBefore.toFixed(0)}→${r.rssAfter.toFixed(0)}`.padEnd(13)}${r.alive ? "yes" : "NO"}`);
}
const outDir = path.join(import.meta.dirname, "results");
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, `attacks-${new Date().toISOString().slice(0, 10)}.json`), JSON.stringify({ students: STUDENTS, attackMs: ATTACK_MS, rows }, null, 2));
if (rows.some((r) => !r.alive)) process.exitCode = 1;

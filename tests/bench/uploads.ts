/**
 * `npm run bench` (part 2): is the server still responsive while teachers upload lessons that are expensive to
 * prepare? Starts the server as `npm start` does, with a class connected, and measures `/api/health` round trips
 * and socket acks (a student re-watching the session) first on an idle server, then while BENCH_UPLOADS
 * (default 10) heavy lessons are uploaded at once by as many teachers (each from its own address, through a
 * trusted proxy header as behind a reverse proxy). Prints p50/p95/p99/max beside each other and writes JSON.
 */
import fs from "node:fs";
import path from "node:path";
import { io as ioClient, type Socket } from "socket.io-client";
import { heavyLesson } from "../support/heavy-lesson.ts";
import { startServerProcess, tempDir } from "../support/server-process.ts";

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 10);
const SAMPLE_EVERY_MS = 20;

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? NaN };
}

const server = await startServerProcess({ DATABASE_URL: `file:${path.join(tempDir("bench-uploads"), "bench.db")}`, TRUST_PROXY: "1" });
const url = server.url;
try {
  const created = await fetch(`${url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "10.9.9.9" }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
  const { code } = (await created.json()) as { code: string };
  const watcher: Socket = ioClient(url, { transports: ["websocket"] });
  await new Promise((r) => watcher.once("connect", () => r(null)));

  async function sample(until: () => boolean) {
    const health: number[] = [];
    const acks: number[] = [];
    while (!until()) {
      let t = performance.now();
      await fetch(`${url}/api/health`);
      health.push(performance.now() - t);
      t = performance.now();
      await watcher.timeout(10_000).emitWithAck("session:watch", { code });
      acks.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
    }
    return { health, acks };
  }

  // Idle: two seconds.
  const idleEnd = Date.now() + 2000;
  const idle = await sample(() => Date.now() > idleEnd);

  // Loaded: until every upload has been answered.
  let pending = UPLOADS;
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  for (let i = 0; i < UPLOADS; i++) {
    // Ten different lessons (each its own title): none is served from another's compile.
    const lesson = JSON.stringify({ lesson: heavyLesson({ width: 20, layers: 10, rows: 4, iterations: 6, title: `Deep net ${i + 1}` }) });
    void fetch(`${url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": `10.0.0.${i + 1}` }, body: lesson })
      .then((r) => {
        outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
      })
      .finally(() => pending--);
  }
  const loaded = await sample(() => pending === 0);
  const took = performance.now() - started;
  watcher.disconnect();

  const rows = {
    "health, idle": percentiles(idle.health),
    "health, during uploads": percentiles(loaded.health),
    "socket ack, idle": percentiles(idle.acks),
    "socket ack, during uploads": percentiles(loaded.acks),
  };
  console.log(`\nResponsiveness while ${UPLOADS} heavy lessons are prepared (all answered in ${(took / 1000).toFixed(1)} s; status codes ${JSON.stringify(outcomes)})\n`);
  console.log("                               n      p50        p95        p99        max");
  for (const [label, p] of Object.entries(rows)) {
    console.log(`${label.padEnd(28)} ${String(p.n).padStart(4)}   ${[p.p50, p.p95, p.p99, p.max].map((x) => `${x.toFixed(1)} ms`.padEnd(10)).join(" ")}`);
  }
  const outDir = path.join(import.meta.dirname, "results");
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `uploads-${new Date().toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(file, JSON.stringify({ uploads: UPLOADS, seconds: took / 1000, outcomes, ...rows }, null, 2));
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
} finally {
  await server.stop();
}

/**
 * Several processes on the machine's PostgreSQL and Redis (CI has both): two nodes, 200 students spread over both,
 * the host on one, the session run by the other. The owner is killed (SIGKILL) in the middle of an open question:
 * within 10 s every student sees the same question again with their answer (those of the dead node reconnect to
 * the other, as the proxy sends them), every acknowledged answer is stored exactly once, and the lesson goes on to
 * its end. Then Redis is restarted (it keeps nothing on disk) in the middle of another question: no answer, counter
 * update or reveal is lost.
 */
import { execFileSync, spawn } from "node:child_process";
import { io as ioClient } from "socket.io-client";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLesson, traceLesson } from "@descent/autograd";
import type { JoinResult, SubmitResult } from "../../server/protocol/events.ts";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import type { HostSession, PublicSession } from "../../server/protocol/views.ts";
import { call, ok, type Client } from "../support/realtime-harness.ts";
import { freshPostgresDatabase } from "../support/postgres.ts";
import { freePort, repoRoot, startServerProcess, type RunningServer } from "../support/server-process.ts";
import { IT1_BACKWARD } from "../support/seed-cursors.ts";

const REDIS_URL = process.env.DESCENT_TEST_REDIS ?? "redis://127.0.0.1:6379";
const STUDENTS = 200;
const sockets: Client[] = [];
const nodes: RunningServer[] = [];
let dropDb: (() => Promise<void>) | undefined;

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const n of nodes) await n.stop().catch(() => undefined);
  await dropDb?.();
});

async function startNodes(databaseUrl: string): Promise<[RunningServer, RunningServer]> {
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, AUTH_SECRET: "cluster-test-secret-cluster-test-secret-0123" };
  const a = await startServerProcess({ ...env, NODE_ID: "node-a" });
  nodes.push(a);
  const b = await startServerProcess({ ...env, NODE_ID: "node-b" });
  nodes.push(b);
  return [a, b];
}

function connect(url: string, cookie?: string): Client {
  const c: Client = ioClient(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { origin: url, ...(cookie ? { cookie } : {}) } });
  sockets.push(c);
  return c;
}

/**
 * A student as the app behaves behind the proxy: joined on one node; when that node goes away, the proxy puts the
 * next connection on a live node, where the page joins again with its resume token.
 */
class Student {
  c: Client;
  token = "";
  joins: JoinResult[] = [];
  states: PublicSession[] = [];
  /** When the first state message came after `states` was last emptied. */
  firstStateAt: number | null = null;
  constructor(
    readonly nickname: string,
    private url: string,
    private readonly fallback: string,
    private readonly code: string,
  ) {
    this.c = this.open();
  }
  private open(): Client {
    const c = connect(this.url);
    c.on("session:state", (s) => {
      if (this.states.length === 0) this.firstStateAt = Date.now();
      this.states.push(s);
    });
    c.on("connect", async () => {
      // Joined again while the session moves to another node: tried again, as the page does (requestUntilAnswered).
      for (let k = 0; k < 20 && c.connected; k++) {
        const r = await call<JoinResult>(c, "session:join", this.token ? { code: this.code, resumeToken: this.token } : { code: this.code, nickname: this.nickname }).catch(() => null);
        if (r?.ok) {
          this.token = r.data.resumeToken;
          this.joins.push(r.data);
          return;
        }
        await new Promise((res) => setTimeout(res, 500));
      }
    });
    c.on("disconnect", () => {
      this.url = this.fallback;
      setTimeout(() => (this.c = this.open()), 100);
    });
    return c;
  }
}

async function until<T>(f: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("two nodes, the owner killed mid-question", () => {
  beforeAll(async () => {
    const redis = createClient({ url: REDIS_URL });
    await redis.connect().catch((e: Error) => {
      throw new Error(`Redis is not reachable at ${REDIS_URL} (set DESCENT_TEST_REDIS): ${e.message}`);
    });
    await redis.quit();
  });

  it("every student sees the same question with their answer within 10 s, no acknowledged answer is lost or doubled, and the lesson ends", async () => {
    const db = await freshPostgresDatabase();
    dropDb = db.drop;
    const [a, b] = await startNodes(db.url);

    // The session is made on node A: A runs it. The host drives it from node B.
    const res = await fetch(`${a.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", origin: a.url }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
    expect(res.status).toBe(201);
    const { sessionId, code } = (await res.json()) as { sessionId: string; code: string };
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;
    const host = connect(b.url, cookie);
    await new Promise((r) => host.once("connect", () => r(null)));
    const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId, command: c }));
    await ok(call<HostSession>(host, "host:attach", { sessionId }));

    // 200 students, every other one on each node.
    const students = Array.from({ length: STUDENTS }, (_, i) => new Student(`S${i}`, i % 2 ? b.url : a.url, b.url, code));
    await until(() => students.every((s) => s.joins.length > 0), 30_000, "all joined");

    await command({ type: "start" });
    await command({ type: "goto", cursor: IT1_BACKWARD });
    const asked = await command({ type: "ask", quantity: "w.grad" });
    const qid = asked.question!.id;
    // Each answers a value of their own (w.grad at iteration 1 is −40; these are just answers).
    const acked = new Map<string, number>();
    await Promise.all(
      students.map(async (s, i) => {
        const value = -40 + (i % 7);
        const r = await call<SubmitResult>(s.c, "answer:submit", { questionId: qid, answer: { kind: "number", value } });
        if (r.ok) acked.set(s.joins[0]!.participantId, value);
      }),
    );
    expect(acked.size).toBe(STUDENTS);

    // The owner dies without a word.
    const killedAt = Date.now();
    for (const s of students) {
      s.states.length = 0;
      s.firstStateAt = null;
    }
    await a.kill();

    // Within 10 s: each student on the dead node has joined again (as the same participant) and sees the open
    // question with their answer; each on node B has been told the question again by the node that took it over.
    await until(
      () =>
        students.every((s, i) => {
          const pid = s.joins[0]!.participantId;
          if (i % 2 === 0) {
            const j = s.joins.length > 1 ? s.joins.at(-1)! : null;
            return j !== null && j.participantId === pid && j.session.question?.id === qid && j.session.question.status === "open" && j.you.answer?.answer.kind === "number" && j.you.answer.answer.value === acked.get(pid);
          }
          return s.states.some((st) => st.question?.id === qid && st.question.status === "open");
        }),
      10_000,
      "every student back on the question",
    );
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // Node B took the session over within 5 s: its first word to the class came by then.
    const firstWord = Math.min(...students.filter((_, i) => i % 2 === 1).map((s) => s.firstStateAt ?? Infinity));
    expect(firstWord - killedAt).toBeLessThan(5_000);

    // Every acknowledged answer is stored, once.
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: db.url });
    await client.connect();
    const rows = (await client.query<{ participantId: string; answer: string }>(`SELECT "participantId", "answer" FROM "Answer" WHERE "sessionId" = $1 AND "questionId" = $2`, [sessionId, qid])).rows;
    expect(rows).toHaveLength(STUDENTS);
    for (const r of rows) expect(JSON.parse(r.answer)).toEqual({ kind: "number", value: acked.get(r.participantId) });

    // The lesson goes on to its end, run by node B now.
    const revealed = await command({ type: "reveal" });
    expect(revealed.question!.result!.answered).toBe(STUDENTS);
    expect(revealed.question!.result!.histogram.find((h) => h.key === "correct")!.count).toBe(Math.ceil(STUDENTS / 7));
    const statements = traceLesson(seedLesson).checkpoints.length;
    await command({ type: "goto", cursor: statements - 1 });
    const finished = await command({ type: "advance" });
    expect(finished.status).toBe("finished");
    const events = (await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "SessionEvent" WHERE "sessionId" = $1 AND "type" = 'submit'`, [sessionId])).rows[0]!;
    expect(Number(events.n)).toBe(STUDENTS);
    await client.end();
  }, 180_000);
});

/**
 * Restarts the machine's Redis as it runs here (no config file, nothing kept on disk): shut down, then started
 * again on the same address after a second. Everything it held (leases, the adapter's stream) is gone.
 */
async function restartRedis(): Promise<number> {
  const { port, hostname } = new URL(REDIS_URL);
  const cli = ["-h", hostname, "-p", port || "6379"];
  execFileSync("redis-cli", [...cli, "shutdown", "nosave"], { stdio: "ignore" });
  const down = Date.now();
  await until(() => {
    try {
      execFileSync("redis-cli", [...cli, "ping"], { stdio: "ignore" });
      return false;
    } catch {
      return true;
    }
  }, 10_000, "Redis down");
  await new Promise((r) => setTimeout(r, 1_000));
  execFileSync("redis-server", ["--bind", hostname, "--port", port || "6379", "--save", "", "--appendonly", "no", "--daemonize", "yes"], { stdio: "ignore" });
  await until(() => {
    try {
      execFileSync("redis-cli", [...cli, "ping"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  }, 10_000, "Redis back");
  return Date.now() - down;
}

describe("Redis restarted during a session", () => {
  it("loses no answer, no counter update and no reveal", async () => {
    const db = await freshPostgresDatabase();
    const [a, b] = await startNodes(db.url);
    try {
      const res = await fetch(`${a.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", origin: a.url }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
      const { sessionId, code } = (await res.json()) as { sessionId: string; code: string };
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;
      const host = connect(b.url, cookie);
      await new Promise((r) => host.once("connect", () => r(null)));
      await ok(call<HostSession>(host, "host:attach", { sessionId }));
      const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId, command: c }));
      // A projector on node B follows the answered counter.
      const projector = connect(b.url);
      await new Promise((r) => projector.once("connect", () => r(null)));
      let answered = 0;
      projector.on("session:tick", (t) => (answered = Math.max(answered, t.question?.answeredCount ?? 0)));
      await ok(call(projector, "session:watch", { code }));
      const students = Array.from({ length: 20 }, (_, i) => new Student(`R${i}`, i % 2 ? b.url : a.url, b.url, code));
      await until(() => students.every((s) => s.joins.length > 0), 20_000, "all joined");
      await command({ type: "start" });
      await command({ type: "goto", cursor: IT1_BACKWARD });
      const qid = (await command({ type: "ask", quantity: "w.grad" })).question!.id;

      // Half answer before the restart, half while Redis is coming back (each retries until acknowledged).
      const submit = async (s: Student) => {
        for (let k = 0; k < 60; k++) {
          const r = await call<SubmitResult>(s.c, "answer:submit", { questionId: qid, answer: { kind: "number", value: -40 } }).catch(() => null);
          if (r?.ok) return;
          await new Promise((res) => setTimeout(res, 250));
        }
        throw new Error(`${s.nickname}'s answer was never acknowledged`);
      };
      await Promise.all(students.slice(0, 10).map(submit));
      const restarting = restartRedis();
      await new Promise((r) => setTimeout(r, 300));
      // The other half answer while Redis is down and coming back.
      await Promise.all([restarting, ...students.slice(10).map(submit)]);
      expect(await restarting).toBeGreaterThanOrEqual(1_000);

      // The counter reaches every answer, and the reveal reaches every student, on both nodes.
      await until(() => answered === 20, 15_000, "the projector's counter at 20");
      const revealed = await command({ type: "reveal" });
      expect(revealed.question!.result!.answered).toBe(20);
      await until(() => students.every((s) => s.states.some((st) => st.question?.id === qid && st.question.status === "revealed")), 15_000, "every student saw the reveal");
      const pg = await import("pg");
      const client = new pg.default.Client({ connectionString: db.url });
      await client.connect();
      const n = (await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "Answer" WHERE "sessionId" = $1 AND "questionId" = $2`, [sessionId, qid])).rows[0]!.n;
      await client.end();
      expect(Number(n)).toBe(20);
    } finally {
      await a.stop();
      await b.stop();
      await db.drop();
    }
  }, 120_000);
});

describe("npm run cluster", () => {
  it("starts the nodes behind nginx, and a class runs through the proxy (long-polling included)", async () => {
    const db = await freshPostgresDatabase();
    const port = await freePort();
    const script = spawn(process.execPath, ["--import", "tsx", "server/cluster/run.ts", "--nodes", "2", "--no-restart", "--first-port", String(await freePort())], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: db.url, REDIS_URL, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    script.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    script.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    try {
      await until(() => out.includes("[node-1] Descent listening") && out.includes("[node-2] Descent listening"), 120_000, `both nodes up:\n${out}`);
      const res = await fetch(`${url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
      expect(res.status).toBe(201);
      const { sessionId, code } = (await res.json()) as { sessionId: string; code: string };
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;
      // As a browser: a page first (it sets the device cookie the proxy keeps the browser on one node by), then the
      // socket, long-polling first and upgraded: every request of one client meets the same node.
      const open = async (extra: Record<string, string>) => {
        const page = await fetch(`${url}/join/${code}`);
        const device = page.headers.getSetCookie().find((c) => c.startsWith("descent_device="))!.split(";")[0]!;
        const cookies = [device, extra.cookie].filter(Boolean).join("; ");
        const c: Client = ioClient(url, { transports: ["polling", "websocket"], forceNew: true, extraHeaders: { origin: url, cookie: cookies } });
        sockets.push(c);
        return new Promise<Client>((resolve, reject) => {
          c.once("connect", () => resolve(c));
          setTimeout(() => reject(new Error("no connection through the proxy")), 10_000);
        });
      };
      const host = await open({ cookie });
      await ok(call<HostSession>(host, "host:attach", { sessionId }));
      const student = await open({});
      await ok(call<JoinResult>(student, "session:join", { code, nickname: "Proxied" }));
      const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId, command: c }));
      await command({ type: "start" });
      await command({ type: "goto", cursor: IT1_BACKWARD });
      const qid = (await command({ type: "ask", quantity: "w.grad" })).question!.id;
      await ok(call<SubmitResult>(student, "answer:submit", { questionId: qid, answer: { kind: "number", value: -40 } }));
      const seen = new Promise<PublicSession>((resolve) => student.on("session:state", (s) => s.question?.status === "revealed" && resolve(s)));
      await command({ type: "reveal" });
      expect((await seen).question!.result!.histogram.find((b) => b.key === "correct")!.count).toBe(1);
    } finally {
      process.kill(-script.pid!, "SIGTERM");
      await new Promise((r) => (script.exitCode !== null ? r(null) : script.once("exit", r)));
      await db.drop();
    }
  }, 180_000);
});

describe("host links across nodes", () => {
  it("a link made and claimed through one node gives host control on the session another node runs, and its revocation takes it back", async () => {
    const db = await freshPostgresDatabase();
    const [a, b] = await startNodes(db.url);
    try {
      const res = await fetch(`${a.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", origin: a.url }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
      const { sessionId } = (await res.json()) as { sessionId: string };
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;
      const post = (path: string, body: object, c?: string) =>
        fetch(`${b.url}${path}`, { method: "POST", headers: { "content-type": "application/json", origin: b.url, ...(c ? { cookie: c } : {}) }, body: JSON.stringify(body) });
      // Through node B (which does not run the session): a host link, claimed by a second device.
      const link = (await (await post(`/api/sessions/${sessionId}/host-link`, { action: "create" }, cookie)).json()) as { url: string };
      const secret = new URL(link.url).hash.slice(1);
      const claimed = await post(`/api/sessions/${sessionId}/claim`, { secret });
      expect(claimed.status).toBe(200);
      const second = claimed.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;
      const device = connect(b.url, second);
      await new Promise((r) => device.once("connect", () => r(null)));
      // Node A runs the session: it knows the new host.
      await ok(call<HostSession>(device, "host:attach", { sessionId }));
      await ok(call<HostSession>(device, "host:command", { sessionId, command: { type: "start" } }));
      // Revoked through node B: node A no longer takes the device's commands.
      expect((await post(`/api/sessions/${sessionId}/host-link`, { action: "revoke" }, cookie)).status).toBe(200);
      const refused = await call<HostSession>(device, "host:command", { sessionId, command: { type: "lock", locked: true } });
      expect(refused).toMatchObject({ ok: false, error: { code: "NOT_HOST" } });
    } finally {
      await a.stop();
      await b.stop();
      await db.drop();
    }
  }, 120_000);
});

/**
 * Restart: the server process dies in the middle of an open question and is started again on the same
 * database. The session resumes at the same statement and question with every acknowledged answer, and the
 * students' sockets reconnect and resync on their own (resume token, as the browser does).
 */
import path from "node:path";
import { io as ioClient } from "socket.io-client";
import { afterAll, describe, expect, it } from "vitest";
import type { JoinResult } from "../../server/protocol/events.ts";
import { withReveal } from "../../server/protocol/feedback.ts";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import type { HostSession, ParticipantView, PublicSession } from "../../server/protocol/views.ts";
import { call, next, ok, type Client } from "../support/realtime-harness.ts";
import { testDatabaseUrl } from "../support/test-database.ts";
import { startServerProcess, tempDir, type RunningServer } from "../support/server-process.ts";
import { IT1_BACKWARD } from "../support/seed-cursors.ts";


let server: RunningServer | undefined;
const sockets: Client[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

/** A student client that behaves like the app: on a fresh (not recovered) connection it re-joins with its token. */
function student(url: string, code: string, nickname: string) {
  const c: Client = ioClient(url, { transports: ["websocket"], forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 500 });
  sockets.push(c);
  let token: string | undefined;
  const joins: JoinResult[] = [];
  c.on("connect", async () => {
    if (c.recovered) return;
    const r = await call<JoinResult>(c, "session:join", token ? { code, resumeToken: token } : { code, nickname });
    if (r.ok) {
      token = r.data.resumeToken;
      joins.push(r.data);
    }
  });
  return { c, joins };
}

async function until<T>(f: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("server restart", () => {
  it("resumes every session where it was, with every acknowledged answer", async () => {
    const db = await testDatabaseUrl(`file:${path.join(tempDir("restart"), "class.db")}`);
    server = await startServerProcess({ DATABASE_URL: db });
    const { url, port } = server;

    const res = await fetch(`${url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
    expect(res.status).toBe(201);
    const { sessionId, code } = (await res.json()) as { sessionId: string; code: string };
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;

    const host: Client = ioClient(url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie }, reconnectionDelay: 200 });
    sockets.push(host);
    await new Promise((r) => host.once("connect", () => r(null)));
    const command = (command: object) => ok(call<HostSession>(host, "host:command", { sessionId, command }));

    const ada = student(url, code, "Ada");
    const alan = student(url, code, "Alan");
    await until(() => (ada.joins.length && alan.joins.length ? true : undefined));

    await command({ type: "start" });
    for (let i = 0; i < IT1_BACKWARD; i++) await command({ type: "advance" });
    const asked = await command({ type: "ask", quantity: "w.grad" });
    const qid = asked.question!.id;
    await ok(call(ada.c, "answer:submit", { questionId: qid, answer: { kind: "number", value: -40 }, confidence: "high" }));
    await ok(call(alan.c, "answer:submit", { questionId: qid, answer: { kind: "number", value: -20 } }));

    // Crash: no clean shutdown.
    await server.kill();
    server = await startServerProcess({ DATABASE_URL: db, PORT: String(port) });

    // Both students come back on their own, as the same participants.
    await until(() => (ada.joins.length >= 2 && alan.joins.length >= 2 ? true : undefined));
    expect(ada.joins[1]!.participantId).toBe(ada.joins[0]!.participantId);
    expect(alan.joins[1]!.participantId).toBe(alan.joins[0]!.participantId);
    const resumed: PublicSession = ada.joins[1]!.session;
    expect(resumed.cursor).toBe(IT1_BACKWARD);
    expect(resumed.question).toMatchObject({ id: qid, status: "open", answeredCount: 2 });
    const you: ParticipantView = ada.joins[1]!.you;
    expect(you.answer).toEqual({ questionId: qid, answer: { kind: "number", value: -40 }, confidence: "high" });

    // The host carries on: reveal grades both stored answers (w.grad at iteration 1 is -40 by hand).
    await until(() => (host.connected ? true : undefined));
    await ok(call(host, "host:attach", { sessionId }));
    const seen = next(ada.c, "session:state", (v) => v.question?.status === "revealed");
    const revealed = await command({ type: "reveal" });
    expect(revealed.question!.result!.truth).toEqual({ kind: "number", value: expect.closeTo(-40, 9) });
    expect(revealed.question!.result!.answered).toBe(2);
    // Ada's browser grades her answer from the reveal everyone gets.
    expect(withReveal(you, (await seen).question!, ada.joins[1]!.lesson.explanations).feedback!.outcome).toBe("correct");
  }, 120_000);
});

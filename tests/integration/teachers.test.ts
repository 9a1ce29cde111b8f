/**
 * Teachers' accounts and ownership against `npm start`: sign-up errors are clear, a teacher's sessions, classes,
 * reports and CSV exports are theirs alone (another teacher gets 404, and cannot run their session over the
 * socket), and the CSV parses back to exactly the answers stored, with formula cells neutralised.
 */
import path from "node:path";
import { parse } from "csv-parse/sync";
import { io as ioClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../server/db.ts";
import { loadConfig } from "../../server/config.ts";
import type { HostSession } from "../../server/protocol/views.ts";
import type { JoinResult } from "../../server/protocol/events.ts";
import { call, ok, type Client } from "../support/realtime-harness.ts";
import { testDatabaseUrl } from "../support/test-database.ts";
import { startServerProcess, tempDir, type RunningServer } from "../support/server-process.ts";
import { IT1_LOSS } from "../support/seed-cursors.ts";

let server: RunningServer;
let db: Db;
const sockets: Client[] = [];
beforeAll(async () => {
  const file = path.join(tempDir("teachers"), "t.db");
  const url = await testDatabaseUrl(`file:${file}`);
  // Behind a trusted proxy: each teacher signs up and in from an address of their own (the sign-in limit is per address).
  server = await startServerProcess({ DATABASE_URL: url, TRUST_PROXY: "1" });
  db = openDb(loadConfig({ DATABASE_URL: url }));
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await db?.$disconnect();
  await server?.stop();
});

const post = (p: string, body: unknown, cookie = "", from?: string) =>
  fetch(`${server.url}${p}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, cookie, ...(from ? { "x-forwarded-for": from } : {}) },
    body: JSON.stringify(body),
  });
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");

let teachers = 0;
/** Signs up, then in (sign-up alone opens no session: it answers alike for a taken email), as the sign-up form does. */
async function signUp(email: string): Promise<{ cookie: string; id: string }> {
  const from = `10.7.0.${++teachers}`;
  const res = await post("/api/auth/sign-up/email", { email, password: "correct horse battery", name: email.split("@")[0] }, "", from);
  expect(res.status).toBe(200);
  expect(res.headers.getSetCookie().some((c) => c.includes("session_token"))).toBe(false);
  const signedIn = await post("/api/auth/sign-in/email", { email, password: "correct horse battery" }, "", from);
  expect(signedIn.status).toBe(200);
  const body = (await signedIn.json()) as { user: { id: string } };
  return { cookie: cookiesOf(signedIn), id: body.user.id };
}

describe("accounts", () => {
  it("a weak password, a taken email and a wrong password each get a clear error", async () => {
    const weak = await post("/api/auth/sign-up/email", { email: "weak@school.edu", password: "short", name: "W" });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { code: string }).code).toBe("PASSWORD_TOO_SHORT");
    const first = await signUp("taken@school.edu");
    // Signing up with a registered email answers as for a new one: nothing tells that the email is taken.
    const fresh = await post("/api/auth/sign-up/email", { email: "fresh@school.edu", password: "correct horse battery", name: "T" }, "", "10.7.1.1");
    const taken = await post("/api/auth/sign-up/email", { email: "taken@school.edu", password: "correct horse battery", name: "T" }, "", "10.7.1.2");
    expect([fresh.status, taken.status]).toEqual([200, 200]);
    const shape = (b: { token: unknown; user: Record<string, unknown> }) => ({ token: b.token, user: Object.keys(b.user).sort() });
    const [freshBody, takenBody] = (await Promise.all([fresh.json(), taken.json()])) as { token: unknown; user: Record<string, unknown> & { id: string } }[];
    expect(shape(takenBody!)).toEqual(shape(freshBody!));
    expect(takenBody!.user.id).not.toBe(first.id);
    // A guessable password is refused with the reason, whether or not the email is taken.
    for (const email of ["taken@school.edu", "new@school.edu"]) {
      const guessable = await post("/api/auth/sign-up/email", { email, password: "password123456", name: "W" }, "", "10.7.1.3");
      expect(guessable.status).toBe(400);
      expect((await guessable.json()) as { code: string; message: string }).toMatchObject({ code: "PASSWORD_TOO_WEAK", message: expect.stringMatching(/common|guess/i) });
    }
    const wrong = await post("/api/auth/sign-in/email", { email: "taken@school.edu", password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe("INVALID_EMAIL_OR_PASSWORD");
    // The session cookie is httpOnly.
    const right = await post("/api/auth/sign-in/email", { email: "taken@school.edu", password: "correct horse battery" });
    expect(right.headers.getSetCookie().find((c) => c.includes("session_token"))).toMatch(/HttpOnly/i);
  });
});

describe("passwords and anonymous sessions", () => {
  it("changing the password: the old one stops working, the new one signs in", async () => {
    const t = await signUp("changer@school.edu");
    const wrong = await post("/api/auth/change-password", { currentPassword: "not it at all", newPassword: "a brand new passphrase" }, t.cookie);
    expect(((await wrong.json()) as { code: string }).code).toBe("INVALID_PASSWORD");
    // A new password made of the teacher's own name is refused, with the reason.
    const own = await post("/api/auth/change-password", { currentPassword: "correct horse battery", newPassword: "changer2026!" }, t.cookie);
    expect(own.status).toBe(400);
    expect((await own.json()) as { code: string; message: string }).toMatchObject({ code: "PASSWORD_TOO_WEAK", message: expect.stringContaining("email address or name") });
    const ok = await post("/api/auth/change-password", { currentPassword: "correct horse battery", newPassword: "a brand new passphrase" }, t.cookie);
    expect(ok.status).toBe(200);
    expect((await post("/api/auth/sign-in/email", { email: "changer@school.edu", password: "correct horse battery" })).status).toBe(401);
    expect((await post("/api/auth/sign-in/email", { email: "changer@school.edu", password: "a brand new passphrase" })).status).toBe(200);
  });

  it("a session hosted without an account is saved to the teacher's account from its host browser, and only from it", async () => {
    const anon = await post("/api/sessions", { lessonId: "seed-zero-grad" });
    const { sessionId } = (await anon.json()) as { sessionId: string };
    const hostCookie = cookiesOf(anon);
    const t = await signUp("keeper@school.edu");
    // Signed in, but without the host key: not this browser's session.
    expect((await post(`/api/sessions/${sessionId}/owner`, {}, t.cookie)).status).toBe(404);
    expect((await post(`/api/sessions/${sessionId}/owner`, {}, `${t.cookie}; ${hostCookie}`)).status).toBe(200);
    expect(await db.session.findUnique({ where: { id: sessionId } })).toMatchObject({ teacherId: t.id });
    // Now it is on the teacher's account: the report opens with the account alone.
    expect((await fetch(`${server.url}/sessions/${sessionId}/report`, { headers: { cookie: t.cookie } })).status).toBe(200);
  });
});

describe("only the right browser", () => {
  it("a device given the host link cannot take an anonymous session into its account", async () => {
    const anon = await post("/api/sessions", { lessonId: "seed-zero-grad" });
    const { sessionId } = (await anon.json()) as { sessionId: string };
    const creator = cookiesOf(anon);
    const link = (await (await post(`/api/sessions/${sessionId}/host-link`, { action: "create" }, creator)).json()) as { url: string };
    const secret = link.url.split("#")[1]!;
    const claimed = await post(`/api/sessions/${sessionId}/claim`, { secret });
    expect(claimed.status).toBe(200);
    const coHost = cookiesOf(claimed);
    const thief = await signUp("thief@school.edu");
    expect((await post(`/api/sessions/${sessionId}/owner`, {}, `${thief.cookie}; ${coHost}`)).status).toBe(404);
    expect(await db.session.findUnique({ where: { id: sessionId } })).toMatchObject({ teacherId: null });
  });

  it("a join refused (a locked room) leaves no student behind", async () => {
    const t = await signUp("locker@school.edu");
    await db.class.create({ data: { id: "class-locked-01", teacherId: t.id, name: "Locked", identify: "name" } });
    const created = (await (await post("/api/sessions", { lessonId: "seed-zero-grad", classId: "class-locked-01" }, t.cookie)).json()) as { sessionId: string; code: string };
    const host = ioClient(server.url, { transports: ["websocket"], extraHeaders: { cookie: t.cookie } });
    const student = ioClient(server.url, { transports: ["websocket"] });
    sockets.push(host, student);
    await ok(call<HostSession>(host, "host:command", { sessionId: created.sessionId, command: { type: "lock", locked: true } }));
    expect(await call(student, "session:join", { code: created.code, nickname: "Late One", identifier: "Someone Offensive" })).toMatchObject({ ok: false, error: { code: "ROOM_LOCKED" } });
    expect(await db.student.count({ where: { classId: "class-locked-01" } })).toBe(0);
  });
});

describe("sign-in attempts", () => {
  it("are rate-limited per client address", async () => {
    await signUp("guarded@school.edu");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post("/api/auth/sign-in/email", { email: "guarded@school.edu", password: `guess number ${i}` })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses).toContain(429);
  });
});

describe("ownership", () => {
  it("teacher B gets 404 for teacher A's class, report and CSV, and cannot run A's session", async () => {
    const a = await signUp("ada@school.edu");
    const b = await signUp("bo@school.edu");
    await db.class.create({ data: { id: "class-of-ada-1", teacherId: a.id, name: "CS 4780", identify: "name" } });
    // B may not host into A's class.
    expect((await post("/api/sessions", { lessonId: "seed-zero-grad", classId: "class-of-ada-1" }, b.cookie)).status).toBe(404);
    const created = await post("/api/sessions", { lessonId: "seed-zero-grad", classId: "class-of-ada-1" }, a.cookie);
    expect(created.status).toBe(201);
    const { sessionId, code } = (await created.json()) as { sessionId: string; code: string };
    expect(await db.session.findUnique({ where: { id: sessionId } })).toMatchObject({ teacherId: a.id, classId: "class-of-ada-1" });

    // A runs the session over the socket with only the account cookie (no host key); B cannot.
    const host = ioClient(server.url, { transports: ["websocket"], extraHeaders: { cookie: a.cookie.split("; ").filter((c) => !c.startsWith("descent_host")).join("; ") } });
    const intruder = ioClient(server.url, { transports: ["websocket"], extraHeaders: { cookie: b.cookie } });
    sockets.push(host, intruder);
    expect(await call(intruder, "host:command", { sessionId, command: { type: "start" } })).toMatchObject({ ok: false, error: { code: "NOT_HOST" } });
    await ok(call<HostSession>(host, "host:attach", { sessionId }));
    const command = (c: object) => ok(call<HostSession>(host, "host:command", { sessionId, command: c }));

    // Two students with names; one typed a formula as a name.
    const join = async (nickname: string, identifier: string) => {
      const c = ioClient(server.url, { transports: ["websocket"] });
      sockets.push(c);
      return { c, r: await ok(call<JoinResult>(c, "session:join", { code, nickname, identifier })) };
    };
    const s1 = await join("Curious Otter", "=HYPERLINK(\"http://x\")");
    const s2 = await join("Calm Heron", "Grace Hopper");
    expect(await call(ioClient(server.url, { transports: ["websocket"] }), "session:join", { code, nickname: "No Name" })).toMatchObject({ ok: false, error: { code: "BAD_IDENTIFIER" } });
    let view = await command({ type: "start" });
    while (view.cursor !== IT1_LOSS) view = await command({ type: "advance" });
    view = await command({ type: "ask", quantity: "loss" });
    const qid = view.question!.id;
    await ok(call(s1.c, "answer:submit", { questionId: qid, answer: { kind: "number", value: 38 }, confidence: "high" }));
    await ok(call(s2.c, "answer:submit", { questionId: qid, answer: { kind: "number", value: -190 }, confidence: null }));
    await command({ type: "reveal" });
    await command({ type: "end" });

    for (const p of ["/classes/class-of-ada-1", `/sessions/${sessionId}/report`, "/api/export/class/class-of-ada-1", `/api/export/session/${sessionId}`]) {
      expect((await fetch(`${server.url}${p}`, { headers: { cookie: b.cookie } })).status, `B: ${p}`).toBe(404);
      expect((await fetch(`${server.url}${p}`, { headers: { cookie: a.cookie } })).status, `A: ${p}`).toBe(200);
    }
    const student = await db.student.findFirst({ where: { classId: "class-of-ada-1", identifier: "Grace Hopper" } });
    expect((await fetch(`${server.url}/api/export/student/${student!.id}`, { headers: { cookie: b.cookie } })).status).toBe(404);

    // The CSV parses back to the stored answers.
    const csv = await (await fetch(`${server.url}/api/export/session/${sessionId}`, { headers: { cookie: a.cookie } })).text();
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    const stored = await db.answer.findMany({ where: { sessionId } });
    expect(records).toHaveLength(stored.length);
    const byStudent = Object.fromEntries(records.map((r) => [r.student, r]));
    expect(byStudent["Grace Hopper"]).toMatchObject({ session: sessionId, question: qid, checkpoint: "it1.s5", quantity: "loss", answer: "-190", truth: "38", outcome: "unclassified", mode: "live", variant: "" });
    // The formula typed as a name is inert text in the spreadsheet.
    expect(byStudent["'=HYPERLINK(\"http://x\")"]).toMatchObject({ answer: "38", outcome: "correct", confidence: "high" });
    expect(Object.keys(records[0]!)).toEqual(["session", "started_at", "lesson", "question", "checkpoint", "quantity", "student", "answer", "truth", "outcome", "misconceptions", "confidence", "submitted_at", "mode", "variant"]);
  });
});

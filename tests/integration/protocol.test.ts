/**
 * The protocol with real socket.io clients on a random port, a real session service and a real SQLite
 * database: what other clients receive, that rejected input changes nothing, that host commands are
 * authorised per message, and that no true value reaches a student before its reveal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinResult, SubmitResult, WatchResult } from "../../server/protocol/events.ts";
import { gradeOfFeedback, withReveal } from "../../server/protocol/feedback.ts";
import type { HostSession, PublicSession } from "../../server/protocol/views.ts";
import { hashToken } from "../../server/session/service.ts";
import { call, next, numbersIn, ok, recordFrames, startHarness, type Client, type Harness } from "../support/realtime-harness.ts";
import { IT1_LOSS, IT2A_BACKWARD } from "../support/seed-cursors.ts";

// Statement indices in the seed lesson ("seed-zero-grad"): 0 is print(w.grad); iteration 1 is 1–7 (w.grad = None,
// b.grad = None, forward, loss, backward, w update, b update); iteration 2A is 8–14 (two grad_zero lines, forward,
// loss, backward, two updates).

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function hostedSession() {
  const s = await h.host();
  const host = await h.client({ cookie: s.cookie });
  await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
  const command = (command: object) => ok(call<HostSession>(host, "host:command", { sessionId: s.sessionId, command }));
  const moveTo = async (cursor: number) => {
    let view = await command({ type: "start" });
    while (view.cursor !== cursor) view = await command({ type: "advance" });
    return view;
  };
  const join = async (nickname: string) => {
    const c = await h.client();
    const r = await ok(call<JoinResult>(c, "session:join", { code: s.code, nickname }));
    return { c, r };
  };
  return { ...s, host, command, moveTo, join };
}

async function eventCount(sessionId: string) {
  return h.db.sessionEvent.count({ where: { sessionId } });
}

describe("joining", () => {
  it("tells the host and the projector who joined, and refuses a taken nickname", async () => {
    const s = await hostedSession();
    const projector = await h.client();
    await ok(call<WatchResult>(projector, "session:watch", { code: s.code }));

    const hostSees = next(s.host, "host:state", (v) => v.roster.some((p) => p.nickname === "Ada"));
    // A join is a tick to the room (a count and the latest names), not a whole state.
    const projectorSees = next(projector, "session:tick", (v) => v.joined === 1 && v.participants.some((p) => p.nickname === "Ada"));
    const { r } = await s.join("  Ada ");
    expect(r.nickname).toBe("Ada");
    await hostSees;
    await projectorSees;

    const other = await h.client();
    const taken = await call(other, "session:join", { code: s.code, nickname: "ada" });
    expect(taken).toMatchObject({ ok: false, error: { code: "NICKNAME_TAKEN" } });
  });

  it("rejects profane or malformed nicknames and unknown codes without changing anything", async () => {
    const s = await hostedSession();
    const c = await h.client();
    const before = await eventCount(s.sessionId);
    expect(await call(c, "session:join", { code: s.code, nickname: "fuck" })).toMatchObject({ ok: false, error: { code: "BAD_NICKNAME" } });
    expect(await call(c, "session:join", { code: s.code, nickname: "x" })).toMatchObject({ ok: false, error: { code: "BAD_NICKNAME" } });
    expect(await call(c, "session:join", { code: "ZZZZZZ", nickname: "Grace" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await call(c, "session:join", { code: 42 })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await eventCount(s.sessionId)).toBe(before);
    expect(await h.db.participant.count({ where: { sessionId: s.sessionId } })).toBe(0);
  });

  it("a locked room refuses newcomers; a resume token brings back the same participant", async () => {
    const s = await hostedSession();
    const { r } = await s.join("Grace");
    await s.command({ type: "lock", locked: true });
    const late = await h.client();
    expect(await call(late, "session:join", { code: s.code, nickname: "Linus" })).toMatchObject({ ok: false, error: { code: "ROOM_LOCKED" } });
    // Resuming is not joining: it works in a locked room.
    const again = await h.client();
    const back = await ok(call<JoinResult>(again, "session:join", { code: s.code, resumeToken: r.resumeToken }));
    expect(back.participantId).toBe(r.participantId);
    expect(back.nickname).toBe("Grace");
  });
});

describe("host commands", () => {
  it("are refused from a student and from a socket without the host cookie, changing nothing", async () => {
    const s = await hostedSession();
    const { c } = await s.join("Mallory");
    const stranger = await h.client({ cookie: "descent_host_x=forged" });
    const before = await eventCount(s.sessionId);
    for (const sock of [c, stranger]) {
      expect(await call(sock, "host:command", { sessionId: s.sessionId, command: { type: "start" } })).toMatchObject({
        ok: false,
        error: { code: "NOT_HOST" },
      });
      expect(await call(sock, "host:attach", { sessionId: s.sessionId })).toMatchObject({ ok: false, error: { code: "NOT_HOST" } });
    }
    expect(await eventCount(s.sessionId)).toBe(before);
    const view = await ok(call<HostSession>(s.host, "host:attach", { sessionId: s.sessionId }));
    expect(view.status).toBe("lobby");
  });

  it("reject malformed commands with a typed error and leave the state unchanged", async () => {
    const s = await hostedSession();
    await s.moveTo(IT1_LOSS);
    const before = await ok(call<HostSession>(s.host, "host:attach", { sessionId: s.sessionId }));
    const count = await eventCount(s.sessionId);
    const bad = [
      { sessionId: s.sessionId, command: { type: "explode" } },
      { sessionId: s.sessionId, command: { type: "ask", quantity: "loss", durationSec: 3 } },
      { sessionId: s.sessionId, command: { type: "ask", quantity: "not_a_quantity" } },
      { sessionId: s.sessionId },
      "nonsense",
    ];
    for (const payload of bad) {
      const r = await call(s.host, "host:command", payload);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(["BAD_REQUEST", "UNKNOWN_QUANTITY"]).toContain(r.error.code);
    }
    const after = await ok(call<HostSession>(s.host, "host:attach", { sessionId: s.sessionId }));
    expect({ ...after, serverNow: 0 }).toEqual({ ...before, serverNow: 0 });
    expect(await eventCount(s.sessionId)).toBe(count);
  });
});

describe("a question", () => {
  it("stores one answer per participant however often it is retried, and refuses answers after close", async () => {
    const s = await hostedSession();
    const { c } = await s.join("Ada");
    await s.moveTo(IT1_LOSS);
    const opened = await s.command({ type: "ask", quantity: "loss" });
    const qid = opened.question!.id;

    const submit = (value: number) => call<SubmitResult>(c, "answer:submit", { questionId: qid, answer: { kind: "number", value }, confidence: "high" });
    await ok(submit(30));
    await ok(submit(38));
    await ok(submit(38)); // a retry after a lost ack is harmless
    const rows = await h.db.answer.findMany({ where: { sessionId: s.sessionId, questionId: qid } });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.answer)).toEqual({ kind: "number", value: 38 });

    // Malformed answers change nothing.
    for (const answer of [{ kind: "number", value: "38" }, { kind: "number" }, { kind: "maybe" }, { kind: "vector", value: [] }]) {
      expect(await call(c, "answer:submit", { questionId: qid, answer })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    }
    expect(JSON.parse((await h.db.answer.findFirstOrThrow({ where: { sessionId: s.sessionId, questionId: qid } })).answer)).toEqual({ kind: "number", value: 38 });

    await s.command({ type: "close" });
    expect(await submit(1)).toMatchObject({ ok: false, error: { code: "QUESTION_CLOSED" } });
    const revealed = await s.command({ type: "reveal" });
    // 38 is the seed's loss at iteration 1: (16 + 25 + 36 + 49 + 64) / 5.
    expect(revealed.question!.result!.truth).toEqual({ kind: "number", value: expect.closeTo(38, 9) });
    expect(revealed.question!.result!.histogram.find((b) => b.key === "correct")!.count).toBe(1);
    const graded = await h.db.answer.findFirstOrThrow({ where: { sessionId: s.sessionId, questionId: qid } });
    expect(JSON.parse(graded.grade!)).toEqual({ outcome: "correct" });
  });

  it("never sends a student the true value before the reveal", async () => {
    const s = await hostedSession();
    const { c, r: joined } = await s.join("Eve");
    const frames = recordFrames(c);
    const projector = await h.client();
    const projectorFrames = recordFrames(projector);
    await ok(call(projector, "session:watch", { code: s.code }));

    await s.moveTo(IT2A_BACKWARD);
    const studentSees = next(c, "session:state", (v) => v.question?.quantity === "w.grad");
    const opened = await s.command({ type: "ask", quantity: "w.grad", durationSec: 60 });
    // The host (and only the host) may preview it: -30.48 = (2/5)·Σ(0.4x + 0.12 − y)·x, by hand in the seed.
    expect(opened.preview).toEqual({ kind: "number", value: expect.closeTo(-30.48, 9) });
    expect((await studentSees).question).toMatchObject({ id: opened.question!.id, status: "open", result: null });
    await ok(call(c, "answer:submit", { questionId: opened.question!.id, answer: { kind: "number", value: -70.48 } }));
    await s.command({ type: "close" });
    await new Promise((r) => setTimeout(r, 250)); // let coalesced broadcasts go out

    const leaks = (list: string[]) => list.filter((f) => numbersIn(f).some((n) => Math.abs(n - -30.48) < 1e-6));
    // The step's rule can state an answer too ("p.grad ← None"): no public frame carries it before the reveal.
    const formulas = (list: string[]) => list.filter((f) => /"formula":"/.test(f));
    expect(formulas(frames)).toEqual([]);
    expect(formulas(projectorFrames)).toEqual([]);
    expect(frames.length).toBeGreaterThan(2);
    expect(leaks(frames)).toEqual([]);
    expect(leaks(projectorFrames)).toEqual([]);

    const shown = next(c, "session:state", (v) => v.question?.status === "revealed");
    await s.command({ type: "reveal" });
    const revealed = (await shown).question!;
    expect(revealed.result!.truth).toEqual({ kind: "number", value: expect.closeTo(-30.48, 9) });
    // The student's browser grades its own answer from the broadcast: -70.48 is the accumulated gradient.
    const you = withReveal({ ...joined.you, answer: { questionId: revealed.id, answer: { kind: "number", value: -70.48 }, confidence: null } }, revealed, joined.lesson.explanations);
    const stored = JSON.parse((await h.db.answer.findFirstOrThrow({ where: { sessionId: s.sessionId, questionId: revealed.id } })).grade!);
    expect(gradeOfFeedback(you.feedback!)).toEqual(stored);
    expect(leaks(frames).length).toBeGreaterThan(0);
    expect(formulas(frames).length).toBeGreaterThan(0);
  });

  it("a student coming back after the end still gets their results, but nobody new can join", async () => {
    const s = await hostedSession();
    const { r } = await s.join("Ada");
    await s.moveTo(IT1_LOSS);
    const asked = await s.command({ type: "ask", quantity: "loss" });
    const { c } = { c: await h.client() };
    await ok(call(c, "session:join", { code: s.code, resumeToken: r.resumeToken }));
    await ok(call(c, "answer:submit", { questionId: asked.question!.id, answer: { kind: "number", value: 38 } }));
    await s.command({ type: "reveal" });
    await s.command({ type: "end" });
    const back = await h.client();
    const again = await ok(call<JoinResult>(back, "session:join", { code: s.code, resumeToken: r.resumeToken }));
    expect(again.session.status).toBe("ended");
    expect(again.you.score).toEqual({ correct: 1, answered: 1, asked: 1 });
    expect(await call(await h.client(), "session:join", { code: s.code, nickname: "Late" })).toMatchObject({ ok: false, error: { code: "ENDED" } });
  });

  it("a reveal right after an answer waits for the answer to be stored, and grades it", async () => {
    const s = await hostedSession();
    const { c } = await s.join("Ada");
    await s.moveTo(IT1_LOSS);
    const qid = (await s.command({ type: "ask", quantity: "loss" })).question!.id;
    const submitted = call(c, "answer:submit", { questionId: qid, answer: { kind: "number", value: 38 } });
    // Sent right behind the answer, on another socket.
    const revealed = call<HostSession>(s.host, "host:command", { sessionId: s.sessionId, command: { type: "reveal" } });
    expect((await submitted).ok).toBe(true);
    expect((await ok(revealed)).question!.result!.answered).toBe(1);
    const row = await h.db.answer.findFirstOrThrow({ where: { sessionId: s.sessionId, questionId: qid } });
    expect(JSON.parse(row.grade!)).toEqual({ outcome: "correct" });
    const log = await h.db.sessionEvent.findMany({ where: { sessionId: s.sessionId }, orderBy: { seq: "asc" } });
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    expect(log.slice(-2).map((e) => e.type)).toEqual(["submit", "reveal"]);
  });
});

describe("connections and timers", () => {
  it("a short drop recovers the same socket state and delivers what was missed", async () => {
    const s = await hostedSession();
    const { c, r } = await s.join("Ada");
    await s.moveTo(IT1_LOSS);
    // Drop the transport (as a phone switching networks does), open a question meanwhile, then reconnect.
    const reconnected = new Promise<void>((resolve) => c.once("connect", () => resolve()));
    c.io.engine.close();
    await new Promise((res) => setTimeout(res, 100));
    const asked = await s.command({ type: "ask", quantity: "loss" });
    const missed = next(c, "session:state", (v) => v.question?.id === asked.question!.id, 8000);
    await reconnected;
    expect(c.recovered).toBe(true);
    await missed;
    // Still the same participant: it can answer without joining again.
    await ok(call(c, "answer:submit", { questionId: asked.question!.id, answer: { kind: "number", value: 38 } }));
    const row = await h.db.answer.findFirstOrThrow({ where: { sessionId: s.sessionId, questionId: asked.question!.id } });
    expect(row.participantId).toBe(r.participantId);
  });

  it("a timed question closes by itself at its deadline, for everyone", async () => {
    const s = await hostedSession();
    const { c } = await s.join("Ada");
    await s.moveTo(IT1_LOSS);
    const asked = await s.command({ type: "ask", quantity: "loss", durationSec: 5 });
    expect(asked.question!.deadline! - asked.serverNow).toBeGreaterThan(4000);
    const closed = next(c, "session:state", (v) => v.question?.status === "closed", 9000);
    await ok(call(c, "answer:submit", { questionId: asked.question!.id, answer: { kind: "number", value: 38 } }));
    await closed;
    expect(await call(c, "answer:submit", { questionId: asked.question!.id, answer: { kind: "number", value: 1 } })).toMatchObject({
      ok: false,
      error: { code: "QUESTION_CLOSED" },
    });
  }, 15_000);

  it("a removed student is told so and can no longer answer", async () => {
    const s = await hostedSession();
    const { c, r } = await s.join("Mallory");
    await s.moveTo(IT1_LOSS);
    const asked = await s.command({ type: "ask", quantity: "loss" });
    const told = next(c, "session:kicked");
    const view = await s.command({ type: "kick", participantId: r.participantId });
    expect((await told).message).toContain("removed");
    expect(view.participants).toEqual([]);
    const refused = await call(c, "answer:submit", { questionId: asked.question!.id, answer: { kind: "number", value: 38 } });
    expect(refused).toMatchObject({ ok: false, error: { code: "KICKED" } });
    // Its resume token no longer works either.
    expect(await call(await h.client(), "session:join", { code: s.code, resumeToken: r.resumeToken })).toMatchObject({ ok: false, error: { code: "NOT_JOINED" } });
  });
});

describe("identities and seats", () => {
  async function namedClassSession() {
    const teacherId = `t-${Math.random().toString(36).slice(2, 10)}`;
    await h.db.user.create({ data: { id: teacherId, name: "T", email: `${teacherId}@school.edu` } });
    const classId = `class-${teacherId}`;
    await h.db.class.create({ data: { id: classId, teacherId, name: "CS 101", identify: "name" } });
    const hostKey = "k".repeat(43);
    const s = await h.service.create("seed-zero-grad", hashToken(hostKey), { teacherId, classId });
    // A teacher's session is hosted with the teacher's account or a host link's key: this browser holds a link's.
    (await h.service.byId(s.sessionId))!.coHosts.add(hashToken(hostKey));
    const host = await h.client({ cookie: `descent_host=${hostKey}` });
    await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
    const command = (command: object) => ok(call<HostSession>(host, "host:command", { sessionId: s.sessionId, command }));
    const join = async (nickname: string, identifier: string) => call<JoinResult>(await h.client(), "session:join", { code: s.code, nickname, identifier });
    return { ...s, classId, command, join };
  }

  it("in a class that asks for names, one name or student ID is one device; look-alikes count as taken", async () => {
    const s = await namedClassSession();
    const ada = await ok(s.join("Curious Otter", "Ada Lovelace"));
    // A second device under the same name, typed differently or with a Cyrillic А, is refused: no merged answers.
    for (const identifier of ["ada  lovelace", "Аda Lovelace", "ADA LOVELACE"]) {
      expect(await s.join(`Other ${identifier.length}`, identifier)).toMatchObject({ ok: false, error: { code: "IDENTIFIER_TAKEN" } });
    }
    expect(await ok(s.join("Calm Heron", "Grace Hopper"))).toMatchObject({ nickname: "Calm Heron" });
    // The teacher releases Ada's seat: Ada joins from her new phone under her name (and her nickname is free too).
    const view = await s.command({ type: "release", participantId: ada.participantId });
    expect(view.roster.find((p) => p.id === ada.participantId)).toMatchObject({ kicked: true, released: true });
    expect(view.joined).toBe(1);
    const again = await ok(s.join("Curious Otter", "Ada Lovelace"));
    expect(again.participantId).not.toBe(ada.participantId);
    // Both seats are the same student of the class, and a released seat cannot be let back in.
    const rows = await h.db.participant.findMany({ where: { sessionId: s.sessionId, id: { in: [ada.participantId, again.participantId] } } });
    expect(new Set(rows.map((r) => r.studentId)).size).toBe(1);
    expect(await call(await h.client({ cookie: `descent_host=${"k".repeat(43)}` }), "host:command", { sessionId: s.sessionId, command: { type: "readmit", participantId: ada.participantId } })).toMatchObject({
      ok: false,
      error: { code: "RELEASED" },
    });
  });

  it("a socket that joined cannot take a second seat by watching first", async () => {
    const s = await hostedSession();
    const c = await h.client();
    await ok(call<JoinResult>(c, "session:join", { code: s.code, nickname: "Only Once" }));
    expect(await call<WatchResult>(c, "session:watch", { code: s.code })).toMatchObject({ ok: false, error: { code: "ALREADY_JOINED" } });
    expect(await call<JoinResult>(c, "session:join", { code: s.code, nickname: "Twice" })).toMatchObject({ ok: false, error: { code: "ALREADY_JOINED" } });
    const view = await s.command({ type: "lock", locked: false });
    expect(view.joined).toBe(1);
  });

  it("unknown join codes cost one database query each, then none, and a socket may ask only so many", async () => {
    const repo = (h.service as unknown as { repo: { findByCode: (code: string) => Promise<unknown> } }).repo;
    const original = repo.findByCode.bind(repo);
    let queries = 0;
    repo.findByCode = (code: string) => {
      queries++;
      return original(code);
    };
    try {
      const c = await h.client();
      expect(await call(c, "session:join", { code: "ZZZZZZ", nickname: "Nobody" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      const other = await h.client();
      expect(await call(other, "session:join", { code: "ZZZZZZ", nickname: "Nobody" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      expect(queries).toBe(1);
      // Ten codes of no session on one connection (the first one's asked already): the next is refused, and the
      // connection is closed, without asking the database.
      for (let i = 0; i < 9; i++) expect(await call(c, "session:watch", { code: `QQQQ${"ABCDEFGHJKMNPQRSTUVWXYZ"[i]}X` })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      const closed = new Promise((r) => c.once("disconnect", r));
      expect(await call(c, "session:watch", { code: "QQQQZX" })).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
      await closed;
      expect(queries).toBe(10);
    } finally {
      repo.findByCode = original;
    }
  });
});

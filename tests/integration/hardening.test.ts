/**
 * Attacks a student (or anyone with the join code) could try on the socket protocol, with real socket.io clients:
 * one connection cannot become many participants, a removal sticks to the device, names that every JavaScript
 * object inherits are not quantities, and a command that fails after validation is never half-applied: the
 * session always equals its stored log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinResult } from "../../server/protocol/events.ts";
import { DEVICE_COOKIE } from "../../server/protocol/cookies.ts";
import type { HostSession } from "../../server/protocol/views.ts";
import { SessionRepository } from "../../server/session/repository.ts";
import { newToken } from "../../server/session/service.ts";
import { sessionServices } from "../../server/session/setup.ts";
import { call, next, ok, startHarness, type Harness } from "../support/realtime-harness.ts";
import { plain } from "../support/state.ts";
import { IT1_LOSS, START_PRINT } from "../support/seed-cursors.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function hosted() {
  const s = await h.host();
  const host = await h.client({ cookie: s.cookie });
  await ok(call<HostSession>(host, "host:attach", { sessionId: s.sessionId }));
  const command = (command: object) => call<HostSession>(host, "host:command", { sessionId: s.sessionId, command });
  return { ...s, host, command };
}

const deviceCookie = () => `${DEVICE_COOKIE}=${newToken()}`;

describe("one connection, one participant", () => {
  it("a socket that joined cannot join again, under another name or in another session", async () => {
    const a = await hosted();
    const b = await hosted();
    const c = await h.client({ cookie: deviceCookie() });
    await ok(call<JoinResult>(c, "session:join", { code: a.code, nickname: "Ada" }));
    expect(await call(c, "session:join", { code: a.code, nickname: "Ada Two" })).toMatchObject({ ok: false, error: { code: "ALREADY_JOINED" } });
    expect(await call(c, "session:join", { code: b.code, nickname: "Ada" })).toMatchObject({ ok: false, error: { code: "ALREADY_JOINED" } });
    const sa = (await h.service.byId(a.sessionId))!;
    const sb = (await h.service.byId(b.sessionId))!;
    expect(sa.state.participants.size).toBe(1);
    expect(sb.state.participants.size).toBe(0);
  });
});

describe("removal sticks", () => {
  it("a removed student cannot come back from the same device, by any route, until the host lets them back in", async () => {
    const s = await hosted();
    const cookie = deviceCookie();
    const eve = await h.client({ cookie });
    const joined = await ok(call<JoinResult>(eve, "session:join", { code: s.code, nickname: "Eve" }));
    const kicked = next(eve, "session:kicked");
    expect((await s.command({ type: "kick", participantId: joined.participantId })).ok).toBe(true);
    await kicked;

    // The same socket, a new name.
    expect(await call(eve, "session:join", { code: s.code, nickname: "Evelyn" })).toMatchObject({ ok: false });
    // A new socket from the same browser: a new name, and the old resume token.
    const again = await h.client({ cookie });
    expect(await call(again, "session:join", { code: s.code, nickname: "Evelyn" })).toMatchObject({ ok: false, error: { code: "KICKED" } });
    expect(await call(again, "session:join", { code: s.code, resumeToken: joined.resumeToken })).toMatchObject({ ok: false });
    const session = (await h.service.byId(s.sessionId))!;
    expect(session.state.participants.size).toBe(1);
    expect(session.state.seated).toBe(0);

    // The host undoes the removal: the resume token works again, as the same participant.
    expect((await s.command({ type: "readmit", participantId: joined.participantId })).ok).toBe(true);
    const back = await h.client({ cookie });
    const resumed = await ok(call<JoinResult>(back, "session:join", { code: s.code, resumeToken: joined.resumeToken }));
    expect(resumed.participantId).toBe(joined.participantId);
    expect(session.state.seated).toBe(1);
  });
});

describe("names every object inherits", () => {
  it("asking about constructor, __proto__ or toString is refused and nothing is stored", async () => {
    const s = await hosted();
    await ok(s.command({ type: "start" }));
    for (let i = 0; i < IT1_LOSS; i++) await ok(s.command({ type: "advance" }));
    const before = await h.db.sessionEvent.count({ where: { sessionId: s.sessionId } });
    for (const quantity of ["constructor", "__proto__", "toString"]) {
      expect(await s.command({ type: "ask", quantity })).toMatchObject({ ok: false, error: { code: "UNKNOWN_QUANTITY" } });
    }
    expect(await h.db.sessionEvent.count({ where: { sessionId: s.sessionId } })).toBe(before);
    // The session goes on normally.
    expect((await s.command({ type: "ask", quantity: "loss" })).ok).toBe(true);
    expect((await s.command({ type: "reveal" })).ok).toBe(true);
  });
});

/** A repository whose next `append` fails once, after the command was applied in memory. */
class FailingRepository extends SessionRepository {
  failNext = false;
  override async append(...args: Parameters<SessionRepository["append"]>) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("database unavailable");
    }
    return super.append(...args);
  }
}

describe("a command that fails is never half-applied", () => {
  // Each step compiles the lesson again in a fresh service (a worker thread each time): about a second a step.
  it("after a failure at each step of a lesson, the state equals its replayed log, and the retry succeeds", { timeout: 90_000 }, async () => {
    const repo = new FailingRepository(h.db);
    const { sessions, compiler } = sessionServices(h.db, { repo });
    const { sessionId } = await sessions.create("seed-zero-grad", "0".repeat(64));
    const session = (await sessions.byId(sessionId))!;
    const ada = (await sessions.join(session, "Ada")).participantId;
    let t = 1;
    const script = [
      { type: "start" },
      { type: "goto", cursor: IT1_LOSS },
      { type: "ask", quantity: "loss", durationMs: null },
      { type: "pause" },
      { type: "resume" },
      { type: "close", reason: "host" },
      { type: "reveal" },
      { type: "advance" },
      { type: "kick", participantId: ada },
      { type: "readmit", participantId: ada },
      { type: "lock", locked: true },
      { type: "end" },
    ] as const;
    for (const step of script) {
      const command = { ...step, at: t++ } as Parameters<typeof sessions.command>[1];
      repo.failNext = true;
      await expect(sessions.command(session, command)).rejects.toMatchObject({ name: "StorageUnavailable", code: "UNAVAILABLE", cause: { message: "database unavailable" } });
      // A fresh service replays the stored log: it must equal what this one holds.
      const { sessions: fresh, compiler: freshCompiler } = sessionServices(h.db);
      const replayed = (await fresh.byId(sessionId))!;
      expect(plain(session.state)).toEqual(plain(replayed.state));
      fresh.dispose();
      await freshCompiler.close();
      await sessions.command(session, command);
    }
    expect(session.state.phase.kind).toBe("ended");
    sessions.dispose();
    await compiler.close();
  });
});

describe("sessions in memory", () => {
  it("an idle session with nobody connected leaves memory, an ended one sooner, and both come back from their log", async () => {
    let now = 1_000_000;
    const { sessions, compiler } = sessionServices(h.db, { clock: () => now });
    const a = await sessions.create("seed-zero-grad", "0".repeat(64));
    const b = await sessions.create("seed-zero-grad", "0".repeat(64));
    const sa = (await sessions.byId(a.sessionId))!;
    const sb = (await sessions.byId(b.sessionId))!;
    await sessions.join(sa, "Ada");
    await sessions.command(sa, { type: "start", at: now });
    await sessions.command(sb, { type: "end", at: now });
    const before = plain(sa.state);
    expect(sessions.loaded).toBe(2);

    now += 3 * 60_000; // the ended session has been idle long enough, the running one not yet
    expect(sessions.evictIdle()).toBe(1);
    now += 60 * 60_000;
    let watched = true;
    sessions.audience = (id) => (id === a.sessionId && watched ? 1 : 0);
    expect(sessions.evictIdle()).toBe(0); // someone is still connected
    watched = false;
    expect(sessions.evictIdle()).toBe(1);
    expect(sessions.loaded).toBe(0);

    const back = (await sessions.byId(a.sessionId))!;
    expect(back).not.toBe(sa);
    expect(plain(back.state)).toEqual(before);
    expect((await sessions.byJoinCode(b.code))!.state.phase.kind).toBe("ended");
    sessions.dispose();
    await compiler.close();
  });
});

describe("host rights that end", () => {
  it("a device whose host link was revoked stops receiving the host's view (and its answers) at once", async () => {
    const s = await hosted();
    const session = (await h.service.byId(s.sessionId))!;
    await h.service.createHostLink(session);
    // A second device joins as co-host through the link.
    const secret = await h.service.createHostLink(session);
    const coKey = newToken();
    expect(await h.service.claimHost(session, secret, coKey)).toBe(true);
    const co = await h.client({ cookie: `descent_host=${coKey}` });
    await ok(call<HostSession>(co, "host:attach", { sessionId: s.sessionId }));
    let seen = 0;
    co.on("host:state", () => seen++);
    await h.service.revokeHostLink(session);
    await ok(s.command({ type: "start" }));
    await ok(s.command({ type: "advance" }));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toBe(0);
    expect(await call(co, "host:command", { sessionId: s.sessionId, command: { type: "advance" } })).toMatchObject({ ok: false, error: { code: "NOT_HOST" } });
  });
});

describe("a failed answer write", () => {
  it("also refuses the answers of the next batch, applied to the state it threw away", async () => {
    class FailOnce extends SessionRepository {
      fail = false;
      override async appendBatch(...args: Parameters<SessionRepository["appendBatch"]>) {
        if (this.fail) {
          this.fail = false;
          await new Promise((r) => setTimeout(r, 50)); // the next batch forms meanwhile
          throw new Error("disk full");
        }
        return super.appendBatch(...args);
      }
    }
    const repo = new FailOnce(h.db);
    const { sessions, compiler } = sessionServices(h.db, { repo });
    const { sessionId } = await sessions.create("seed-zero-grad", "0".repeat(64));
    const session = (await sessions.byId(sessionId))!;
    const ada = (await sessions.join(session, "Ada")).participantId;
    const bob = (await sessions.join(session, "Bob")).participantId;
    await sessions.command(session, { type: "start", at: 1 });
    for (let i = 0; i < START_PRINT; i++) await sessions.command(session, { type: "advance", at: 1 });
    await sessions.command(session, { type: "ask", quantity: "w.grad", durationMs: null, at: 2 });
    const qid = [...session.state.questions.keys()][0]!;
    repo.fail = true;
    const first = sessions.submit(session, ada, qid, { kind: "none" }, null);
    await new Promise((r) => setTimeout(r, 10)); // batch 1 is being written
    const second = sessions.submit(session, bob, qid, { kind: "none" }, null);
    await expect(first).rejects.toMatchObject({ name: "StorageUnavailable", cause: { message: "disk full" } });
    await expect(second).rejects.toThrow();
    expect(await h.db.answer.count({ where: { sessionId } })).toBe(0);
    const { sessions: fresh, compiler: c2 } = sessionServices(h.db);
    expect(plain((await fresh.byId(sessionId))!.state)).toEqual(plain(session.state));
    // And answering again works.
    await sessions.submit(session, bob, qid, { kind: "none" }, null);
    expect(await h.db.answer.count({ where: { sessionId } })).toBe(1);
    fresh.dispose();
    sessions.dispose();
    await c2.close();
    await compiler.close();
  });
});

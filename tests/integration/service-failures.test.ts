/**
 * When storing fails, nothing unacknowledged may linger: the session is rebuilt from its log, the commands
 * behind it apply to the rebuilt state, and the log stays gap-free. The failure is injected into the real
 * repository (a subclass whose answer write fails once); everything else is real.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionRepository } from "../../server/session/repository.ts";
import { sessionServices } from "../../server/session/setup.ts";
import { startHarness, type Harness } from "../support/realtime-harness.ts";
import { IT1_BACKWARD, IT1_LOSS, START_PRINT } from "../support/seed-cursors.ts";

/** Its next batch write (joins and answers) fails once when `failNextAnswers` is set. */
class FlakyRepository extends SessionRepository {
  failNextAnswers = false;
  override async appendBatch(...args: Parameters<SessionRepository["appendBatch"]>) {
    if (this.failNextAnswers) {
      this.failNextAnswers = false;
      throw new Error("disk full");
    }
    return super.appendBatch(...args);
  }
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("a failed answer write", () => {
  it("is reported to the student, rolled back, and does not disturb what follows", async () => {
    const repo = new FlakyRepository(h.db);
    const { sessions: service, compiler } = sessionServices(h.db, { repo });
    const { sessionId } = await service.create("seed-zero-grad", "0".repeat(64));
    const session = (await service.byId(sessionId))!;
    const ada = (await service.join(session, "Ada")).participantId;
    const bob = (await service.join(session, "Bob")).participantId;
    await service.command(session, { type: "start", at: 1 });
    for (let i = 0; i < IT1_LOSS; i++) await service.command(session, { type: "advance", at: 2 });
    await service.command(session, { type: "ask", quantity: "loss", durationMs: null, at: 3 });
    const qid = [...session.state.questions.keys()][0]!;

    repo.failNextAnswers = true;
    const lost = service.submit(session, ada, qid, { kind: "number", value: 38 }, null);
    const reveal = service.command(session, { type: "reveal", at: 4 });
    await expect(lost).rejects.toMatchObject({ name: "StorageUnavailable", cause: { message: "disk full" } });
    await reveal;
    // The failed answer is gone everywhere; the reveal applied to the rebuilt state.
    const q = session.state.questions.get(qid)!;
    expect(q.status).toBe("revealed");
    expect(q.answers.size).toBe(0);
    expect(await h.db.answer.count({ where: { sessionId } })).toBe(0);
    const log = await h.db.sessionEvent.findMany({ where: { sessionId }, orderBy: { seq: "asc" } });
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    expect(log.at(-1)!.type).toBe("reveal");

    // And the session goes on: the next question takes answers normally.
    for (let i = IT1_LOSS; i < IT1_BACKWARD; i++) await service.command(session, { type: "advance", at: 5 });
    await service.command(session, { type: "ask", quantity: "w.grad", durationMs: null, at: 6 });
    const next = [...session.state.questions.keys()][1]!;
    await service.submit(session, bob, next, { kind: "number", value: -40 }, "high");
    expect(await h.db.answer.count({ where: { sessionId, questionId: next } })).toBe(1);
    service.dispose();
    await compiler.close();
  });
});

describe("a failed join write", () => {
  it("refuses the joins of that batch, leaves no participant behind, and the next join works", async () => {
    const repo = new FlakyRepository(h.db);
    const { sessions: service, compiler } = sessionServices(h.db, { repo });
    const { sessionId } = await service.create("seed-zero-grad", "0".repeat(64));
    const session = (await service.byId(sessionId))!;
    await service.join(session, "Ada");
    repo.failNextAnswers = true;
    // Two joins in the same turn share one write: both are refused.
    const [grace, alan] = await Promise.allSettled([service.join(session, "Grace"), service.join(session, "Alan")]);
    expect(grace.status).toBe("rejected");
    expect(alan.status).toBe("rejected");
    expect([...session.state.participants.values()].map((p) => p.nickname)).toEqual(["Ada"]);
    expect(await h.db.participant.count({ where: { sessionId } })).toBe(1);
    // The name was never taken: Grace joins on her next try, and the log has no gap.
    await service.join(session, "Grace");
    expect(await h.db.participant.count({ where: { sessionId } })).toBe(2);
    const log = await h.db.sessionEvent.findMany({ where: { sessionId }, orderBy: { seq: "asc" } });
    expect(log.map((e) => e.seq)).toEqual([0, 1]);
    service.dispose();
    await compiler.close();
  });
});

describe("a big class", () => {
  it("a reveal grades 1,200 answers that fall in one group (more than SQLite binds in one statement)", async () => {
    const { sessions: service, compiler } = sessionServices(h.db);
    const { sessionId } = await service.create("seed-zero-grad", "0".repeat(64));
    const session = (await service.byId(sessionId))!;
    const ids: string[] = [];
    for (let i = 0; i < 1200; i++) ids.push((await service.join(session, `Student ${String(i).padStart(4, "0")}`)).participantId);
    await service.command(session, { type: "start", at: 1 });
    for (let i = 0; i < START_PRINT; i++) await service.command(session, { type: "advance", at: 1 });
    await service.command(session, { type: "ask", quantity: "w.grad", durationMs: null, at: 2 });
    const qid = [...session.state.questions.keys()][0]!;
    // Everyone answers None, the truth before any backward(): one grade for all.
    await Promise.all(ids.map((id) => service.submit(session, id, qid, { kind: "none" }, null)));
    await service.command(session, { type: "reveal", at: 3 });
    expect(await h.db.answer.count({ where: { sessionId, grade: JSON.stringify({ outcome: "correct" }) } })).toBe(1200);
    service.dispose();
    await compiler.close();
  }, 60_000);
});

/**
 * Self-paced work against `npm start`: starting and resuming by the browser's device cookie, idempotent submits,
 * a miss retried on fresh numbers, a closed (or not yet open) assignment that refuses and stores nothing, bad
 * input, and ownership (another browser, another teacher). Expected values are worked out by hand from the code
 * the student is shown (y = a·x + c, w, b, lr), as a student would.
 */
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../server/db.ts";
import { loadConfig } from "../../server/config.ts";
import type { Feedback, WorkView } from "../../server/assignments/service.ts";
import { testDatabaseUrl } from "../support/test-database.ts";
import { startServerProcess, tempDir, type RunningServer } from "../support/server-process.ts";

let server: RunningServer;
let db: Db;
beforeAll(async () => {
  const file = path.join(tempDir("assignments"), "a.db");
  const url = await testDatabaseUrl(`file:${file}`);
  server = await startServerProcess({ DATABASE_URL: url });
  db = openDb(loadConfig({ DATABASE_URL: url }));
});
afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
const post = (p: string, body: unknown, cookie = "") =>
  fetch(`${server.url}${p}`, { method: "POST", headers: { "content-type": "application/json", origin: server.url, cookie }, body: JSON.stringify(body) });
const get = (p: string, cookie = "") => fetch(`${server.url}${p}`, { headers: { cookie } });

/** A new browser: its device cookie, as the server sets it on the first request. */
async function browser(): Promise<string> {
  const cookie = cookiesOf(await get("/api/health"));
  expect(cookie).toMatch(/descent_device=/);
  return cookie;
}

/** Signs up, then in (sign-up alone opens no session: it answers alike for a taken email), as the sign-up form does. */
async function signUp(email: string): Promise<{ cookie: string; id: string }> {
  const res = await post("/api/auth/sign-up/email", { email, password: "correct horse battery", name: email.split("@")[0] });
  expect(res.status).toBe(200);
  const signedIn = await post("/api/auth/sign-in/email", { email, password: "correct horse battery" });
  expect(signedIn.status).toBe(200);
  return { cookie: cookiesOf(signedIn), id: ((await signedIn.json()) as { user: { id: string } }).user.id };
}

let n = 0;
async function assignment(teacherId: string, data: { attempts?: number | null; mastery?: number; opensAt?: Date; closesAt?: Date; questions?: object[] } = {}) {
  const classId = `class-${++n}-xxxxxxxx`;
  await db.class.create({ data: { id: classId, teacherId, name: `Class ${n}` } });
  const id = `assign-${n}-xxxxxxxx`;
  const slug = `slug-${n}-yyyyyyyyyyyy`;
  await db.assignment.create({
    data: {
      id,
      slug,
      teacherId,
      classId,
      lessonId: "seed-zero-grad",
      title: "Zeroing homework",
      questions: JSON.stringify(data.questions ?? [{ checkpoint: "it1.s7", quantity: "w.grad" }, { checkpoint: "it2b.s12", quantity: "w_no_zero.grad" }]),
      attempts: data.attempts === undefined ? null : data.attempts,
      mastery: data.mastery ?? 2,
      opensAt: data.opensAt ?? null,
      closesAt: data.closesAt ?? null,
    },
  });
  return { id, slug, classId };
}

/** The numbers of the student's own, read off the code they are shown. */
function numbersOf(code: string[]) {
  const lit = (re: RegExp) => Number(re.exec(code.join("\n"))![1]);
  const yLine = /^y = (-?[\d.]+) \* X ([+-]) ([\d.]+)$/m.exec(code.join("\n"))!;
  const a = Number(yLine[1]);
  const c = (yLine[2] === "-" ? -1 : 1) * Number(yLine[3]);
  return { a, c, w0: lit(/^w = torch\.tensor\((-?[\d.]+),/m), b0: lit(/^b = torch\.tensor\((-?[\d.]+),/m), lr: lit(/^lr = (-?[\d.]+)/m) };
}

/** Iteration 1 and scenario B by hand: dw = 2/5·Σ e·x, db = 2/5·Σ e; scenario B adds the new gradient to the old. */
function byHand(code: string[]) {
  const { a, c, w0, b0, lr } = numbersOf(code);
  const X = [1, 2, 3, 4, 5];
  const grads = (w: number, b: number) => {
    const e = X.map((x) => w * x + b - (a * x + c));
    return { dw: (2 / 5) * e.reduce((s, d, i) => s + d * X[i]!, 0), db: (2 / 5) * e.reduce((s, d) => s + d, 0) };
  };
  const g1 = grads(w0, b0);
  const g2 = grads(w0 - lr * g1.dw, b0 - lr * g1.db);
  return { dw1: g1.dw, accumulated: g1.dw + g2.dw, overwritten: g2.dw };
}

type Answered = { feedback: Feedback; view: WorkView };
const answer = (workId: string, cookie: string, view: WorkView, value: number, submissionId = `sub-${Math.random().toString(36).slice(2, 12)}`) =>
  post(`/api/work/${workId}/answer`, { submissionId, questionId: view.item!.questionId, variant: view.item!.variant, answer: { kind: "number", value } }, cookie);

describe("a student's run", () => {
  it("starts, resumes from the same browser, answers idempotently, and retries a miss on fresh numbers", async () => {
    const teacher = await signUp("run@school.edu");
    const a = await assignment(teacher.id);
    const phone = await browser();
    const started = await post("/api/work", { assignment: a.slug, name: "Ada" }, phone);
    expect(started.status).toBe(201);
    const { workId } = (await started.json()) as { workId: string };
    // The same browser and name again (a reload, another tab): the same work. Another name in the same browser (a
    // shared computer): a work of its own.
    expect(((await (await post("/api/work", { assignment: a.slug, name: "ADA" }, phone)).json()) as { workId: string }).workId).toBe(workId);
    const shared = ((await (await post("/api/work", { assignment: a.slug, name: "Someone" }, phone)).json()) as { workId: string }).workId;
    expect(shared).not.toBe(workId);
    // Another browser cannot take the same name, nor open this work.
    const other = await browser();
    const taken = await post("/api/work", { assignment: a.slug, name: "ada" }, other);
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe("NAME_TAKEN");
    expect((await get(`/api/work/${workId}`, other)).status).toBe(404);

    const view = (await (await get(`/api/work/${workId}`, phone)).json()) as WorkView;
    expect(view.item!.questionId).toBe("it1.s7:w.grad");
    // The question never carries its truth or the answer key.
    expect(JSON.stringify(view)).not.toMatch(/"truth"|"key"|"mutants"/);
    const hand = byHand(view.item!.code);

    // Submitted twice with one id (a retry after a lost connection): one stored answer, the same feedback.
    const once = await answer(workId, phone, view, hand.dw1, "submission-one-1");
    const twice = await answer(workId, phone, view, hand.dw1, "submission-one-1");
    expect(once.status).toBe(200);
    const first = (await once.json()) as Answered;
    expect(first.feedback.outcome).toBe("correct");
    expect((first.feedback.truth as { value: number }).value).toBeCloseTo(hand.dw1, 9);
    expect(((await twice.json()) as Answered).feedback).toEqual(first.feedback);
    expect(await db.workStep.count({ where: { workId } })).toBe(1);

    // The accumulation question, answered as if backward() overwrote .grad: named, and a miss in practice.
    const q2 = first.view;
    expect(q2.item!.questionId).toBe("it2b.s12:w_no_zero.grad");
    const wrong = (await (await answer(workId, phone, q2, hand.overwritten)).json()) as Answered;
    expect(wrong.feedback.outcome).toBe("misconception");
    expect(wrong.feedback.misconceptions.map((m) => m.id)).toContain("backward-overwrites");
    expect((wrong.feedback.truth as { value: number }).value).toBeCloseTo(hand.accumulated, 9);
    expect(wrong.view.phase).toBe("missed");
    // A reload finds the same choice with the same feedback.
    const reloaded = (await (await get(`/api/work/${workId}`, phone)).json()) as WorkView;
    expect(reloaded.phase).toBe("missed");
    expect(reloaded.lastFeedback?.misconceptions.map((m) => m.id)).toContain("backward-overwrites");

    // Retry: the same question on a fresh variant (other numbers in the code), answered right this time.
    // A choice made on an older view (another tab still showing the first question) is refused.
    const old = await post(`/api/work/${workId}/choice`, { submissionId: "choice-old-tab", kind: "next", version: view.version }, phone);
    expect(old.status).toBe(409);
    const retried = (await (await post(`/api/work/${workId}/choice`, { submissionId: "choice-retry-1", kind: "retry", version: reloaded.version }, phone)).json()) as WorkView;
    expect(retried.item!.questionId).toBe("it2b.s12:w_no_zero.grad");
    expect(retried.item!.variant).toBe(1);
    expect(retried.item!.code).not.toEqual(q2.item!.code);
    const right = (await (await answer(workId, phone, retried, byHand(retried.item!.code).accumulated)).json()) as Answered;
    expect(right.feedback.outcome).toBe("correct");
    // Answering a question that is no longer current is refused and stores nothing.
    const stale = await answer(workId, phone, retried, 1);
    expect(stale.status).toBe(409);
    expect(await db.workStep.count({ where: { workId } })).toBe(4);
  });

  it("bad input gets a typed error and stores nothing", async () => {
    const teacher = await signUp("bad@school.edu");
    const a = await assignment(teacher.id);
    const phone = await browser();
    const { workId } = (await (await post("/api/work", { assignment: a.slug, name: "Bo" }, phone)).json()) as { workId: string };
    const view = (await (await get(`/api/work/${workId}`, phone)).json()) as WorkView;
    const malformed = await post(`/api/work/${workId}/answer`, { submissionId: "x", answer: "12" }, phone);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    const vector = await post(`/api/work/${workId}/answer`, { submissionId: "vector-answer-1", questionId: view.item!.questionId, variant: 0, answer: { kind: "vector", value: [1, 2] } }, phone);
    expect(vector.status).toBe(400);
    expect(((await vector.json()) as { error: { code: string } }).error.code).toBe("BAD_ANSWER");
    expect((await post("/api/work", { assignment: a.slug, name: "" }, await browser())).status).toBe(400);
    expect(await db.workStep.count({ where: { workId } })).toBe(0);
    expect(await db.work.count({ where: { assignmentId: a.id } })).toBe(1);
  });

  it("a closed assignment refuses answers and new students; a future one refuses to start; neither stores anything", async () => {
    const teacher = await signUp("closed@school.edu");
    const a = await assignment(teacher.id);
    const phone = await browser();
    const { workId } = (await (await post("/api/work", { assignment: a.slug, name: "Cy" }, phone)).json()) as { workId: string };
    const view = (await (await get(`/api/work/${workId}`, phone)).json()) as WorkView;
    await db.assignment.update({ where: { id: a.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    const refused = await answer(workId, phone, view, 1);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("CLOSED");
    const late = await post("/api/work", { assignment: a.slug, name: "Late" }, await browser());
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe("CLOSED");
    expect(await db.workStep.count({ where: { workId } })).toBe(0);
    expect(await db.work.count({ where: { assignmentId: a.id } })).toBe(1);
    const page = await (await get(`/a/${a.slug}`)).text();
    expect(page).toContain("This assignment is closed");

    const future = await assignment(teacher.id, { opensAt: new Date(Date.now() + 86_400_000) });
    const early = await post("/api/work", { assignment: future.slug, name: "Early" }, await browser());
    expect(early.status).toBe(403);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe("NOT_OPEN");
    expect(await db.work.count({ where: { assignmentId: future.id } })).toBe(0);
  });

  it("the teacher sees the results and the CSV (mode and variant); another teacher gets 404", async () => {
    const owner = await signUp("owner@school.edu");
    const stranger = await signUp("stranger@school.edu");
    const a = await assignment(owner.id, { attempts: 2 });
    // Two students, each on numbers of their own; each row of the CSV carries its own student's truth.
    const truths: Record<string, number> = {};
    for (const name of ["=HYPERLINK(\"x\")", "Dee"]) {
      const phone = await browser();
      const { workId } = (await (await post("/api/work", { assignment: a.slug, name }, phone)).json()) as { workId: string };
      const view = (await (await get(`/api/work/${workId}`, phone)).json()) as WorkView;
      truths[name.startsWith("=") ? `'${name}` : name] = byHand(view.item!.code).dw1;
      await answer(workId, phone, view, byHand(view.item!.code).dw1);
    }

    expect((await get(`/classes/${a.classId}/assignments/${a.id}`, stranger.cookie)).status).toBe(404);
    expect((await get(`/api/export/assignment/${a.id}`, stranger.cookie)).status).toBe(404);
    const page = await get(`/classes/${a.classId}/assignments/${a.id}`, owner.cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/a/${a.slug}`);

    for (const url of [`/api/export/assignment/${a.id}`, `/api/export/class/${a.classId}`]) {
      const csv = await (await get(url, owner.cookie)).text();
      const rows = parse(csv, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => r.student).sort()).toEqual(Object.keys(truths).sort());
      for (const r of rows) {
        expect(r).toMatchObject({ mode: "assignment", variant: "0", question: "it1.s7:w.grad", outcome: "correct" });
        expect(Number(r.truth)).toBeCloseTo(truths[r.student!]!, 6);
      }
    }
  });
});

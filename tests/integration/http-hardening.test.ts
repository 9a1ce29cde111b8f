/**
 * The HTTP face of `npm start`, probed as an outsider would: security headers on every page, malformed paths
 * answered 400 (never 500), one host cookie per browser however many sessions it hosts, session creation
 * checked for Origin and rate-limited, and a teacher's lesson too heavy to prepare refused while the server
 * keeps answering.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVICE_COOKIE, HOST_COOKIE } from "../../server/protocol/cookies.ts";
import { heavyLesson } from "../support/heavy-lesson.ts";
import { startServerProcess, tempDir, type RunningServer } from "../support/server-process.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await startServerProcess({ DATABASE_URL: `file:${path.join(tempDir("http"), "http.db")}` });
});
afterAll(async () => {
  await server?.stop();
});

const create = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

function cookieValue(res: Response, name: string): string | undefined {
  const c = res.headers.getSetCookie().find((x) => x.startsWith(`${name}=`));
  return c?.split(";")[0]?.slice(name.length + 1);
}

describe("headers", () => {
  it("every page has a nonce CSP that forbids framing, nosniff, a referrer policy, and gives the browser a device cookie", async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    const device = res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!;
    expect(device).toMatch(/HttpOnly/i);
    expect(device).not.toMatch(/Secure/i); // plain http on loopback: a Secure cookie would be dropped
    // Next.js puts the nonce on its own scripts.
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await res.text()).toContain(`nonce="${nonce}"`);
    // Each response has its own nonce.
    const again = (await fetch(`${server.url}/`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
  });

  it("the projector alone may be framed (e.g. in slides): it has no controls", async () => {
    const res = await fetch(`${server.url}/present/ABCDEF`);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
  });

  it("malformed percent-encoding in a path is a 400, not a 500", async () => {
    for (const p of ["/join/%", "/join/%E0%A4%A", "/host/%zz", "/present/%"]) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.status, p).toBe(400);
    }
    // A well-formed escape of "%" itself reaches the page, which says there is no such session.
    expect((await fetch(`${server.url}/join/%25`)).status).toBe(200);
  });
});

describe("hosting", () => {
  it("one browser keeps one host cookie, however many sessions it hosts", async () => {
    const first = await create({ lessonId: "seed-zero-grad" });
    expect(first.status).toBe(201);
    const key = cookieValue(first, HOST_COOKIE)!;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (let i = 0; i < 3; i++) {
      const res = await create({ lessonId: "seed-zero-grad" }, { cookie: `${HOST_COOKIE}=${key}` });
      expect(res.status).toBe(201);
      // The key it already has is kept: no new cookie, nothing piles up.
      expect(cookieValue(res, HOST_COOKIE)).toBeUndefined();
    }
  });

  it("refuses to create sessions for another site's page", async () => {
    const res = await create({ lessonId: "seed-zero-grad" }, { origin: "http://evil.example" });
    expect(res.status).toBe(403);
  });

  it("refuses a lesson too heavy to prepare, with a clear message, while the server keeps answering", async () => {
    const upload = create({ lesson: heavyLesson({ width: 20, layers: 10, rows: 4, iterations: 6 }) });
    let healthAnswered = 0;
    let uploadDone = false;
    const done = upload.then((r) => {
      uploadDone = true;
      return r;
    });
    while (!uploadDone) {
      const h = await fetch(`${server.url}/api/health`);
      if (h.ok && !uploadDone) healthAnswered++;
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await done;
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { message: string }[] } };
    expect(body.error.issues[0]!.message).toContain("needs more computation than Descent allows");
    expect(healthAnswered).toBeGreaterThan(0);
  });

  it("refuses a lesson of deeply nested brackets by a scan of its text, before anything parses it", async () => {
    // 195 kB of nested parentheses once stalled every class for seconds while the event loop parsed it.
    const deep = `x = ${"(".repeat(97_000)}1.0${")".repeat(97_000)}`;
    const res = await create({ lesson: { id: "deep", title: "Deep", summary: "", teacherNotes: "", source: [deep] } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { message: string }[] } };
    expect(body.error.issues[0]!.message).toBe("brackets nest more than 200 deep (Python refuses that too)");
  });

  it("parses an uploaded lesson in the worker, where brackets hidden by JSON escapes are found too", async () => {
    const deep = `x = ${"(".repeat(300)}1.0${")".repeat(300)}`;
    const raw = JSON.stringify({ lesson: { id: "deep", title: "Deep", summary: "", teacherNotes: "", source: [deep] } }).replace(/\(/g, "\\u0028");
    const res = await fetch(`${server.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: raw });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { message: string }[] } };
    expect(body.error.issues[0]!.message).toBe("brackets nest more than 200 deep (Python refuses that too)");
  });

  it("rate-limits session creation per client address", async () => {
    let limited: Response | null = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await create({ lessonId: "seed-zero-grad" });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(201);
    }
    expect(limited).not.toBeNull();
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

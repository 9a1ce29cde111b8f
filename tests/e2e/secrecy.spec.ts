/**
 * No answer reaches a student before its reveal, through any page, script, hint or note: during each open
 * question, a student's browser loads every page a student can reach (join, projector, landing, lesson library,
 * a host console it does not own) and everything those pages load (HTML, RSC payloads, JavaScript, CSS, socket
 * frames); none holds the question's true value. Also: the app's own pages cause no CSP violation in Chromium.
 * The truths are the seed walkthrough's, computed by hand: iteration 2A's loss 22.6224 (not the walkthrough's
 * 24.096), then w.grad −30.48 and w = 0.7048; iteration 2B's accumulated w_no_zero.grad −70.48, then 1.1048.
 */
import { expect, test, type Page } from "@playwright/test";
import { io as ioClient } from "socket.io-client";
import type { HostSession } from "../../server/protocol/views.ts";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import { baseURL } from "../../playwright.config.ts";
import { seedCursor } from "../support/seed-cursors.ts";

// The lines of the seed lesson: iteration 2A's loss, backward and update of w; 2B's backward and update of w_no_zero.
const QUESTIONS = [
  { cursor: seedCursor("it2a.s7"), quantity: "loss", truth: ["22.6224", "22.622"] },
  { cursor: seedCursor("it2a.s9"), quantity: "w.grad", truth: ["-30.48", "30.48"] },
  { cursor: seedCursor("it2a.s11"), quantity: "w", truth: ["0.7048"] },
  { cursor: seedCursor("it2b.s12"), quantity: "w_no_zero.grad", truth: ["-70.48", "70.48"] },
  { cursor: seedCursor("it2b.s14"), quantity: "w_no_zero", truth: ["1.1048"] },
];

/** Collects the text of every response and socket frame a page receives. */
function record(page: Page): string[] {
  const texts: string[] = [];
  page.on("response", async (res) => {
    try {
      texts.push(`${res.url()}\n${await res.text()}`);
    } catch {
      // redirects and aborted requests have no body
    }
  });
  page.on("websocket", (ws) => ws.on("framereceived", (f) => texts.push(String(f.payload))));
  return texts;
}

test("during every open question, nothing a student can load holds its true value", async ({ browser }) => {
  test.setTimeout(120_000);
  const hostContext = await browser.newContext();
  const created = await hostContext.request.post("/api/sessions", { data: { lessonId: "seed-zero-grad" } });
  expect(created.status()).toBe(201);
  const { sessionId, code } = (await created.json()) as { sessionId: string; code: string };
  const hostKey = (await hostContext.cookies()).find((c) => c.name === HOST_COOKIE)!.value;
  const host = ioClient(baseURL, { transports: ["websocket"], extraHeaders: { cookie: `${HOST_COOKIE}=${hostKey}` } });
  const command = async (c: object) => {
    const r = (await host.timeout(5000).emitWithAck("host:command", { sessionId, command: c })) as { ok: boolean; data: HostSession };
    expect(r, JSON.stringify(r).slice(0, 300)).toMatchObject({ ok: true });
    return r.data;
  };

  const student = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const texts = record(student);
  const violations: string[] = [];
  student.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await student.goto(`/join/${code}`);
  await student.getByLabel("Your nickname").fill("Ada");
  await student.getByRole("button", { name: "Join", exact: true }).click();
  await expect(student.getByText("You're in, Ada!")).toBeVisible();

  let view = await command({ type: "start" });
  for (const q of QUESTIONS) {
    // The host skips to the line (as "Run up to the next suggested question" does): the same state as running each.
    view = await command({ type: "goto", cursor: q.cursor });
    view = await command({ type: "ask", quantity: q.quantity });
    texts.length = 0;
    await expect(student.getByRole("button", { name: "Submit" })).toBeVisible();
    // Everything a student can open, while the question is open.
    const other = await student.context().newPage();
    const otherTexts = record(other);
    for (const path of ["/", "/host", `/host/${sessionId}`, `/present/${code}`, `/join/${code}`]) {
      await other.goto(path);
      await other.waitForLoadState("networkidle");
    }
    await other.close();
    const loaded = [...texts, ...otherTexts];
    expect(loaded.length).toBeGreaterThan(10);
    for (const text of loaded) {
      for (const t of q.truth) expect(text.includes(t), `${q.quantity}: ${t} found in ${text.slice(0, 120)}`).toBe(false);
    }
    view = await command({ type: "reveal" });
  }
  // The reveal does reach the student (the scan would see it now).
  await expect(student.getByText("1.1048").first()).toBeVisible();
  expect(violations).toEqual([]);
  host.disconnect();
});

test("the app's own pages cause no Content Security Policy violation", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  await page.goto("/host");
  await page.getByRole("listitem").filter({ hasText: "One step of gradient descent" }).getByRole("button", { name: "Host this lesson" }).click();
  await expect(page).toHaveURL(/\/host\/[A-Za-z0-9_-]+$/);
  const code = (await page.locator("h1 .font-mono").textContent())!.trim();
  await page.getByRole("button", { name: "Start the lesson" }).click();
  await expect(page.locator(".katex, [data-testid=graph], code").first()).toBeVisible();
  for (const path of ["/", `/join/${code}`, `/present/${code}`, "/practice"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // A self-paced run, with its feedback and formula (KaTeX).
  await page.getByRole("listitem").filter({ hasText: "One step of gradient descent" }).getByRole("button", { name: "Practise" }).click();
  await page.getByRole("radiogroup", { name: "Kind of answer" }).getByText("None").click();
  await page.getByRole("button", { name: "Check my answer" }).click();
  await expect(page.getByTestId("feedback")).toBeVisible();
  await page.getByRole("button", { name: "Next question" }).click();
  await page.getByLabel("Your prediction").fill("1");
  await page.getByRole("button", { name: "Check my answer" }).click();
  await expect(page.locator(".katex").first()).toBeVisible();
  // The code editor, whose analysis runs in a Web Worker.
  await page.goto("/host/code");
  await page.locator(".cm-line", { hasText: /^y = 1\.0 \* X/ }).first().click();
  await expect(page.getByTestId("line-questions")).toBeVisible();
  expect(violations).toEqual([]);
});

/**
 * A newcomer teacher, end to end: create an account, create a class that asks for names, host the seed lesson into
 * it; three students join and answer iteration 2B's w_no_zero.grad (by hand: −40 left over + −30.48 new = −70.48;
 * a student who thinks backward() overwrites says −30.48; the third types junk); end. The report and the dashboard
 * show what an independent count of those answers gives; the CSV downloads; a second teacher gets 404.
 */
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations, newPage, stepTo } from "./helpers.ts";
import { IT2B_BACKWARD } from "../support/seed-cursors.ts";

async function signUp(browser: Browser, email: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto("/");
  await page.getByRole("link", { name: "Create account" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return page;
}

async function joinWithName(browser: Browser, code: string, nickname: string, name: string): Promise<Page> {
  const page = await newPage(browser, { width: 390, height: 844 });
  await page.goto(`/join/${code}`);
  await page.getByLabel("Your nickname").fill(nickname);
  await page.getByLabel("Your name or student ID").fill(name);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await expect(page.getByText(`You're in, ${nickname}!`)).toBeVisible();
  return page;
}

test("a newcomer teacher: account, class, a hosted session, its report, the dashboard, the CSV", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const shot = (page: Page, name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  // Sign-in page errors are clear.
  const probe = await newPage(browser);
  await probe.goto("/sign-in");
  await probe.getByLabel("Email").fill("nobody@school.edu");
  await probe.getByLabel("Password").fill("wrong password");
  await probe.getByRole("button", { name: "Sign in" }).click();
  await expect(probe.getByRole("alert").filter({ hasText: "do not match an account" })).toBeVisible();
  await expectNoAxeViolations(probe);

  const teacher = await signUp(browser, "ada@school.edu");
  await expectNoAxeViolations(teacher);
  await teacher.getByLabel("Class name").fill("CS 4780, Fall 2026");
  await teacher.getByLabel("Students join with").selectOption("name");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher.getByRole("heading", { name: "CS 4780, Fall 2026" })).toBeVisible();
  const classUrl = teacher.url();
  await teacher.getByRole("link", { name: "Host a lesson for this class" }).click();
  await expect(teacher.getByLabel("Host into class")).toHaveValue(/.+/);
  await teacher.getByRole("listitem").filter({ hasText: "One step of gradient descent" }).getByRole("button", { name: "Host this lesson" }).click();
  await expect(teacher).toHaveURL(/\/host\/[A-Za-z0-9_-]+$/);
  const host = teacher;
  const sessionId = new URL(host.url()).pathname.split("/").pop()!;
  const code = (await host.locator("h1 .font-mono").textContent())!.trim();

  const ana = await joinWithName(browser, code, "Swift Fox", "Ana Lima");
  const ben = await joinWithName(browser, code, "Quiet Owl", "Ben Cohen");
  const cy = await joinWithName(browser, code, "Brave Elk", "Cy Young");
  // The projector shows nicknames, never the names students typed for their teacher.
  const projector = await newPage(browser, { width: 1280, height: 720 });
  await projector.goto(`/present/${code}`);
  await expect(projector.getByTestId("lobby-count")).toHaveText("3 joined");
  await expect(projector.getByText("Swift Fox")).toBeVisible();
  for (const name of ["Ana Lima", "Ben Cohen", "Cy Young"]) await expect(projector.getByText(name)).toHaveCount(0);
  await host.getByRole("button", { name: "Start the lesson" }).click();
  await stepTo(host, IT2B_BACKWARD + 1);
  await host.getByRole("button", { name: "Ask about w_no_zero.grad" }).click();
  for (const [page, value] of [[ana, "-70.48"], [ben, "-30.48"], [cy, "12345"]] as const) {
    await page.getByLabel("Your prediction").fill(value);
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByTestId("ack")).toBeVisible();
  }
  await host.getByRole("button", { name: /^Reveal/ }).click();
  await expect(host.getByText("True value:")).toBeVisible();
  host.once("dialog", (d) => void d.accept());
  await host.getByRole("button", { name: "End session" }).click();
  await host.getByRole("link", { name: "session report", exact: true }).click();

  // The report: one question, 3 answers, 1 correct; Ben's overwrite misconception once (a slip).
  await expect(host.getByTestId("participation")).toContainText("3 joined, 3 answered");
  const q = host.getByTestId("question-table").locator("[data-question]");
  await expect(q).toHaveCount(1);
  await expect(q.locator("[data-correct]")).toHaveText("1 (33%)");
  const overwrite = host.locator('[data-misconception="backward-overwrites"]');
  await expect(overwrite.locator("[data-bugs]")).toHaveText("0");
  await expect(overwrite.locator("[data-slips]")).toHaveText("1");
  await expect(host.getByTestId("student-table").locator('[data-student="Ben Cohen"]')).toContainText("backward() replaces .grad");
  await shot(host, "session-report");
  await expectNoAxeViolations(host);

  // The CSV: one row per answer, as stored.
  const [download] = await Promise.all([host.waitForEvent("download"), host.getByRole("link", { name: "Download answers (CSV)" }).click()]);
  const rows = parse(fs.readFileSync((await download.path())!, "utf8"), { columns: true }) as Record<string, string>[];
  expect(rows.map((r) => [r.student, r.answer, r.outcome]).sort()).toEqual([
    ["Ana Lima", "-70.48", "correct"],
    ["Ben Cohen", "-30.48", "misconception"],
    ["Cy Young", "12345", "unclassified"],
  ]);

  // The class's dashboard and the teacher's.
  await host.goto(classUrl);
  await expect(host.locator('[data-misconception="backward-overwrites"] [data-slips]')).toHaveText("1");
  await expect(host.getByTestId("student-table").locator("[data-student]")).toHaveCount(3);
  await shot(host, "class-dashboard");
  await expectNoAxeViolations(host);
  await host.getByRole("link", { name: "Ben Cohen" }).first().click();
  await expect(host.getByRole("heading", { name: "Ben Cohen" })).toBeVisible();
  await expectNoAxeViolations(host);
  await host.goto("/dashboard");
  await expect(host.locator('[data-misconception="backward-overwrites"] [data-slips]')).toHaveText("1");
  await shot(host, "dashboard");
  await expectNoAxeViolations(host);
  await host.goto("/account");
  await expect(host.getByRole("heading", { name: "Change password" })).toBeVisible();
  await expectNoAxeViolations(host);

  // Another teacher cannot open any of it.
  const other = await signUp(browser, "bo@school.edu");
  for (const p of [new URL(classUrl).pathname, `/sessions/${sessionId}/report`]) {
    const res = await other.goto(p);
    expect(res!.status(), p).toBe(404);
  }
  expect((await other.request.get(`/api/export/session/${sessionId}`)).status()).toBe(404);
});

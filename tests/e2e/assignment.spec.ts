/**
 * A self-paced assignment as a newcomer would use it: a teacher assigns the seed lesson to a class (two questions:
 * w.grad after the first backward, and w_no_zero.grad after scenario B's backward); two students open the link
 * on phones and get numbers of their own; one answers scenario B as if backward() overwrote .grad, sees that named,
 * and masters the concept on fresh numbers; the other reloads mid-way and resumes; the teacher's results show both.
 * Every expected value is worked out by hand from the code on the student's screen (y = a·x + c, w, b, lr).
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations, newPage } from "./helpers.ts";

const PHONE = { width: 390, height: 844 };

async function codeOf(page: Page): Promise<string[]> {
  return page.locator('pre[aria-label="Lesson code"] code > div > span.whitespace-pre').allTextContents();
}

/** By hand from the code: dw = 2/5·Σ(w·x + b − y)·x; scenario B's backward adds the new gradient to the old. */
function byHand(code: string[]) {
  const text = code.join("\n");
  const y = /^y = (-?[\d.]+) \* X ([+-]) ([\d.]+)$/m.exec(text)!;
  const a = Number(y[1]);
  const c = (y[2] === "-" ? -1 : 1) * Number(y[3]);
  const w0 = Number(/^w = torch\.tensor\((-?[\d.]+),/m.exec(text)![1]);
  const b0 = Number(/^b = torch\.tensor\((-?[\d.]+),/m.exec(text)![1]);
  const lr = Number(/^lr = (-?[\d.]+)/m.exec(text)![1]);
  const X = [1, 2, 3, 4, 5];
  const grads = (w: number, b: number) => {
    const e = X.map((x) => w * x + b - (a * x + c));
    return { dw: (2 / 5) * e.reduce((s, d, i) => s + d * X[i]!, 0), db: (2 / 5) * e.reduce((s, d) => s + d, 0) };
  };
  const g1 = grads(w0, b0);
  const g2 = grads(w0 - lr * g1.dw, b0 - lr * g1.db);
  return { "w.grad": g1.dw, accumulated: g1.dw + g2.dw, overwritten: g2.dw };
}

const round = (x: number) => String(Number(x.toFixed(4)));

async function answerShown(page: Page, value: number) {
  await page.getByLabel("Your prediction").fill(round(value));
  await page.getByRole("button", { name: "Check my answer" }).click();
  await expect(page.getByTestId("feedback")).toBeVisible();
}

/** Answers the question on screen correctly, by hand from the code shown. */
async function answerRight(page: Page) {
  const prompt = await page.getByRole("heading", { level: 2 }).first().textContent();
  const hand = byHand(await codeOf(page));
  await answerShown(page, prompt!.includes("w_no_zero.grad") ? hand.accumulated : hand["w.grad"]);
  await expect(page.getByTestId("feedback")).toHaveAttribute("data-outcome", "correct");
}

async function openAsStudent(browser: Browser, link: string, nickname: string): Promise<Page> {
  const page = await newPage(browser, PHONE);
  await page.goto(link);
  await page.getByLabel(/nickname/).fill(nickname);
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page).toHaveURL(/\/work\/[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("button", { name: "Check my answer" })).toBeVisible();
  return page;
}

test("a teacher assigns the seed lesson; two students work on their own numbers, to mastery; the teacher sees both", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const shot = (page: Page, name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  const teacher = await newPage(browser);
  await teacher.goto("/sign-up");
  await teacher.getByLabel("Email").fill("grace@school.edu");
  await teacher.getByLabel("Password").fill("correct horse battery");
  await teacher.getByRole("button", { name: "Create account" }).click();
  await teacher.getByLabel("Class name").fill("Deep Learning 101");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await teacher.getByRole("link", { name: "Assign a lesson" }).click();
  await expect(teacher.getByRole("heading", { name: "Assign a lesson" })).toBeVisible();
  await teacher.getByLabel("Title students see").fill("Why we zero the gradients");
  // Two questions: untick the suggestions, tick w.grad after iteration 1's backward and w_no_zero.grad after 2B's.
  for (const box of await teacher.getByRole("checkbox").all()) await box.uncheck();
  await teacher.locator('input[value="it1.s7:w.grad"]').check();
  await teacher.locator('input[value="it2b.s12:w_no_zero.grad"]').check();
  await expectNoAxeViolations(teacher);
  await shot(teacher, "assign-form");
  await teacher.getByRole("button", { name: "Assign and get the link" }).click();
  await expect(teacher.getByRole("heading", { name: "Why we zero the gradients" })).toBeVisible();
  const link = (await teacher.getByTestId("assignment-link").textContent())!.trim();
  await expect(teacher.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expectNoAxeViolations(teacher);

  // Two phones open the link: their numbers differ.
  const ana = await openAsStudent(browser, link, "Ana");
  const ben = await openAsStudent(browser, link, "Ben");
  expect(await codeOf(ana)).not.toEqual(await codeOf(ben));
  await expectNoAxeViolations(ana);
  await shot(ana, "student-question");

  // Ana: the first question right, then scenario B as if backward() overwrote .grad.
  await answerRight(ana);
  await ana.getByRole("button", { name: "Next question" }).click();
  await expect(ana.getByRole("heading", { level: 2 }).first()).toContainText("w_no_zero.grad");
  await answerShown(ana, byHand(await codeOf(ana)).overwritten);
  const feedback = ana.getByTestId("feedback");
  await expect(feedback).toHaveAttribute("data-outcome", "misconception");
  await expect(feedback).toContainText("backward() replaces .grad");
  await expect(feedback).toContainText("PyTorch adds it to what was already in .grad");
  await expectNoAxeViolations(ana);
  await shot(ana, "student-misconception");
  // Try again on fresh numbers, then keep going until every concept is mastered (3 in a row on fresh numbers).
  const before = await codeOf(ana);
  await ana.getByRole("button", { name: "Try it again on fresh numbers" }).click();
  await expect(ana.getByRole("button", { name: "Check my answer" })).toBeVisible();
  expect(await codeOf(ana)).not.toEqual(before);
  for (let i = 0; i < 12 && !(await ana.getByTestId("done").isVisible()); i++) {
    await answerRight(ana);
    await ana.getByRole("button", { name: /Next question|See your results/ }).click();
  }
  await expect(ana.getByTestId("done")).toContainText("Every concept mastered!");
  await expect(ana.locator('[data-concept="accumulation"]')).toHaveAttribute("data-mastered", "true");
  await expectNoAxeViolations(ana);
  await shot(ana, "student-done");

  // Ben: one answer, then a reload mid-way: the same question, the same numbers, the same progress.
  await answerRight(ben);
  await ben.getByRole("button", { name: "Next question" }).click();
  const code = await codeOf(ben);
  await ben.reload();
  await expect(ben.getByRole("heading", { level: 2 }).first()).toContainText("w_no_zero.grad");
  expect(await codeOf(ben)).toEqual(code);
  await expect(ben.getByTestId("progress")).toContainText("Questions done: 1 of 2");
  // Keyboard only: type the answer and press Enter.
  await ben.getByLabel("Your prediction").fill(round(byHand(code).accumulated));
  await ben.keyboard.press("Enter");
  await expect(ben.getByTestId("feedback")).toHaveAttribute("data-outcome", "correct");
  await expect(ben.getByRole("button", { name: "Next question" })).toBeFocused();

  // The teacher's results: both students, Ana's mastery, and the misconception (seen once: a slip).
  await teacher.reload();
  const rows = teacher.getByTestId("assignment-students");
  await expect(rows.locator('[data-student="Ana"]')).toContainText("finished");
  await expect(rows.locator('[data-student="Ana"] [data-concept="accumulation"]')).toContainText("mastered");
  await expect(rows.locator('[data-student="Ana"]')).toContainText("backward() replaces .grad (slip: once)");
  await expect(rows.locator('[data-student="Ben"]')).toContainText("working · 2/2 correct");
  await expectNoAxeViolations(teacher);
  await shot(teacher, "assignment-results");
  // The class dashboard counts the assignment's answers with the sessions'.
  await teacher.getByRole("link", { name: "Deep Learning 101" }).click();
  await expect(teacher.getByRole("link", { name: "Why we zero the gradients" })).toBeVisible();
  await expect(teacher.getByText("backward() replaces .grad").first()).toBeVisible();
  await expectNoAxeViolations(teacher);
});

test("anyone can practise alone from the library, without an account", async ({ browser }) => {
  const page = await newPage(browser, PHONE);
  await page.goto("/");
  await page.getByRole("link", { name: "Practise a lesson" }).click();
  await expect(page.getByRole("heading", { name: "Practise alone", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("listitem").filter({ hasText: "One step of gradient descent" }).getByRole("button", { name: "Practise" }).click();
  await expect(page.getByRole("button", { name: "Check my answer" })).toBeVisible();
  await expect(page.getByTestId("progress")).toContainText("Questions done: 0 of 14");
  // The first question of the seed: w.grad before any backward() is None.
  await page.getByRole("radiogroup", { name: "Kind of answer" }).getByText("None").click();
  await page.getByRole("button", { name: "Check my answer" }).click();
  await expect(page.getByTestId("feedback")).toHaveAttribute("data-outcome", "correct");
  await expectNoAxeViolations(page);
});

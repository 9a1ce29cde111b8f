import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test("a teacher hosts their own JSON lesson, after fixing the errors it reports by path", async ({ page }, testInfo) => {
  await page.goto("/host");
  const json = page.getByLabel("Lesson JSON");

  // A lesson with problems: each is listed with where it is.
  await json.fill(JSON.stringify({ id: "mine", title: "", summary: "", teacherNotes: "", source: [], data: { X: [1], y: [2] }, params: [], loss: { kind: "mse", reduction: "median" }, iterations: [] }));
  await page.getByRole("button", { name: "Check" }).click();
  const issues = page.getByTestId("lesson-issues");
  await expect(issues).toContainText("title");
  await expect(issues).toContainText("loss.reduction");
  await expect(issues).toContainText("iterations");
  await page.screenshot({ path: testInfo.outputPath("custom-lesson-errors.png"), fullPage: true });

  // Start from the first lesson, change it, host it.
  await page.getByRole("button", { name: "Start from the first lesson" }).click();
  const lesson = JSON.parse(await json.inputValue());
  lesson.title = "Our own descent";
  lesson.lr = 0.05;
  await json.fill(JSON.stringify(lesson, null, 2));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText("“Our own descent” is valid")).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await page.getByRole("region", { name: "Host your own lesson" }).getByRole("button", { name: "Host this lesson" }).click();
  await expect(page).toHaveURL(/\/host\/[A-Za-z0-9_-]+$/);
  await expect(page.getByText("Hosting · Our own descent")).toBeVisible();
});

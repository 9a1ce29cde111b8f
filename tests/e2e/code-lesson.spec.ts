import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers";

test("a teacher pastes a training loop: the trace, each line's questions with their diagnostic power, refusals and errors at their line", async ({ page }, testInfo) => {
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await page.goto("/host");
  await page.getByRole("link", { name: "New lesson from PyTorch code" }).click();
  await expect(page).toHaveURL(/\/host\/code$/);
  await expect(page.getByTestId("code-summary")).toContainText(/Ran \d+ lines/);
  // The program runs in a Web Worker, off the page's main thread.
  expect(workers.length).toBe(1);

  // The cursor on the first backward() of the seed lesson: its gradients, by hand -40 and -12, and what the
  // misconceptions predict there.
  // Line 47, below the editor's fold (CodeMirror draws the lines in view only): reached with the keyboard.
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+Home");
  for (let i = 1; i < 80 && !((await page.locator(".cm-activeLine").textContent()) ?? "").startsWith("loss.backward()"); i++) await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("heading", { name: "Line 47" })).toBeVisible();
  const questions = page.getByTestId("line-questions");
  await expect(questions.getByRole("listitem").filter({ hasText: "What is w.grad after this line?" })).toContainText("Truth: -40");
  await expect(questions.getByRole("listitem").filter({ hasText: "What is b.grad after this line?" })).toContainText("Truth: -12");
  await expect(questions.getByTestId("question-power").first()).toContainText(/Diagnostic power [1-9]/);
  // Forgetting the 2 of the square halves the gradient: -20.
  await expect(questions.getByRole("listitem").filter({ hasText: "What is w.grad after this line?" })).toContainText("-20: Forgot the 2 of the square");
  await expectNoAxeViolations(page);
  await page.screenshot({ path: testInfo.outputPath("code-lesson-questions.png"), fullPage: true });

  // Another lesson's code, loaded from the library, and a .py file opened from the computer.
  await page.getByLabel("Start from a lesson").selectOption({ label: "Gradient accumulation: k micro-batches, one step" });
  await page.getByRole("button", { name: "Load its code" }).click();
  await expect(page.locator(".cm-content")).toContainText("micro");
  await expect(page.getByTestId("code-summary")).toContainText(", without an error");
  await page.getByText("Open a .py file").setInputFiles({ name: "mine.py", mimeType: "text/x-python", buffer: Buffer.from("import torch\nw = torch.tensor(2.0, requires_grad=True)\n(w * w).backward()\nprint(w.grad)\n") });
  await expect(page.getByTestId("code-summary")).toContainText("Ran 4 lines, without an error");

  // A program of its own, pasted: a loop's line has one checkpoint per pass.
  const editor = page.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(
    ["import torch", "w = torch.tensor(1.0, requires_grad=True)", "for step in range(3):", "    loss = (w * 2.0 - 4.0) ** 2", "    loss.backward()", "print(w.grad)"].join("\n"),
  );
  await expect(page.getByTestId("code-summary")).toContainText("Ran 9 lines, without an error");
  await page.locator(".cm-line", { hasText: "loss.backward()" }).click();
  await expect(page.getByRole("heading", { name: "Line 5" })).toBeVisible();
  const passes = page.getByRole("group", { name: "Passes of this line" });
  await passes.getByRole("button", { name: "step = 2" }).click();
  // d/dw (2w - 4)² = 4(2w - 4) = -8 at w = 1, accumulated over three passes: -24.
  await expect(page.getByTestId("line-questions")).toContainText("Truth: -24");

  // A construct outside the subset is refused, at its line, before anything runs.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText("x = 0\nwhile x < 3:\n    x += 1\n");
  await expect(page.getByTestId("code-refusals")).toContainText("Line 2: a while loop is outside the subset");
  await expect(page.locator(".cm-lint-marker-error")).toHaveCount(1);

  // An error is shown at its line with PyTorch's type and message.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText("import torch\nw = torch.tensor(0.4, requires_grad=True)\nw.grad.zero_()\n");
  await expect(page.getByTestId("code-summary")).toContainText("AttributeError ('NoneType' object has no attribute 'zero_')");
  await page.locator(".cm-line", { hasText: "w.grad.zero_()" }).click();
  await expect(page.getByText("This line raises AttributeError")).toBeVisible();
  // Asked here, the answer is the error; a student who thinks zero_() works on None says 0.
  await expect(page.getByTestId("line-questions").getByRole("listitem").filter({ hasText: "What is w.grad after this line?" })).toContainText("Truth: raises AttributeError");
  await expect(page.getByTestId("line-questions")).toContainText("0: w.grad.zero_() works before any backward()");
  await expectNoAxeViolations(page);
  await page.screenshot({ path: testInfo.outputPath("code-lesson-error.png"), fullPage: true });

  // On a phone, the trace and the questions come below the code; on a projector-sized screen, beside it.
  for (const [width, height] of [
    [390, 844],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.locator(".cm-line", { hasText: "w = torch.tensor(0.4, requires_grad=True)" }).click();
    await expect(page.getByRole("heading", { name: "Line 2" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: testInfo.outputPath(`code-lesson-${width}.png`), fullPage: true });
  }
});

/**
 * A teacher writes a lesson as a PyTorch program in the editor, picks its questions line by line, saves it in
 * their library, hosts it live and assigns it to a class. The program is two SGD steps that forget zero_grad():
 * by hand, w.grad after the first backward() is (2/3)·Σ(0 − 2x)·x = (2/3)·(−2 − 8 − 18) = −56/3 ≈ −18.67.
 */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, newPage } from "./helpers.ts";

const PROGRAM = [
  "import torch",
  "X = torch.tensor([1., 2., 3.])",
  "y = 2.0 * X",
  "w = torch.tensor(0.0, requires_grad=True)",
  "b = torch.tensor(0.0, requires_grad=True)",
  "optimizer = torch.optim.SGD([w, b], lr=0.1)",
  "for step in range(2):",
  "    y_pred = w * X + b",
  "    loss = ((y_pred - y) ** 2).mean()",
  "    loss.backward()",
  "    optimizer.step()",
].join("\n");

test("a teacher writes a lesson from PyTorch code, picks its questions, saves it, hosts it and assigns it", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const teacher = await newPage(browser);
  await teacher.goto("/sign-up");
  await teacher.getByLabel("Email").fill("hopper@school.edu");
  await teacher.getByLabel("Password").fill("correct horse battery");
  await teacher.getByRole("button", { name: "Create account" }).click();
  await teacher.getByLabel("Class name").fill("Optimisation 201");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher.getByRole("link", { name: "Assign a lesson" })).toBeVisible();

  await teacher.goto("/host");
  await teacher.getByRole("link", { name: "New lesson from PyTorch code" }).click();
  await expect(teacher.getByTestId("code-summary")).toContainText(/Ran \d+ lines/);
  const editor = teacher.locator(".cm-content");
  await editor.click();
  await teacher.keyboard.press("ControlOrMeta+a");
  await teacher.keyboard.insertText(PROGRAM);
  await expect(teacher.getByTestId("code-summary")).toContainText("Ran 14 lines, without an error");

  // Without a title the lesson cannot be saved or hosted.
  await expect(teacher.getByRole("button", { name: "Save in my library" })).toBeDisabled();
  await teacher.getByLabel("Title").fill("Two steps without zero_grad()");
  await teacher.getByLabel("Summary for students").fill("Predict the gradients of a loop that never zeroes them.");

  // The first pass of backward(): w.grad is −56/3; then the second pass, where the gradient has accumulated.
  await teacher.locator(".cm-line", { hasText: "loss.backward()" }).click();
  const passes = teacher.getByRole("group", { name: "Passes of this line" });
  await passes.getByRole("button", { name: "step = 0" }).click();
  const wGrad = teacher.getByTestId("line-questions").getByRole("listitem").filter({ hasText: "What is w.grad after this line?" });
  await expect(wGrad).toContainText("Truth: -18.6667");
  await wGrad.getByRole("button", { name: "Ask this question" }).click();
  await passes.getByRole("button", { name: "step = 1" }).click();
  await expect(wGrad.getByRole("button", { name: "Ask this question" })).toBeVisible();
  await wGrad.getByRole("button", { name: "Ask this question" }).click();
  const chosen = teacher.getByTestId("chosen-questions");
  await expect(chosen.getByRole("listitem")).toHaveText([/Line 10: w\.grad/, /Line 10 \(pass 2\): w\.grad/]);
  await expectNoAxeViolations(teacher);
  await teacher.screenshot({ path: testInfo.outputPath("code-lesson-chosen.png"), fullPage: true });

  // Saved in the teacher's library (checked with every misconception on the server first).
  await teacher.getByRole("button", { name: "Save in my library" }).click();
  await expect(teacher.getByTestId("lesson-status")).toContainText("Saved in your library as “Two steps without zero_grad()”");
  await expect(teacher).toHaveURL(/\/host\/code\?saved=/);

  // A change that breaks a chosen question is refused by the server, with the reason, and nothing is saved.
  await editor.click();
  await teacher.keyboard.press("ControlOrMeta+a");
  await teacher.keyboard.insertText(PROGRAM.replace("for step in range(2):", "for step in range(0):"));
  await expect(teacher.getByTestId("code-summary")).toContainText(", without an error");
  await teacher.getByRole("button", { name: "Save changes" }).click();
  await expect(teacher.getByTestId("lesson-status")).toContainText("line 10 never runs");
  await editor.click();
  await teacher.keyboard.press("ControlOrMeta+a");
  await teacher.keyboard.insertText(PROGRAM);
  await expect(teacher.getByTestId("code-summary")).toContainText("Ran 14 lines, without an error");

  // The pictures' path: two numbers of the loss's parameters. X is data, not a parameter: refused with the choices.
  await teacher.getByTestId("picture-param-0").fill("w");
  await teacher.getByTestId("picture-param-1").fill("X");
  await teacher.getByRole("button", { name: "Save changes" }).click();
  await expect(teacher.getByTestId("lesson-status")).toContainText("picture");
  await expect(teacher.getByTestId("lesson-status")).toContainText("w, b");
  await teacher.getByTestId("picture-param-1").fill("b");
  await teacher.getByRole("button", { name: "Save changes" }).click();
  await expect(teacher.getByTestId("lesson-status")).toContainText("Saved");

  // The library lists it; it opens again in the editor with its questions.
  await teacher.goto("/host");
  const mine = teacher.getByRole("list", { name: "Your saved lessons" }).getByRole("listitem").filter({ hasText: "Two steps without zero_grad()" });
  await expect(mine).toBeVisible();
  await expectNoAxeViolations(teacher);
  await mine.getByRole("link", { name: "Edit" }).click();
  await expect(teacher.getByTestId("chosen-questions").getByRole("listitem")).toHaveCount(2);
  await expect(teacher.getByLabel("Title")).toHaveValue("Two steps without zero_grad()");
  await expect(teacher.getByTestId("picture-param-0")).toHaveValue("w");
  await expect(teacher.getByTestId("picture-param-1")).toHaveValue("b");

  // Assign it: the assignment form opens on it.
  await teacher.getByRole("link", { name: "Assign to Optimisation 201" }).click();
  await expect(teacher.getByRole("heading", { name: "Assign a lesson" })).toBeVisible();
  await expect(teacher.getByLabel("Lesson")).toHaveValue(/^custom-/);
  await expect(teacher.getByLabel("Title students see")).toHaveValue("Two steps without zero_grad() (your lesson)");

  // Host it live from the library: its questions are the teacher's.
  await teacher.goto("/host");
  await teacher.getByRole("list", { name: "Your saved lessons" }).getByRole("button", { name: "Host this lesson" }).click();
  await expect(teacher).toHaveURL(/\/host\/[A-Za-z0-9_-]+$/);
  await expect(teacher.getByText("Two steps without zero_grad()").first()).toBeVisible();
  await teacher.getByRole("button", { name: "Start the lesson" }).click();
  await teacher.getByRole("button", { name: /Run up to the next suggested question/ }).click();
  await expect(teacher.getByText(/Statement 9 of 14/)).toBeVisible();
  await expect(teacher.getByRole("button", { name: "Ask about w.grad" })).toBeVisible();
  await teacher.screenshot({ path: testInfo.outputPath("code-lesson-hosted.png"), fullPage: true });
});

/**
 * A whole live lecture in the browser: one context each for the instructor, the projector and three students.
 * The class runs the seed lesson to iteration 2B (no zeroing) and predicts w_no_zero.grad after backward():
 * PyTorch adds the new gradient to the one left in .grad, so the truth is (−40) + (−30.48) = −70.48 (by hand, in the
 * seed walkthrough). Ada answers that, Bob answers −30.48 (he thinks backward overwrites .grad), Cy types nonsense.
 */
import { expect, test, type Page } from "@playwright/test";
import { answer, expectNoAxeViolations, joinAs, newPage, runLine } from "./helpers.ts";
import { IT2B_BACKWARD } from "../support/seed-cursors.ts";


test("a live lecture: host, projector and three students through iteration 2 without zeroing", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const shot = (page: Page, name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // The instructor hosts the seed lesson from the library.
  const host = await newPage(browser);
  await host.goto("/host");
  await host.getByRole("listitem").filter({ hasText: "One step of gradient descent" }).getByRole("button", { name: "Host this lesson" }).click();
  await expect(host).toHaveURL(/\/host\/[A-Za-z0-9_-]+$/);
  const code = (await host.locator("h1 .font-mono").textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  await expect(host.getByRole("img", { name: /QR code for .*\/join\// })).toBeVisible();

  const projector = await newPage(browser, { width: 1600, height: 900 });
  await projector.goto(`/present/${code}`);
  await expect(projector.getByText("Join the session")).toBeVisible();

  const ada = await joinAs(browser, code, "Ada", async (page) => {
    await expectNoAxeViolations(page);
    await shot(page, "student-join");
  });
  const bob = await joinAs(browser, code, "Bob");
  const cy = await joinAs(browser, code, "Cy");
  await expect(projector.getByRole("list", { name: "Latest to join" }).getByRole("listitem")).toHaveCount(3);
  await expect(projector.getByTestId("lobby-count")).toHaveText("3 joined");
  await expect(host.getByRole("heading", { name: /Participants/ })).toContainText("(3)");
  await shot(projector, "projector-lobby");
  await shot(host, "host-lobby");
  await expectNoAxeViolations(host);
  await expectNoAxeViolations(projector);
  await expectNoAxeViolations(ada);

  // Step through the lesson to iteration 2B's backward() and ask for w_no_zero.grad.
  await host.getByRole("button", { name: "Start the lesson" }).click();
  for (let i = 0; i < IT2B_BACKWARD; i++) {
    await expect(host.getByText(`Statement ${i + 1} of`)).toBeVisible();
    await runLine(host, i + 1);
  }
  await expect(host.getByText(`Statement ${IT2B_BACKWARD + 1} of`)).toContainText("backward");
  await expect(projector.locator("[data-current=true]")).toContainText("loss_no_zero.backward()");
  await host.getByRole("button", { name: "Ask about w_no_zero.grad" }).click();

  for (const page of [ada, bob, cy]) await expect(page.getByRole("heading", { name: /w_no_zero\.grad/ })).toBeVisible();
  await expect(ada.getByLabel("Current line of code").locator("[aria-current=step]")).toContainText("loss_no_zero.backward()");
  await answer(ada, "-70.48");
  await answer(bob, "-30.48");
  await answer(cy, "12345");
  await expect(projector.getByTestId("answered-count")).toHaveText("3 of 3 answered");
  await expect(host.getByTestId("answered-count")).toHaveText("3 of 3 answered");
  await shot(ada, "student-answered");
  await shot(projector, "projector-question");
  await expectNoAxeViolations(ada);

  // Cy reloads mid-question: same participant, same answer.
  await cy.reload();
  await expect(cy.getByText("Cy", { exact: true })).toBeVisible();
  await expect(cy.getByTestId("ack")).toContainText("Received: 12345");

  await host.getByRole("button", { name: /^Reveal/ }).click();

  // Projector: the truth, the histogram by misconception, the formula.
  const reveal = projector.getByTestId("reveal");
  await expect(reveal).toContainText("Answer: -70.48");
  await expect(reveal.locator('[data-bar="correct"] [data-count]')).toHaveText(/^1/);
  await expect(reveal.locator('[data-bar="unclassified"] [data-count]')).toHaveText(/^1/);
  const overwrite = reveal.locator('[data-bar="backward-overwrites"]');
  await expect(overwrite).toContainText("backward() replaces .grad");
  await expect(overwrite.locator("[data-count]")).toHaveText(/^1/);
  await expect(reveal.locator("[data-bar]")).toHaveCount(3);
  await expect(reveal.locator(".katex")).toBeVisible();
  // The graph of the statements that have run: loss_no_zero's, before this backward() ran — so the leaf
  // w_no_zero still holds the −40 left over from iteration 1 (the seed's scenario B), by hand.
  const graph = projector.getByTestId("graph");
  await expect(graph.locator('[data-node="loss_no_zero"]')).toContainText("22.6224");
  await expect(graph.locator('[data-node="w_no_zero"]')).toContainText("grad -40");
  await shot(projector, "projector-reveal");

  // Each student's feedback.
  await expect(ada.getByTestId("feedback")).toHaveAttribute("data-outcome", "correct");
  await expect(ada.getByTestId("score")).toHaveText("1/1 correct");
  await expect(bob.getByTestId("feedback")).toHaveAttribute("data-outcome", "misconception");
  await expect(bob.getByTestId("feedback")).toContainText("backward() replaces .grad");
  await expect(bob.getByTestId("score")).toHaveText("0/1 correct");
  await expect(cy.getByTestId("feedback")).toHaveAttribute("data-outcome", "unclassified");
  await expect(cy.getByTestId("feedback")).toContainText("not a known pattern");
  await shot(ada, "student-correct");
  await shot(bob, "student-misconception");
  await shot(cy, "student-unclassified");
  await shot(host, "host-reveal");
  await expectNoAxeViolations(bob);
  await expectNoAxeViolations(projector);
  await expectNoAxeViolations(host);
});

test("the join page is accessible and explains an unknown code", async ({ page }) => {
  await page.goto("/join/ZZZZZZ");
  await expect(page.getByRole("heading", { name: "No session with the code ZZZZZZ" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/");
  await expectNoAxeViolations(page);
});

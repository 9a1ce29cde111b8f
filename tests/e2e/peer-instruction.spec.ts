/**
 * A peer instruction round in the browser, then the pictures. Three students predict w_no_zero.grad after 2B's
 * backward() (the truth, by hand in the seed walkthrough: −40 left in .grad plus −30.48 = −70.48): Ada first says
 * −30.48 (backward() overwrites), Bob types nonsense, Cy is right. They discuss; Ada and Bob move to the truth and
 * Cy is talked out of it. The reveal shows both histograms and the shift. Then the class predicts w_no_zero after
 * the overshooting update (0.4 − 0.01 · (−70.48) = 1.1048), with the misconceptions' ghosts on the loss surface.
 */
import { expect, test, type Page } from "@playwright/test";
import { traceLesson, seedLesson } from "@descent/autograd";
import { answer, expectNoAxeViolations, hostSeed, joinAs, newPage, stepTo } from "./helpers.ts";
import { IT2B_BACKWARD } from "../support/seed-cursors.ts";

/** The statement (1-based) of 2B's update of w_no_zero. */
const IT2B_UPDATE_W = traceLesson(seedLesson).checkpoints.findIndex((c) => c.label === "w_no_zero -= lr * w_no_zero.grad") + 1;

test("peer instruction: vote, discuss, vote again; both histograms, the shift, and the pictures with ghosts", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const shot = (page: Page, name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  const { host, code, sessionId } = await hostSeed(browser);
  const projector = await newPage(browser, { width: 1600, height: 900 });
  await projector.goto(`/present/${code}`);
  const [ada, bob, cy] = [await joinAs(browser, code, "Ada"), await joinAs(browser, code, "Bob"), await joinAs(browser, code, "Cy")];
  await expect(projector.getByTestId("lobby-count")).toHaveText("3 joined");

  await host.getByRole("button", { name: "Start the lesson" }).click();
  await stepTo(host, IT2B_BACKWARD + 1);
  await host.getByLabel("Peer instruction: vote, discuss with a neighbour, vote again").check();
  await host.getByRole("button", { name: "Ask about w_no_zero.grad" }).click();

  // Vote 1: the histogram stays hidden everywhere but the host's breakdown.
  await expect(projector.getByTestId("projector-question")).toContainText("First vote");
  await answer(ada, "-30.48");
  await answer(bob, "12345");
  await answer(cy, "-70.48");
  await expect(projector.getByTestId("answered-count")).toHaveText("3 of 3 answered");
  await host.getByRole("button", { name: /^Discuss with your neighbour/ }).click();

  // Discussion: each student sees their own first answer; the projector says what to do.
  await expect(projector.getByTestId("discuss")).toBeVisible();
  await expect(projector.getByTestId("reveal")).toHaveCount(0);
  await expect(ada.getByTestId("discuss")).toContainText("You answered -30.48");
  await expect(cy.getByTestId("discuss")).toContainText("You answered -70.48");
  await expect(host.getByTestId("answer-breakdown")).toContainText("backward() replaces .grad");
  await shot(projector, "pi-projector-discuss");
  await shot(ada, "pi-student-discuss");
  await expectNoAxeViolations(ada);
  await expectNoAxeViolations(projector);

  // Vote 2.
  await host.getByRole("button", { name: /^Vote again/ }).click();
  for (const page of [ada, bob, cy]) await expect(page.getByRole("heading", { name: /Vote again/ })).toBeVisible();
  await expect(ada.getByTestId("first-answer")).toContainText("Your first vote: -30.48");
  await answer(ada, "-70.48");
  await answer(bob, "-70.48");
  await answer(cy, "-30.48");
  await expect(projector.getByTestId("answered-count")).toHaveText("3 of 3 answered");
  await host.getByRole("button", { name: /^Reveal/ }).click();

  // Both histograms side by side, and who moved where.
  const result = projector.getByTestId("peer-result");
  await expect(result.getByTestId("first-vote").locator('[data-bar="correct"] [data-count]')).toHaveText(/^1/);
  await expect(result.getByTestId("first-vote").locator('[data-bar="backward-overwrites"] [data-count]')).toHaveText(/^1/);
  await expect(result.getByTestId("first-vote").locator('[data-bar="unclassified"] [data-count]')).toHaveText(/^1/);
  await expect(result.getByTestId("second-vote").locator('[data-bar="correct"] [data-count]')).toHaveText(/^2/);
  await expect(result.getByTestId("second-vote").locator('[data-bar="backward-overwrites"] [data-count]')).toHaveText(/^1/);
  await expect(result.getByTestId("shift")).toContainText("Correct: 1 → 2 of the 3 who voted twice");
  await expect(result.locator('[data-shift="backward-overwrites"] [data-moved]')).toHaveText("1");
  await expect(result.locator('[data-shift="unclassified"] [data-moved]')).toHaveText("1");
  await expect(projector.getByTestId("loss-curve")).toBeVisible();
  await expect(projector.getByTestId("loss-surface")).toBeVisible();
  await shot(projector, "pi-projector-reveal");
  await expectNoAxeViolations(projector);

  // Each student's two answers, graded.
  await expect(ada.getByTestId("feedback")).toHaveAttribute("data-outcome", "correct");
  await expect(cy.getByTestId("feedback")).toHaveAttribute("data-outcome", "misconception");
  await expect(ada.getByTestId("score")).toHaveText("1/2 correct");
  await expect(cy.getByTestId("score")).toHaveText("1/2 correct");
  await expect(bob.getByTestId("score")).toHaveText("1/2 correct");

  // The leaderboard, when the host shows it: accuracy, nicknames only.
  await host.getByRole("button", { name: "Show leaderboard" }).click();
  await expect(projector.getByTestId("leaderboard")).toContainText("Ada");
  await expect(projector.getByTestId("leaderboard")).toContainText("1 of 2");
  await expect(ada.getByTestId("leaderboard")).toBeVisible();
  await host.getByRole("button", { name: "Hide leaderboard" }).click();
  await expect(projector.getByTestId("leaderboard")).toHaveCount(0);

  // The next question with ghosts: w_no_zero after 2B's update overshoots to 1.1048.
  await stepTo(host, IT2B_UPDATE_W);
  await host.getByLabel("Peer instruction: vote, discuss with a neighbour, vote again").uncheck();
  await host.getByLabel("After the reveal, draw what each misconception would give").check();
  await host.getByRole("button", { name: "Ask about w_no_zero", exact: true }).click();
  await answer(ada, "1.1048");
  await answer(bob, "-0.3048");
  await answer(cy, "0.7048");
  await host.getByRole("button", { name: /^Reveal/ }).click();
  const surface = projector.getByTestId("loss-surface");
  // The path of 2A (0 → 0.4 → 0.7048 for w) is drawn with 2B's branch; the answer moves 2B's w to 1.1048 and the
  // ghost of a flipped update sign to 0.4 + 0.01 · (−70.48) = −0.3048.
  await expect(surface).toContainText("w and b: (0, 0) then (0.4, 0.12) then (0.7048, 0.2136)");
  await expect(surface).toContainText("The answer moves the path to (1.1048, 0.12)");
  await expect(surface).toContainText("would move it to (-0.3048, 0.12)");
  await expect(projector.getByTestId("loss-curve")).toContainText("22.6224 at iteration 2");
  await expect(surface.getByTestId("ghosts")).toContainText("The update adds the gradient: (-0.3048, 0.12)");
  await shot(projector, "pictures-projector-light");
  // The instructor puts the pictures in the code's place, large, and turns the lights down.
  await projector.getByRole("button", { name: "Pictures on the left" }).click();
  await expect(projector.getByRole("region", { name: "Pictures" }).getByTestId("loss-surface")).toBeVisible();
  await shot(projector, "pictures-projector-large");
  await projector.getByRole("button", { name: "Dark theme" }).click();
  await shot(projector, "pictures-projector-dark");
  await expectNoAxeViolations(projector);
  await projector.getByRole("button", { name: "Zoom in on the path" }).click();
  await shot(projector, "pictures-projector-zoomed");
  await shot(host, "pictures-host");

  // On the phone, the same pictures load when opened.
  await ada.getByText("See where the parameters go").click();
  await expect(ada.getByTestId("loss-surface")).toContainText("The answer moves the path to (1.1048, 0.12)");
  await expect(ada.getByTestId("loss-curve")).toBeVisible();
  await shot(ada, "pictures-phone");
  await expectNoAxeViolations(ada);
  await expectNoAxeViolations(host);

  // The session report shows the shift.
  await host.goto(`/sessions/${sessionId}/report`);
  const row = host.getByTestId("shift-table").locator("tbody tr").first();
  await expect(row.locator("[data-correct-shift]")).toHaveText("1 → 2");
  await expect(row).toContainText("backward() replaces .grad: 1 of 1");
  await expectNoAxeViolations(host);
});

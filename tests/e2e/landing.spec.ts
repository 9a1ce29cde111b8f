import { expect, test } from "@playwright/test";

test("the landing page names Descent and offers joining and hosting", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Descent/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Descent");
  await expect(page.getByRole("heading", { name: "Join a session" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Host a session" })).toHaveAttribute("href", "/host");

  // A malformed code is explained, not sent anywhere.
  const code = page.getByLabel("Join code");
  await code.fill("12");
  await page.getByRole("button", { name: "Join a session" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "letters" })).toContainText("6 letters and digits");
  await expect(page).toHaveURL(/\/$/);

  await page.screenshot({ path: testInfo.outputPath("landing.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("landing-phone.png"), fullPage: true });
});

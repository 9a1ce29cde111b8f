/** What the end-to-end tests do again and again: open a page as a person, join, answer, step, check axe. */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";

export async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

export async function joinAs(
  browser: Browser,
  code: string,
  nickname: string,
  check?: (page: Page) => Promise<void>,
  viewport = { width: 390, height: 844 },
): Promise<Page> {
  const page = await newPage(browser, viewport);
  await page.goto(`/join/${code}`);
  // The generator offers a nickname to start from.
  await expect(page.getByLabel("Your nickname")).not.toHaveValue("");
  await check?.(page);
  await page.getByLabel("Your nickname").fill(nickname);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await expect(page.getByText(`You're in, ${nickname}!`)).toBeVisible();
  return page;
}

export async function answer(page: Page, text: string) {
  await page.getByLabel("Your prediction").fill(text);
  await page.getByRole("button", { name: /Submit|Change my answer/ }).click();
  await expect(page.getByTestId("ack")).toContainText(`Received: ${text}`);
}

/** "Run this line" (statement `n`, 1-based); where a suggested question was not asked, the console asks to confirm. */
export async function runLine(host: Page, n: number) {
  await host.getByRole("button", { name: /^Run this line/ }).click();
  const anyway = host.getByRole("button", { name: "Run it anyway" });
  await expect(anyway.or(host.getByText(`Statement ${n + 1} of`)).or(host.getByText("Every line has run"))).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(host.getByText(`Statement ${n + 1} of`).or(host.getByText("Every line has run"))).toBeVisible();
}

export async function expectNoAxeViolations(page: Page) {
  // After a client-side navigation the new page's title lands a moment after its content: check the page it is.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}


/** The instructor hosts the seed lesson from the library; returns the host console and the join code. */
export async function hostSeed(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<{ host: Page; code: string; sessionId: string }> {
  const host = await newPage(browser, viewport);
  await host.goto("/host");
  await host.getByRole("listitem").filter({ hasText: "One step of gradient descent" }).getByRole("button", { name: "Host this lesson" }).click();
  await expect(host).toHaveURL(/\/host\/[A-Za-z0-9_-]+$/);
  const code = (await host.locator("h1 .font-mono").textContent())!.trim();
  const sessionId = new URL(host.url()).pathname.split("/").pop()!;
  return { host, code, sessionId };
}

/** Runs lines until statement `n` (1-based) is highlighted. */
/** Moves the host to statement `n` (1-based) with the console's "Go to statement", as a host skips lines. */
export async function stepTo(host: Page, n: number) {
  const text = (await host.getByText(/Statement \d+ of \d+/).first().textContent()) ?? "";
  if (Number(/Statement (\d+) of/.exec(text)?.[1] ?? 0) === n) return;
  await host.getByLabel("Go to statement").selectOption({ index: n - 1 });
  await host.getByRole("button", { name: "Go", exact: true }).click();
  await expect(host.getByText(`Statement ${n} of`)).toBeVisible();
}

/**
 * `npm run bench:pages`: what a phone downloads on first load, measured in Chromium (Debian's) against `npm start`:
 * the JavaScript transferred (gzip, as served) for the student's join/play page, the projector and the self-paced
 * run, before any interaction. Writes JSON to tests/bench/results/pages-<date>.json.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { io as ioClient } from "socket.io-client";
import { HOST_COOKIE } from "../../server/protocol/cookies.ts";
import { IT1_UPDATE_W } from "../support/seed-cursors.ts";
import { startServerProcess, tempDir } from "../support/server-process.ts";

const server = await startServerProcess({ DATABASE_URL: `file:${path.join(tempDir("bench-pages"), "p.db")}` });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const hosted = await fetch(`${server.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ lessonId: "seed-zero-grad" }) });
  const hostedBody = (await hosted.json()) as { code: string; sessionId: string };
  const { code } = hostedBody;

  async function weigh(url: string, ready?: (page: import("@playwright/test").Page) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const types = new Map<string, string>();
    const urls = new Map<string, string>();
    const scripts: { url: string; kb: number }[] = [];
    const bytes = { script: 0, css: 0, other: 0 };
    cdp.on("Network.responseReceived", (e) => {
      types.set(e.requestId, e.type);
      urls.set(e.requestId, e.response.url);
    });
    cdp.on("Network.loadingFinished", (e) => {
      const t = types.get(e.requestId);
      const k = t === "Script" ? "script" : t === "Stylesheet" ? "css" : "other";
      bytes[k] += e.encodedDataLength;
      if (k === "script") scripts.push({ url: new URL(urls.get(e.requestId) ?? "").pathname, kb: e.encodedDataLength / 1024 });
    });
    await page.goto(`${server.url}${url}`);
    await page.waitForLoadState("networkidle");
    await ready?.(page);
    await context.close();
    if (process.env.BENCH_VERBOSE) for (const x of scripts.sort((a, b) => b.kb - a.kb)) console.log(`    ${url} ${x.url} ${x.kb.toFixed(1)} kB`);
    return { url, scriptKb: bytes.script / 1024, cssKb: bytes.css / 1024, otherKb: bytes.other / 1024, scripts };
  }

  const results = [
    await weigh(`/join/${code}`),
    await weigh(`/present/${code}`),
    await weigh("/practice"),
  ];
  console.log("First load, bytes transferred (as served, gzip):");
  for (const r of results) console.log(`  ${r.url.padEnd(20)} JavaScript ${r.scriptKb.toFixed(1)} kB · CSS ${r.cssKb.toFixed(1)} kB · other ${r.otherKb.toFixed(1)} kB`);

  // The pictures on a phone: after a reveal, what opening them downloads (the charts load only then).
  const cookie = hosted.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`))!.split(";")[0]!;
  const host = ioClient(server.url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie, origin: server.url } });
  await new Promise<void>((r) => host.once("connect", () => r()));
  const hostedId = (hostedBody as { sessionId: string }).sessionId;
  const command = async (c: object) => {
    const r = (await host.timeout(10_000).emitWithAck("host:command", { sessionId: hostedId, command: c })) as { ok: boolean; error?: { message: string } };
    if (!r.ok) throw new Error(`host command ${JSON.stringify(c)} refused: ${r.error?.message}`);
  };
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await phone.goto(`${server.url}/join/${code}`);
  await phone.getByLabel("Your nickname").fill("Bench");
  await phone.getByRole("button", { name: "Join", exact: true }).click();
  await phone.getByText("You're in, Bench!").waitFor();
  await command({ type: "start" });
  await command({ type: "goto", cursor: IT1_UPDATE_W });
  await command({ type: "ask", quantity: "w", ghosts: true });
  await command({ type: "reveal" });
  await phone.getByText("See where the parameters go").waitFor();
  const cdp = await context.newCDPSession(phone);
  await cdp.send("Network.enable");
  const scriptIds = new Set<string>();
  let pictureBytes = 0;
  cdp.on("Network.responseReceived", (e) => {
    if (e.type === "Script") scriptIds.add(e.requestId);
  });
  cdp.on("Network.loadingFinished", (e) => {
    if (scriptIds.has(e.requestId)) pictureBytes += e.encodedDataLength;
  });
  await phone.getByText("See where the parameters go").click();
  await phone.getByTestId("loss-surface").locator("svg").first().waitFor();
  await phone.waitForLoadState("networkidle");
  await context.close();
  host.disconnect();
  const pictures = { url: `/join/${code} (pictures opened after a reveal)`, scriptKb: pictureBytes / 1024, cssKb: 0, otherKb: 0, scripts: [] };
  results.push(pictures);
  console.log(`  opening the pictures on the phone downloads JavaScript ${pictures.scriptKb.toFixed(1)} kB more (only then)`);
  const out = path.join(import.meta.dirname, "results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `pages-${new Date().toISOString().slice(0, 10)}.json`), JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  await server.stop();
}

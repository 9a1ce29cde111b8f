// The engine must run in the browser unchanged: bundle it, then run the seed's first iteration in a bare
// JavaScript context that has neither Node's globals (process, require, Buffer) nor the DOM's.

import { gzipSync } from "node:zlib";
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../src/engine/index.ts", import.meta.url));

async function bundle(format: "esm" | "iife"): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format,
    globalName: format === "iife" ? "autograd" : undefined,
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("browser bundle", () => {
  it("bundles to minified ESM within the size budget (15 kB gzipped)", async () => {
    const code = await bundle("esm");
    expect(code).not.toMatch(/\brequire\(|from"node:|process\.env/);
    expect(gzipSync(code).length).toBeLessThan(15_000);
  });

  it("runs the seed's first iteration with no Node or DOM globals", async () => {
    const code = await bundle("iife");
    const context: Record<string, unknown> = { result: null };
    runInNewContext(
      `${code}
      const { tensor, noGrad, optim } = autograd;
      const X = tensor([1, 2, 3, 4, 5]);
      const y = X.mul(1).add(3);
      const w = tensor(0, { requiresGrad: true });
      const b = tensor(0, { requiresGrad: true });
      const opt = new optim.SGD([w, b], { lr: 0.01 });
      const loss = w.mul(X).add(b).sub(y).pow(2).mean();
      loss.backward();
      result = { loss: loss.item(), gw: w.grad.item(), gb: b.grad.item() };
      opt.step();
      result.w = w.item();
      result.hasProcess = typeof process !== "undefined";
      result.hasWindow = typeof window !== "undefined";`,
      context,
    );
    const r = context.result as Record<string, number | boolean>;
    expect(r.hasProcess).toBe(false);
    expect(r.hasWindow).toBe(false);
    expect(r.loss).toBe(38);
    expect(r.gw).toBeCloseTo(-40, 12);
    expect(r.gb).toBeCloseTo(-12, 12);
    expect(r.w).toBeCloseTo(0.4, 12);
  });
});

// The interpreter runs where the engine runs: bundled for the browser (with its Python parser), in a context that
// has neither Node's globals nor the DOM's, it produces the very trace the server produces, for every program of
// the PyTorch corpus.
import fs from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { runProgram } from "@descent/autograd";

const entry = new URL("../../packages/autograd/src/python/index.ts", import.meta.url).pathname;
const CORPUS = new URL("../pytorch/programs/", import.meta.url).pathname;

describe("the PyTorch interpreter in a browser bundle", () => {
  it("gives the server's trace for every program of the corpus, in both modes", async () => {
    const result = await build({ entryPoints: [entry], bundle: true, format: "iife", globalName: "python", platform: "browser", target: "es2022", minify: true, write: false, logLevel: "silent" });
    const code = result.outputFiles[0]!.text;
    // (lezer reads process.env.LOG only where `process` exists: the context below has none.)
    expect(code).not.toMatch(/\brequire\(|from"node:/);
    const sources = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".py")).sort().map((f) => fs.readFileSync(path.join(CORPUS, f), "utf8"));
    const context: Record<string, unknown> = { sources, result: null };
    runInNewContext(
      `${code}
      result = {
        hasProcess: typeof process !== "undefined",
        hasWindow: typeof window !== "undefined",
        traces: sources.flatMap((s) => ["float64", "float32"].map((dtype) => JSON.stringify(python.runProgram(s, { dtype })))),
      };`,
      context,
    );
    const r = context.result as { hasProcess: boolean; hasWindow: boolean; traces: string[] };
    expect(r.hasProcess).toBe(false);
    expect(r.hasWindow).toBe(false);
    const server = sources.flatMap((s) => (["float64", "float32"] as const).map((dtype) => JSON.stringify(runProgram(s, { dtype }))));
    expect(r.traces.length).toBe(server.length);
    r.traces.forEach((t, i) => expect(t, `program ${Math.floor(i / 2)}`).toBe(server[i]));
  });
});

// The brain runs where the engine runs: bundled for the browser, without zod, in a context that has neither
// Node's globals nor the DOM's.
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../src/brain.ts", import.meta.url));

describe("the brain in a browser bundle", () => {
  it("needs no dependency and no Node or DOM global", async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: "iife",
      globalName: "brain",
      platform: "browser",
      target: "es2022",
      minify: true,
      write: false,
      logLevel: "silent",
      // Fails the build if anything reaches for zod: only "@descent/autograd/schema" may.
      external: [],
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\brequire\(|from"node:|process\.env|zod/);

    const context: Record<string, unknown> = { result: null };
    runInNewContext(
      `${code}
      const { getLesson, traceLesson, defaultQuestions, answerKey, grade } = brain;
      const lesson = getLesson("seed-zero-grad");
      const trace = traceLesson(lesson);
      const q = defaultQuestions(lesson).find((x) => x.id === "it2b.s7:w_no_zero.grad");
      const key = answerKey(lesson, q);
      result = {
        checkpoints: trace.checkpoints.length,
        truth: key.truth.value,
        grade: grade(key, { kind: "number", value: -30.48 }),
        hasProcess: typeof process !== "undefined",
        hasWindow: typeof window !== "undefined",
      };`,
      context,
    );
    const r = context.result as Record<string, unknown>;
    expect(r.hasProcess).toBe(false);
    expect(r.hasWindow).toBe(false);
    expect(r.checkpoints).toBe(34);
    expect(r.truth).toBeCloseTo(-70.48, 10);
    expect(r.grade).toEqual({ outcome: "misconception", ids: ["backward-overwrites"] });
  });
});

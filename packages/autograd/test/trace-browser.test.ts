// The brain runs where the engine runs: bundled for the browser, without zod, in a context that has neither
// Node's globals nor the DOM's.
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { seedLesson, traceLesson } from "../src/brain";

const entry = fileURLToPath(new URL("../src/brain.ts", import.meta.url));

describe("the brain in a browser bundle", () => {
  it("needs neither zod nor any Node or DOM global", async () => {
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
    // The Python parser (@lezer/lr) reads process.env.LOG for its debug output, guarded by a typeof test.
    expect(code.replaceAll('typeof process<"u"&&process.env&&/\\bparse\\b/.test(process.env.LOG)', "")).not.toMatch(/\brequire\(|from"node:|process\.env|zod/);

    const context: Record<string, unknown> = { result: null };
    runInNewContext(
      `${code}
      const { getLesson, traceLesson, defaultQuestions, answerKey, grade } = brain;
      const lesson = getLesson("seed-zero-grad");
      const trace = traceLesson(lesson);
      const q = defaultQuestions(lesson).find((x) => x.id === "it2b.s12:w_no_zero.grad");
      const key = answerKey(lesson, q);
      result = {
        checkpoints: trace.checkpoints.length,
        trace: JSON.stringify(trace),
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
    // The same trace as the package gives here, line by line, value by value (graphs included).
    expect(r.checkpoints).toBe(traceLesson(seedLesson).checkpoints.length);
    expect(JSON.parse(r.trace as string)).toEqual(JSON.parse(JSON.stringify(traceLesson(seedLesson))));
    expect(r.truth).toBeCloseTo(-70.48, 10);
    expect(r.grade).toEqual({ outcome: "misconception", ids: ["backward-overwrites"] });
  });
});

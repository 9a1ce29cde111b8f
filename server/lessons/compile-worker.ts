/**
 * Runs inside the compiler's worker thread: checks or compiles one lesson, or draws one variant, per message,
 * never on the server's event loop.
 */
import { parentPort } from "node:worker_threads";
import { compileLesson, LessonTooCostly, variantPlan, withWorkLimit, WorkLimitExceeded, type Lesson } from "@descent/autograd";
import { checkCustomLesson } from "../session/custom-lessons.ts";
import type { CompileReply, CompileRequest } from "./compiler.ts";

if (!parentPort) throw new Error("compile-worker.ts runs only as a worker thread");
const port = parentPort;

/**
 * Each message brings its lesson as a fresh copy; the brain caches a lesson's traces by object. The same lesson
 * (same content) is kept here and reused, so a class drawing variants of one lesson traces its own numbers once.
 */
const kept = new Map<string, Lesson>();
const KEPT = 32;
function same(lesson: Lesson): Lesson {
  const key = JSON.stringify(lesson);
  const known = kept.get(key);
  if (known) {
    kept.delete(key);
    kept.set(key, known);
    return known;
  }
  kept.set(key, lesson);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return lesson;
}

port.on("message", (req: CompileRequest) => {
  let reply: CompileReply;
  try {
    if (req.kind === "variant") {
      try {
        const plan = withWorkLimit(req.workLimit, () => variantPlan(same(req.lesson as Lesson), req.seed, req.questions, req.avoid));
        reply = { id: req.id, ok: true, plan };
      } catch (e) {
        throw e instanceof WorkLimitExceeded ? new LessonTooCostly(req.workLimit, e) : e;
      }
    } else if (req.kind === "check") {
      reply = { id: req.id, ok: true, checked: checkCustomLesson(req.input) };
    } else {
      const compiled = compileLesson(req.lesson as Lesson, { workLimit: req.workLimit });
      reply = { id: req.id, ok: true, compiled };
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { id: req.id, ok: false, error: { name: err.name, message: err.message } };
  }
  port.postMessage(reply);
});

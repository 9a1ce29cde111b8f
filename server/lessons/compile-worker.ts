/** Runs inside the compiler's worker thread: compiles one lesson per message, never on the server's event loop. */
import { parentPort } from "node:worker_threads";
import { compileLesson, LessonTooCostly, variantPlan, withWorkLimit, WorkLimitExceeded, type Lesson } from "@descent/autograd";
import type { CompileReply, CompileRequest } from "./compiler.ts";

if (!parentPort) throw new Error("compile-worker.ts runs only as a worker thread");
const port = parentPort;

port.on("message", (req: CompileRequest) => {
  let reply: CompileReply;
  try {
    if (req.kind === "variant") {
      try {
        const plan = withWorkLimit(req.workLimit, () => variantPlan(req.lesson as Lesson, req.seed, req.questions, req.avoid));
        reply = { id: req.id, ok: true, plan };
      } catch (e) {
        throw e instanceof WorkLimitExceeded ? new LessonTooCostly(req.workLimit) : e;
      }
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

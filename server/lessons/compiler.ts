/**
 * Compiles lessons (trace, default questions, every answer key) in a worker thread, one at a time, so that no
 * lesson however heavy holds up the event loop that serves the class. Each compile is bounded twice: by the
 * engine's work limit (deterministic) and by wall-clock time (the worker is ended and replaced).
 */
import { Worker } from "node:worker_threads";
import { DEFAULT_WORK_LIMIT, type CompiledLesson, type Lesson, type QuestionRef, type VariantPlan } from "@descent/autograd";

export type CompileRequest =
  | { id: number; kind: "compile"; lesson: Lesson; workLimit: number }
  | { id: number; kind: "variant"; lesson: Lesson; seed: string; questions: QuestionRef[]; avoid: Record<string, number>[]; workLimit: number };
export type CompileReply =
  | { id: number; ok: true; compiled: CompiledLesson }
  | { id: number; ok: true; plan: VariantPlan }
  | { id: number; ok: false; error: { name: string; message: string } };

/** A lesson that cannot be served: too costly, or it fails to run. The message is meant for the teacher. */
export class LessonCompileError extends Error {
  override name = "LessonCompileError";
  constructor(
    readonly reason: "too-costly" | "run-failed",
    message: string,
  ) {
    super(message);
  }
}

/** A backstop for the work limit (which normally stops a heavy lesson within a few seconds). */
export const COMPILE_TIMEOUT_MS = 15_000;

type Job = { request: CompileRequest; resolve: (c: never) => void; reject: (e: Error) => void; worker?: Worker };

export class LessonCompiler {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: { workLimit?: number; timeoutMs?: number } = {}) {}

  compile(lesson: Lesson): Promise<CompiledLesson> {
    return this.submit<CompiledLesson>({ id: this.nextId++, kind: "compile", lesson, workLimit: this.opts.workLimit ?? DEFAULT_WORK_LIMIT });
  }

  /**
   * A variant of a lesson for one self-paced student (`variantPlan`), drawn, traced and keyed in the worker:
   * a class starting its homework at once does not hold up a live lecture on the same server.
   */
  variant(lesson: Lesson, seed: string, questions: QuestionRef[], avoid: Record<string, number>[] = []): Promise<VariantPlan> {
    return this.submit<VariantPlan>({ id: this.nextId++, kind: "variant", lesson, seed, questions, avoid, workLimit: this.opts.workLimit ?? DEFAULT_WORK_LIMIT });
  }

  private submit<T>(request: CompileRequest): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the lesson compiler is closed"));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ request, resolve: resolve as (c: never) => void, reject });
      this.pump();
    });
  }

  /** Lessons waiting or being compiled. */
  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  private spawn(): Worker {
    const w = new Worker(new URL("./compile-worker.mjs", import.meta.url));
    w.unref();
    w.on("message", (reply: CompileReply) => this.settle(reply));
    // Only the job this worker runs fails with it: a worker ended after a timeout must not fail the next job.
    w.on("error", (err) => {
      if (this.worker === w) this.worker = null;
      if (this.running?.worker === w) this.fail(new LessonCompileError("run-failed", `Preparing the lesson failed: ${err.message}`));
    });
    w.on("exit", (code) => {
      if (this.worker === w) this.worker = null;
      if (this.running?.worker === w && code !== 0) this.fail(new LessonCompileError("run-failed", `Preparing the lesson stopped (exit code ${code}).`));
    });
    return w;
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    this.worker ??= this.spawn();
    job.worker = this.worker;
    this.timer = setTimeout(() => {
      const w = this.worker;
      this.worker = null;
      this.fail(new LessonCompileError("too-costly", "This lesson takes too long to prepare: use smaller tensors or fewer statements."));
      void w?.terminate();
    }, this.opts.timeoutMs ?? COMPILE_TIMEOUT_MS);
    this.timer.unref();
    this.worker.postMessage(job.request);
  }

  private finish(): Job | null {
    const job = this.running;
    this.running = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return job;
  }

  private settle(reply: CompileReply): void {
    if (!this.running || this.running.request.id !== reply.id) return;
    const job = this.finish()!;
    if (reply.ok) job.resolve(("plan" in reply ? reply.plan : reply.compiled) as never);
    else if (reply.error.name === "LessonTooCostly") job.reject(new LessonCompileError("too-costly", reply.error.message));
    else job.reject(new LessonCompileError("run-failed", reply.error.message));
    this.pump();
  }

  private fail(err: Error): void {
    const job = this.finish();
    job?.reject(err);
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("the lesson compiler is closed"));
    this.finish()?.reject(new Error("the lesson compiler is closed"));
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}

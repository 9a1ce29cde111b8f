/**
 * Compiles lessons (trace, default questions, every answer key) and draws self-paced variants in worker threads,
 * one job per worker at a time, so that no lesson however heavy holds up the event loop that serves the class.
 * Each job is bounded twice: by the engine's work limit (deterministic) and by wall-clock time (the worker is
 * ended and replaced). Jobs wait in one queue for the first free worker; workers start when first needed.
 */
import os from "node:os";
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

type Job = { request: CompileRequest; resolve: (c: never) => void; reject: (e: Error) => void };

/** One worker thread and the job it runs. */
type Slot = { worker: Worker | null; running: Job | null; timer: NodeJS.Timeout | null };

/**
 * How many workers by default: one per core but the one the event loop needs, at least one and at most four
 * (a class starting its homework at once needs a variant each).
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

export class LessonCompiler {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: { workLimit?: number; timeoutMs?: number; workers?: number } = {}) {
    this.slots = Array.from({ length: Math.max(1, opts.workers ?? defaultWorkers()) }, () => ({ worker: null, running: null, timer: null }));
  }

  compile(lesson: Lesson): Promise<CompiledLesson> {
    return this.submit<CompiledLesson>({ id: this.nextId++, kind: "compile", lesson, workLimit: this.opts.workLimit ?? DEFAULT_WORK_LIMIT });
  }

  /**
   * A variant of a lesson for one self-paced student (`variantPlan`), drawn, traced and keyed in a worker:
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

  /** Lessons and variants waiting or being prepared. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.running).length;
  }

  private spawn(slot: Slot): Worker {
    const w = new Worker(new URL("./compile-worker.mjs", import.meta.url));
    w.unref();
    w.on("message", (reply: CompileReply) => {
      if (slot.worker === w) this.settle(slot, reply);
    });
    // Only the job this worker runs fails with it: a worker ended after a timeout must not fail the next job.
    w.on("error", (err) => {
      if (slot.worker !== w) return;
      slot.worker = null;
      this.fail(slot, new LessonCompileError("run-failed", `Preparing the lesson failed: ${err.message}`));
    });
    w.on("exit", (code) => {
      if (slot.worker !== w) return;
      slot.worker = null;
      if (code !== 0) this.fail(slot, new LessonCompileError("run-failed", `Preparing the lesson stopped (exit code ${code}).`));
    });
    return w;
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.running) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.running = job;
      const worker = (slot.worker ??= this.spawn(slot));
      slot.timer = setTimeout(() => {
        slot.worker = null;
        this.fail(slot, new LessonCompileError("too-costly", "This lesson takes too long to prepare: use smaller tensors or fewer statements."));
        void worker.terminate();
      }, this.opts.timeoutMs ?? COMPILE_TIMEOUT_MS);
      slot.timer.unref();
      worker.postMessage(job.request);
    }
  }

  private finish(slot: Slot): Job | null {
    const job = slot.running;
    slot.running = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    return job;
  }

  private settle(slot: Slot, reply: CompileReply): void {
    if (!slot.running || slot.running.request.id !== reply.id) return;
    const job = this.finish(slot)!;
    if (reply.ok) job.resolve(("plan" in reply ? reply.plan : reply.compiled) as never);
    else if (reply.error.name === "LessonTooCostly") job.reject(new LessonCompileError("too-costly", reply.error.message));
    else job.reject(new LessonCompileError("run-failed", reply.error.message));
    this.pump();
  }

  private fail(slot: Slot, err: Error): void {
    const job = this.finish(slot);
    job?.reject(err);
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("the lesson compiler is closed"));
    await Promise.all(
      this.slots.map(async (slot) => {
        this.finish(slot)?.reject(new Error("the lesson compiler is closed"));
        const w = slot.worker;
        slot.worker = null;
        await w?.terminate();
      }),
    );
  }
}

/**
 * Compiles lessons (trace, default questions, every answer key), checks uploaded lessons and draws self-paced
 * variants in worker threads, one job per worker at a time, so that no lesson however heavy holds up the event
 * loop that serves the class. Each job is bounded twice: by the engine's work limit (deterministic) and by
 * wall-clock time (the worker is ended and replaced). Jobs are in two lanes with workers of their own: students'
 * (a running session's lesson, a self-paced variant) and uploads (a lesson someone sends, checked then compiled),
 * so that no upload, however many wait, stands between a student and their question. Workers start when first
 * needed.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { DEFAULT_WORK_LIMIT, type CompiledLesson, type Lesson, type QuestionRef, type VariantPlan } from "@descent/autograd";
import type { CustomLessonCheck } from "../session/custom-lessons.ts";

/** Whose work a job is: a student's waits for no upload. */
export type Lane = "student" | "upload";

export type CompileRequest =
  | { id: number; kind: "compile"; lesson: Lesson; workLimit: number }
  | { id: number; kind: "check"; input: unknown }
  | { id: number; kind: "variant"; lesson: Lesson; seed: string; questions: QuestionRef[]; avoid: Record<string, number>[]; workLimit: number };
export type CompileReply =
  | { id: number; ok: true; compiled: CompiledLesson }
  | { id: number; ok: true; checked: CustomLessonCheck }
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

type Job = { request: CompileRequest; lane: Lane; resolve: (c: never) => void; reject: (e: Error) => void };

/** One worker thread, its lane and the job it runs. */
type Slot = { lane: Lane; worker: Worker | null; running: Job | null; timer: NodeJS.Timeout | null };

/**
 * How many students' workers by default: one per core but the one the event loop needs, at least one and at most
 * four (a class starting its homework at once needs a variant each). Uploads have one worker besides.
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

export class LessonCompiler {
  private readonly slots: Slot[];
  private readonly queues: Record<Lane, Job[]> = { student: [], upload: [] };
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: { workLimit?: number; timeoutMs?: number; workers?: number } = {}) {
    const students = Math.max(1, opts.workers ?? defaultWorkers());
    this.slots = [...Array.from({ length: students }, () => "student" as const), "upload" as const].map((lane) => ({ lane, worker: null, running: null, timer: null }));
  }

  /** Compiles a lesson: a running session's (`student`, the default) or one just uploaded (`upload`). */
  compile(lesson: Lesson, lane: Lane = "student"): Promise<CompiledLesson> {
    return this.submit<CompiledLesson>({ id: this.nextId++, kind: "compile", lesson, workLimit: this.opts.workLimit ?? DEFAULT_WORK_LIMIT }, lane);
  }

  /**
   * Parses and validates a teacher's lesson (its file's text, JSON text or a parsed value: YAML and Python are
   * parsed here, never on the event loop): one just uploaded (`upload`, the default), or a stored one a running
   * session needs again (`student`).
   */
  check(input: unknown, lane: Lane = "upload"): Promise<CustomLessonCheck> {
    return this.submit<CustomLessonCheck>({ id: this.nextId++, kind: "check", input }, lane);
  }

  /**
   * A variant of a lesson for one self-paced student (`variantPlan`), drawn, traced and keyed in a worker:
   * a class starting its homework at once does not hold up a live lecture on the same server.
   */
  variant(lesson: Lesson, seed: string, questions: QuestionRef[], avoid: Record<string, number>[] = []): Promise<VariantPlan> {
    return this.submit<VariantPlan>({ id: this.nextId++, kind: "variant", lesson, seed, questions, avoid, workLimit: this.opts.workLimit ?? DEFAULT_WORK_LIMIT }, "student");
  }

  private submit<T>(request: CompileRequest, lane: Lane): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the lesson compiler is closed"));
    return new Promise<T>((resolve, reject) => {
      this.queues[lane].push({ request, lane, resolve: resolve as (c: never) => void, reject });
      this.pump();
    });
  }

  /** Jobs of a lane (all lanes without one) waiting or being prepared. */
  pending(lane?: Lane): number {
    const lanes: Lane[] = lane ? [lane] : ["student", "upload"];
    return lanes.reduce((n, l) => n + this.queues[l].length + this.slots.filter((s) => s.lane === l && s.running).length, 0);
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
      const job = this.queues[slot.lane].shift();
      if (!job) continue;
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
    if (reply.ok) job.resolve(("plan" in reply ? reply.plan : "checked" in reply ? reply.checked : reply.compiled) as never);
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
    for (const job of [...this.queues.student.splice(0), ...this.queues.upload.splice(0)]) job.reject(new Error("the lesson compiler is closed"));
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

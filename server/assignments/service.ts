/**
 * Self-paced work: assignments a teacher gives a class, and practice from the library. Each student's run is a
 * log of steps (answers and choices) in the database; its state is a fold over the log (`run.ts`). The server
 * draws every variant (in the lesson compiler's worker), computes every truth and grade, and stores each submit
 * once: a retried request with the same submission id gets its first result back.
 */
import crypto from "node:crypto";
import {
  codeForItem,
  concepts as allConcepts,
  conceptsOf,
  getMisconception,
  grade as gradeAnswer,
  type Answer,
  type ConceptId,
  type Grade,
  type QuestionRef,
  type Value,
  type VariantPlan,
} from "@descent/autograd";
import type { Db } from "../db.ts";
import type { LessonCompiler } from "../lessons/compiler.ts";
import type { Confidence } from "../protocol/constants.ts";
import { checkNickname, nicknameKey } from "../protocol/nickname.ts";
import type { Feedback as LiveFeedback } from "../protocol/views.ts";
import type { LessonCatalog, LessonRuntime } from "../session/lesson-runtime.ts";
import { hashToken, identifierKey, newId, type Clock } from "../session/service.ts";
import { applyStep, currentItem, foldRun, initialRun, RunStepRefused, type RunConfig, type RunState, type RunStep } from "./run.ts";

const initialConcepts = (config: RunConfig) => initialRun(config).concepts.map((id) => allConcepts.find((c) => c.id === id)!);

export type WorkErrorCode = "NOT_FOUND" | "NOT_OPEN" | "CLOSED" | "NAME_TAKEN" | "BAD_NAME" | "STALE" | "UNAVAILABLE" | "BAD_ANSWER";

export class WorkError extends Error {
  override name = "WorkError";
  constructor(
    readonly code: WorkErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type AssignmentRow = {
  id: string;
  slug: string;
  teacherId: string;
  classId: string;
  lessonId: string;
  title: string;
  opensAt: Date | null;
  closesAt: Date | null;
  questions: string;
  attempts: number | null;
  mastery: number;
};

export type WorkMode = "assignment" | "practice";

/** Whether students can work on an assignment now. */
export function windowOf(a: Pick<AssignmentRow, "opensAt" | "closesAt">, now: number): "open" | "not-yet" | "closed" {
  if (a.opensAt && now < a.opensAt.getTime()) return "not-yet";
  if (a.closesAt && now >= a.closesAt.getTime()) return "closed";
  return "open";
}

export function parseQuestions(json: string): QuestionRef[] {
  return (JSON.parse(json) as QuestionRef[]).map(({ checkpoint, quantity }) => ({ checkpoint, quantity }));
}

export const questionKeyOf = (q: QuestionRef) => `${q.checkpoint}:${q.quantity}`;

/** The live view's feedback (outcome, misconceptions with their explanations, truth), plus the step's formula. */
export type Feedback = LiveFeedback & {
  questionId: string;
  variant: number;
  answer: Answer;
  prompt: string;
  formula: string | null;
};

export type WorkView = {
  workId: string;
  /** How many steps the run has: a choice names the version it was made on. */
  version: number;
  mode: WorkMode;
  title: string;
  lessonTitle: string;
  label: string;
  phase: RunState["phase"];
  attempt: number;
  attempts: number | null;
  mastery: number;
  progress: { answered: number; correct: number; done: number; total: number };
  concepts: { id: ConceptId; title: string; blurb: string; streak: number; mastered: boolean }[];
  /** The question to answer now (never its truth). */
  item: {
    questionId: string;
    variant: number;
    prompt: string;
    quantity: string;
    line: number;
    code: string[];
    before: Record<string, Value>;
    accepts: string[];
    vectorLength: number | null;
    concepts: ConceptId[];
  } | null;
  /** After a miss in practice: the feedback of that answer, for the choice that follows. */
  lastFeedback: Feedback | null;
  closesAt: string | null;
};

type StepRow = {
  seq: number;
  submissionId: string;
  kind: string;
  questionId: string | null;
  variant: number | null;
  answer: string | null;
  confidence: string | null;
  grade: string | null;
  truth: string | null;
};
type WorkRow = { id: string; assignmentId: string | null; lessonId: string; label: string; deviceHash: string; finishedAt: Date | null; studentId: string | null };

/** Variant plans kept in memory (a plan is a few kB; a class of 200 on a few variants each fits many times). */
const PLAN_CACHE = 2000;

export class WorkService {
  private readonly plans = new Map<string, Promise<VariantPlan>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly catalog: LessonCatalog,
    private readonly compiler: LessonCompiler,
    private readonly clock: Clock = () => Date.now(),
  ) {}

  async assignmentBySlug(slug: string) {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(slug)) return null;
    return this.db.assignment.findUnique({ where: { slug }, include: { class: true } });
  }

  /** The seed of a variant: by assignment (or practice run), student and variant number. */
  seedOf(work: Pick<WorkRow, "id" | "assignmentId" | "studentId">, variant: number): string {
    return work.assignmentId ? `${work.assignmentId}:${work.studentId ?? work.id}:${variant}` : `practice:${work.id}:${variant}`;
  }

  private async runtime(lessonId: string): Promise<LessonRuntime> {
    const r = await this.catalog.load(lessonId);
    if (!r) throw new WorkError("UNAVAILABLE", "This lesson is no longer available.");
    return r;
  }

  /** The plan of a run's variant `variant`: never the same numbers as its variant before (a fresh retry is fresh). */
  plan(runtime: LessonRuntime, work: Pick<WorkRow, "id" | "assignmentId" | "studentId">, variant: number, questions: QuestionRef[]): Promise<VariantPlan> {
    const seed = this.seedOf(work, variant);
    const key = `${runtime.lesson.id}\u0000${seed}\u0000${questions.map(questionKeyOf).join(",")}`;
    let p = this.plans.get(key);
    if (p) {
      this.plans.delete(key);
      this.plans.set(key, p);
      return p;
    }
    const before = variant > 0 ? this.plan(runtime, work, variant - 1, questions) : Promise.resolve(null);
    p = before.then((b) => this.compiler.variant(runtime.lesson, seed, questions, b && !b.own ? [b.draws] : []));
    p.catch(() => this.plans.delete(key));
    this.plans.set(key, p);
    if (this.plans.size > PLAN_CACHE) this.plans.delete(this.plans.keys().next().value!);
    return p;
  }

  /** The run's rules: the questions, and the concepts each tests on the lesson's own numbers (stable across variants). */
  config(runtime: LessonRuntime, questions: QuestionRef[], attempts: number | null, mastery: number): RunConfig {
    const byId = new Map<string, ConceptId[]>();
    for (const q of questions) {
      const index = runtime.trace.checkpoints.findIndex((c) => c.id === q.checkpoint);
      const question = runtime.question(index, q.quantity);
      byId.set(questionKeyOf(q), question ? conceptsOf(runtime.lesson, q.checkpoint, runtime.key(question)) : ["loss"]);
    }
    return { questions: questions.map(questionKeyOf), conceptsOf: (id) => byId.get(id) ?? [], attempts, mastery };
  }

  /** Runs `fn` after every earlier call for the same work: one writer per run in this process. */
  private serial<T>(workId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(workId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.queues.set(workId, tail);
    void tail.then(() => {
      if (this.queues.get(workId) === tail) this.queues.delete(workId);
    });
    return next;
  }

  /**
   * Starts (or, from the same browser, resumes) a student's work on an assignment. `name` is a nickname or, in a
   * class that identifies students, their name or student ID. Stores nothing unless the assignment is open.
   */
  async startAssignment(slug: string, device: string, name: string | null): Promise<{ workId: string }> {
    const a = await this.assignmentBySlug(slug);
    if (!a) throw new WorkError("NOT_FOUND", "There is no such assignment.");
    const when = windowOf(a, this.clock());
    if (when === "not-yet") throw new WorkError("NOT_OPEN", `This assignment opens on ${a.opensAt!.toUTCString()}.`);
    if (when === "closed") throw new WorkError("CLOSED", "This assignment is closed.");
    const deviceHash = hashToken(device);
    if (name === null) throw new WorkError("BAD_NAME", a.class.identify === "name" ? "Type your name or student ID." : "Choose a nickname.");
    let label: string;
    let labelKey: string;
    if (a.class.identify === "name") {
      label = name.normalize("NFKC").replace(/\s+/g, " ").trim();
      if (label.length < 1 || label.length > 80 || /[\p{C}]/u.test(label)) throw new WorkError("BAD_NAME", "Type your name or student ID (at most 80 characters).");
      labelKey = identifierKey(label);
    } else {
      const checked = checkNickname(name);
      if (!checked.ok) throw new WorkError("BAD_NAME", checked.message);
      label = checked.nickname;
      labelKey = nicknameKey(label);
    }
    // The same name from the same browser continues that work (a reload, another tab); several students may
    // share a browser (a lab computer), each under their own name.
    const taken = await this.db.work.findUnique({ where: { assignmentId_labelKey: { assignmentId: a.id, labelKey } }, select: { id: true, deviceHash: true } });
    if (taken?.deviceHash === deviceHash) return { workId: taken.id };
    if (taken) {
      throw new WorkError("NAME_TAKEN", `Someone has already started this assignment as “${label}” in another browser. Continue in the browser you started in, or ask your teacher.`);
    }
    const id = newId();
    try {
      await this.db.$transaction(async (tx) => {
        let studentId: string | null = null;
        if (a.class.identify === "name") {
          const s = await tx.student.upsert({ where: { classId_key: { classId: a.classId, key: labelKey } }, create: { id: newId(), classId: a.classId, identifier: label, key: labelKey }, update: {} });
          studentId = s.id;
        }
        await tx.work.create({ data: { id, assignmentId: a.id, lessonId: a.lessonId, studentId, label, labelKey, deviceHash } });
      });
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002") throw e;
      // Two starts at once under one name: the one stored first wins; from the same browser, it is this one's too.
      const first = await this.db.work.findUnique({ where: { assignmentId_labelKey: { assignmentId: a.id, labelKey } }, select: { id: true, deviceHash: true } });
      if (first?.deviceHash === deviceHash) return { workId: first.id };
      throw new WorkError("NAME_TAKEN", `Someone has already started this assignment as “${label}”.`);
    }
    return { workId: id };
  }

  /** This browser's works on an assignment (a shared computer may hold several students'). */
  async worksOnDevice(assignmentId: string, device: string) {
    return this.db.work.findMany({ where: { assignmentId, deviceHash: hashToken(device) }, orderBy: { createdAt: "asc" }, select: { id: true, label: true, finishedAt: true } });
  }

  /** Practice from the library: no assignment, no account; the browser's device cookie resumes it. */
  async startPractice(lessonId: string, device: string): Promise<{ workId: string }> {
    if (!this.catalog.isBuiltIn(lessonId)) throw new WorkError("NOT_FOUND", "There is no such lesson.");
    const deviceHash = hashToken(device);
    const mine = await this.db.work.findFirst({ where: { assignmentId: null, lessonId, deviceHash, finishedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true } });
    if (mine) return { workId: mine.id };
    const id = newId();
    await this.db.work.create({ data: { id, lessonId, label: "", labelKey: id, deviceHash } });
    return { workId: id };
  }

  private async load(workId: string, device: string) {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(workId)) throw new WorkError("NOT_FOUND", "There is no such work.");
    const work = await this.db.work.findUnique({ where: { id: workId }, include: { assignment: true, steps: { orderBy: { seq: "asc" } } } });
    // Another browser's work does not exist, as far as this one can tell.
    if (!work || work.deviceHash !== hashToken(device)) throw new WorkError("NOT_FOUND", "There is no such work.");
    const runtime = await this.runtime(work.lessonId);
    const a = work.assignment;
    const questions = a ? parseQuestions(a.questions) : runtime.defaults.map((q) => ({ checkpoint: q.checkpointId, quantity: q.quantity }));
    const config = this.config(runtime, questions, a ? a.attempts : null, a ? a.mastery : 3);
    const steps = work.steps as StepRow[];
    const state = foldRun(config, steps.map(toRunStep));
    return { work, runtime, questions, config, steps, state };
  }

  private feedbackOf(runtime: LessonRuntime, plan: VariantPlan, step: StepRow): Feedback {
    const item = plan.items[step.questionId!]!;
    const g = JSON.parse(step.grade!) as Grade;
    const index = runtime.trace.checkpoints.findIndex((c) => c.id === item.question.checkpointId);
    return {
      questionId: step.questionId!,
      variant: step.variant!,
      answer: JSON.parse(step.answer!) as Answer,
      prompt: item.question.prompt,
      outcome: g.outcome,
      misconceptions:
        g.outcome === "misconception" ? g.ids.map((id) => ({ id, title: getMisconception(id)?.title ?? id, studentExplanation: getMisconception(id)?.studentExplanation ?? "" })) : [],
      truth: item.key.truth,
      formula: runtime.formula(index),
    };
  }

  private async viewOf(loaded: Awaited<ReturnType<WorkService["load"]>>): Promise<WorkView> {
    const { work, runtime, questions, config, steps, state } = loaded;
    const a = work.assignment;
    const current = currentItem(state);
    let item: WorkView["item"] = null;
    let lastFeedback: Feedback | null = null;
    if (current) {
      const plan = await this.plan(runtime, work, current.variant, questions);
      const it = plan.items[current.questionId]!;
      const indexOf = (id: string) => runtime.trace.checkpoints.findIndex((c) => c.id === id);
      const index = indexOf(it.question.checkpointId);
      // This question and those after it: the code shown must not answer any of them.
      const pending = Object.values(plan.items)
        .filter((other) => indexOf(other.question.checkpointId) >= index)
        .map((other) => other.key.truth);
      item = {
        questionId: current.questionId,
        variant: current.variant,
        prompt: it.question.prompt,
        quantity: it.question.quantity,
        line: it.question.line,
        code: codeForItem(plan, index, pending),
        before: it.before,
        accepts: it.question.accepts,
        vectorLength: runtime.vectorLength(it.question.quantity),
        concepts: [...config.conceptsOf(current.questionId)],
      };
      const last = steps.at(-1);
      if (state.phase === "missed" && last?.kind === "answer") lastFeedback = this.feedbackOf(runtime, plan, last);
    }
    return {
      workId: work.id,
      version: steps.length,
      mode: a ? "assignment" : "practice",
      title: a?.title ?? `Practice: ${runtime.lesson.title}`,
      lessonTitle: runtime.lesson.title,
      label: work.label,
      phase: state.phase,
      attempt: state.attempt,
      attempts: a ? a.attempts : null,
      mastery: config.mastery,
      progress: { answered: state.answered, correct: state.correct, done: state.done.length, total: questions.length },
      concepts: state.concepts.map((id) => {
        const c = allConcepts.find((k) => k.id === id)!;
        return { id, title: c.title, blurb: c.blurb, streak: state.streak[id] ?? 0, mastered: state.mastered.includes(id) };
      }),
      item,
      lastFeedback,
      closesAt: a?.closesAt?.toISOString() ?? null,
    };
  }

  async view(workId: string, device: string): Promise<WorkView> {
    return this.viewOf(await this.load(workId, device));
  }

  private refuseIfShut(work: { assignment: AssignmentRow | null }) {
    const a = work.assignment;
    if (!a) return;
    const when = windowOf(a, this.clock());
    if (when === "closed") throw new WorkError("CLOSED", "This assignment is closed: answers are no longer taken.");
    if (when === "not-yet") throw new WorkError("NOT_OPEN", "This assignment is not open yet.");
  }

  /**
   * Grades and stores an answer to the current question. The same `submissionId` again returns the first result
   * and stores nothing: a submit retried after a lost connection is harmless.
   */
  async answer(
    workId: string,
    device: string,
    input: { submissionId: string; questionId: string; variant: number; answer: Answer; confidence: Confidence | null },
  ): Promise<{ feedback: Feedback; view: WorkView }> {
    return this.serial(workId, async () => {
      const loaded = await this.load(workId, device);
      const { work, runtime, questions, config, steps, state } = loaded;
      const seen = steps.find((s) => s.submissionId === input.submissionId);
      if (seen) {
        if (seen.kind !== "answer") throw new WorkError("STALE", "That submission id was used for something else.");
        const plan = await this.plan(runtime, work, seen.variant!, questions);
        return { feedback: this.feedbackOf(runtime, plan, seen), view: await this.viewOf(loaded) };
      }
      this.refuseIfShut(work);
      const current = currentItem(state);
      if (state.phase !== "question" || !current || current.questionId !== input.questionId || current.variant !== input.variant) {
        throw new WorkError("STALE", "That question has already been answered (perhaps in another tab): here is where you are.");
      }
      const plan = await this.plan(runtime, work, current.variant, questions);
      const item = plan.items[current.questionId]!;
      if (!item.question.accepts.includes(input.answer.kind)) throw new WorkError("BAD_ANSWER", `This question does not take a ${input.answer.kind} answer.`);
      // The length comes from the quantity's shape, never from the true value (which could be None).
      const length = runtime.vectorLength(item.question.quantity);
      if (input.answer.kind === "vector" && length !== null && input.answer.value.length !== length) {
        throw new WorkError("BAD_ANSWER", `\`${item.question.quantity}\` has ${length} numbers: give all ${length}.`);
      }
      const g = gradeAnswer(item.key, input.answer);
      let next: RunState;
      try {
        next = applyStep(state, { kind: "answer", questionId: current.questionId, variant: current.variant, correct: g.outcome === "correct" }, config);
      } catch (e) {
        if (e instanceof RunStepRefused) throw new WorkError("STALE", e.message);
        throw e;
      }
      const row: StepRow = {
        seq: steps.length,
        submissionId: input.submissionId,
        kind: "answer",
        questionId: current.questionId,
        variant: current.variant,
        answer: JSON.stringify(input.answer),
        confidence: input.confidence,
        grade: JSON.stringify(g),
        truth: JSON.stringify(item.key.truth),
      };
      try {
        await this.store(work.id, row, next.phase === "done" && !work.finishedAt);
      } catch (e) {
        // The same submission stored meanwhile by another server process: its first result.
        const first = e instanceof WorkError && (await this.db.workStep.findUnique({ where: { workId_submissionId: { workId: work.id, submissionId: input.submissionId } } }));
        if (!first || first.kind !== "answer") throw e;
        const again = await this.load(workId, device);
        return { feedback: this.feedbackOf(runtime, await this.plan(runtime, work, first.variant!, questions), first as StepRow), view: await this.viewOf(again) };
      }
      const after = { ...loaded, steps: [...steps, row], state: next };
      return { feedback: this.feedbackOf(runtime, plan, row), view: await this.viewOf(after) };
    });
  }

  /** A choice: try a missed question again on fresh numbers, move on, start the next attempt, or stop. */
  /** `version`: the view's version the choice was made on; a choice made on an older view (another tab) is refused. */
  async choose(workId: string, device: string, input: { submissionId: string; kind: "retry" | "next" | "restart" | "finish"; version: number }): Promise<WorkView> {
    return this.serial(workId, async () => {
      const loaded = await this.load(workId, device);
      const { work, config, steps, state } = loaded;
      if (steps.some((s) => s.submissionId === input.submissionId)) return this.viewOf(loaded);
      this.refuseIfShut(work);
      if (input.version !== steps.length) throw new WorkError("STALE", "This work moved on (perhaps in another tab): here is where you are.");
      let next: RunState;
      try {
        next = applyStep(state, { kind: input.kind }, config);
      } catch (e) {
        if (e instanceof RunStepRefused) throw new WorkError("STALE", e.message);
        throw e;
      }
      const row: StepRow = { seq: steps.length, submissionId: input.submissionId, kind: input.kind, questionId: null, variant: null, answer: null, confidence: null, grade: null, truth: null };
      await this.store(work.id, row, next.phase === "done" && !work.finishedAt);
      return this.viewOf({ ...loaded, steps: [...steps, row], state: next });
    });
  }

  /**
   * An assignment's results for its teacher (ownership is the caller's check): each student's progress, mastery
   * per concept, answers, and misconceptions, a bug when seen on two or more variants, else a slip.
   */
  async results(assignmentId: string) {
    const a = await this.db.assignment.findUnique({ where: { id: assignmentId }, include: { works: { orderBy: { createdAt: "asc" }, include: { steps: { orderBy: { seq: "asc" } } } } } });
    if (!a) return null;
    const runtime = await this.runtime(a.lessonId);
    const questions = parseQuestions(a.questions);
    const config = this.config(runtime, questions, a.attempts, a.mastery);
    const prompts = new Map(questions.map((q) => [questionKeyOf(q), runtime.question(runtime.trace.checkpoints.findIndex((c) => c.id === q.checkpoint), q.quantity)?.prompt ?? questionKeyOf(q)]));
    const students = a.works.map((w) => {
      const steps = w.steps as StepRow[];
      const state = foldRun(config, steps.map(toRunStep));
      const answers = steps
        .filter((s) => s.kind === "answer")
        .map((s) => ({
          questionId: s.questionId!,
          prompt: prompts.get(s.questionId!) ?? s.questionId!,
          variant: s.variant!,
          answer: JSON.parse(s.answer!) as Answer,
          truth: s.truth ? (JSON.parse(s.truth) as Value) : null,
          grade: JSON.parse(s.grade!) as Grade,
          confidence: s.confidence,
        }));
      const variantsBy = new Map<string, Set<number>>();
      for (const x of answers) if (x.grade.outcome === "misconception") for (const id of x.grade.ids) (variantsBy.get(id) ?? variantsBy.set(id, new Set()).get(id)!).add(x.variant);
      const misconceptions = [...variantsBy].map(([id, vs]) => ({ id, title: getMisconception(id)?.title ?? id, variants: vs.size, kind: vs.size >= 2 ? ("bug" as const) : ("slip" as const) }));
      return {
        workId: w.id,
        label: w.label,
        studentId: w.studentId,
        startedAt: w.createdAt,
        finishedAt: w.finishedAt,
        phase: state.phase,
        answered: state.answered,
        correct: state.correct,
        mastered: state.mastered,
        streak: state.streak,
        misconceptions,
        answers,
      };
    });
    return { assignment: a, concepts: initialConcepts(config), questions: questions.length, students };
  }

  private async store(workId: string, row: StepRow, finished: boolean) {
    try {
      await this.db.$transaction([
        this.db.workStep.create({ data: { workId, ...row } }),
        ...(finished ? [this.db.work.update({ where: { id: workId }, data: { finishedAt: new Date(this.clock()) } })] : []),
      ]);
    } catch (e) {
      // Another process wrote this run's next step first: nothing of ours was stored.
      if ((e as { code?: string }).code === "P2002") throw new WorkError("STALE", "This work changed meanwhile: here is where you are.");
      throw e;
    }
  }
}

function toRunStep(s: StepRow): RunStep {
  if (s.kind === "answer") return { kind: "answer", questionId: s.questionId!, variant: s.variant!, correct: (JSON.parse(s.grade!) as Grade).outcome === "correct" };
  return { kind: s.kind as "retry" | "next" | "restart" | "finish" };
}

/** A new link slug: unguessable, URL-safe. */
export function newSlug(): string {
  return crypto.randomBytes(12).toString("base64url");
}

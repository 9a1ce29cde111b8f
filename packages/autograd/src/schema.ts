/**
 * "@descent/autograd/schema": the zod schema of a lesson written as JSON by a teacher, and `parseLesson`,
 * which explains every problem by its path. Kept out of the main entry so that the engine and the brain
 * stay free of dependencies; zod is a peer dependency needed only here.
 */
import { z } from "zod";
import type { Lesson } from "./lesson/types";
import { validateLesson, type LessonIssue } from "./lesson/validate";

const finite = () => z.number().refine(Number.isFinite, "must be a finite number");
const nestedNumbers = z.union([finite(), z.array(finite()), z.array(z.array(finite()))], {
  error: "expected a number, a list of numbers or a list of rows",
});
const line = z.number().int("a line is a whole number").nonnegative("lines are counted from 0");
const name = z.string().min(1, "a name cannot be empty");
const reduction = z.enum(["mean", "sum"]);
const questionRef = z.strictObject({ checkpoint: z.string().min(1), quantity: name });

const statementSchema = z.discriminatedUnion(
  "op",
  [
    z.strictObject({ op: z.literal("zero_grad"), line, setToNone: z.boolean().optional() }),
    z.strictObject({ op: z.literal("grad_zero"), line, param: name }),
    z.strictObject({ op: z.literal("set_grad"), line, param: name, value: nestedNumbers.nullable(), from: questionRef.optional() }),
    z.strictObject({ op: z.literal("param"), line, name, value: nestedNumbers, from: questionRef.optional() }),
    z.strictObject({ op: z.literal("optimizer"), line, params: z.array(name).optional() }),
    z.strictObject({
      op: z.literal("forward"),
      line,
      kind: z.enum(["affine", "dense"]).optional(),
      weight: name.optional(),
      bias: name.optional(),
      input: name.optional(),
      out: name.optional(),
      activation: z.enum(["none", "sigmoid", "tanh", "relu"]).optional(),
      batch: z.tuple([z.number().int(), z.number().int()]).optional(),
    }),
    z.strictObject({
      op: z.literal("loss"),
      line,
      pred: name.optional(),
      out: name.optional(),
      reduction: reduction.optional(),
      scale: finite().optional(),
    }),
    z.strictObject({ op: z.literal("backward"), line, loss: name.optional(), retainGraph: z.boolean().optional() }),
    z.strictObject({ op: z.literal("step"), line }),
    z.strictObject({ op: z.literal("update"), line, param: name, noGrad: z.boolean() }),
    z.strictObject({ op: z.literal("read"), line, quantity: name, item: z.boolean().optional() }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? 'unknown "op": use one of zero_grad, grad_zero, set_grad, param, optimizer, forward, loss, backward, step, update, read'
        : undefined,
  },
);

const optimizerSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("sgd"),
      lr: finite(),
      momentum: finite().optional(),
      dampening: finite().optional(),
      nesterov: z.boolean().optional(),
      weightDecay: finite().optional(),
      params: z.array(name).optional(),
      line: line.optional(),
    }),
    z.strictObject({
      kind: z.literal("adam"),
      lr: finite(),
      betas: z.tuple([finite(), finite()]).optional(),
      eps: finite().optional(),
      weightDecay: finite().optional(),
      params: z.array(name).optional(),
      line: line.optional(),
    }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? 'unknown optimizer "kind": use "sgd" or "adam"' : undefined) },
);

export const lessonSchema = z
  .strictObject({
    id: z.string(),
    title: z.string().min(1, "a lesson needs a title"),
    summary: z.string(),
    teacherNotes: z.string(),
    source: z.array(z.string()),
    data: z.strictObject({ X: nestedNumbers, y: nestedNumbers }),
    params: z.array(z.strictObject({ name, value: nestedNumbers, line: line.optional() })),
    loss: z.strictObject({ kind: z.literal("mse"), reduction, scale: finite().optional() }),
    lr: finite().optional(),
    optimizer: optimizerSchema.optional(),
    iterations: z
      .array(
        z.strictObject({
          id: z.string().optional(),
          label: z.string(),
          statements: z.array(statementSchema),
        }),
      )
      .min(1, "a lesson needs at least one iteration"),
    questions: z.array(z.strictObject({ checkpoint: z.string(), quantity: z.string() })).optional(),
    knownMistakes: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lower-case letters, digits and -"),
          checkpoint: z.string(),
          quantity: z.string(),
          value: z.number().refine(Number.isFinite, "must be a finite number"),
          title: z.string().min(1).max(120),
          explanation: z.string().min(1).max(1000),
        }),
      )
      .optional(),
    dtype: z.enum(["float64", "float32"]).optional(),
  })
  .superRefine((lesson, ctx) => {
    for (const issue of validateLesson(lesson)) {
      ctx.addIssue({ code: "custom", message: issue.message, path: splitPath(issue.path) });
    }
  });

// The schema's output type is exactly the Lesson type: a compile error here means they drifted apart.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesLesson: Equals<z.output<typeof lessonSchema>, Lesson> = true;
void schemaMatchesLesson;

function splitPath(path: string): (string | number)[] {
  if (path === "") return [];
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((p) => p.length > 0)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** `["iterations", 1, "statements", 3, "op"]` -> `"iterations[1].statements[3].op"`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

export type ParseLessonResult = { ok: true; lesson: Lesson } | { ok: false; errors: LessonIssue[] };

/**
 * Parses a lesson from JSON text or from an already parsed value. Every problem is reported with its path
 * ("" for the lesson itself), shape errors first; the lesson's meaning (lines, names, questions) is checked
 * only once its shape is right.
 */
export function parseLesson(json: unknown): ParseLessonResult {
  let data = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch (e) {
      return { ok: false, errors: [{ path: "", message: `not valid JSON: ${(e as Error).message}` }] };
    }
  }
  const result = lessonSchema.safeParse(data);
  if (result.success) return { ok: true, lesson: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  };
}

export type { LessonIssue };

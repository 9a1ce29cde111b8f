/**
 * Lessons stored before lessons were programs: JSON with op-coded statements ("op": "backward", …) beside a
 * source text. Read once and converted to a program that does exactly what the statements did, one line per
 * statement, so a stored lesson keeps its checkpoint ids ("it2a.s5") and its questions.
 */
import { z } from "zod";
import type { Lesson, LineRef } from "./lesson/types";

type Nested = number | number[] | number[][];

const finite = () => z.number().refine(Number.isFinite, "must be a finite number");
const nestedNumbers = z.union([finite(), z.array(finite()), z.array(z.array(finite()))], {
  error: "expected a number, a list of numbers or a list of rows",
});
const line = z.number().int("a line is a whole number").nonnegative("lines are counted from 0");
const name = z.string().regex(/^(?!__)[A-Za-z_][A-Za-z0-9_]*$/, "a Python name");
const reduction = z.enum(["mean", "sum"]);
const questionRef = z.strictObject({ checkpoint: z.string().min(1), quantity: z.string().min(1) });

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


export const legacyLessonSchema = z.strictObject({
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
    .array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(), label: z.string(), statements: z.array(statementSchema).min(1) }))
    .min(1, "a lesson needs at least one iteration"),
  questions: z.array(questionRef).optional(),
  knownMistakes: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lower-case letters, digits and -"),
        checkpoint: z.string(),
        quantity: z.string(),
        value: finite(),
        title: z.string().min(1).max(120),
        explanation: z.string().min(1).max(1000),
      }),
    )
    .optional(),
  dtype: z.enum(["float64", "float32"]).optional(),
});

export type LegacyLesson = z.output<typeof legacyLessonSchema>;
type Statement = LegacyLesson["iterations"][number]["statements"][number];

/** Whether a stored value is a lesson of the statements format. */
export function isLegacyLesson(value: unknown): boolean {
  return typeof value === "object" && value !== null && "iterations" in value;
}

const literal = (v: Nested): string => {
  const num = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));
  if (typeof v === "number") return num(v);
  return `[${(v as (number | number[])[]).map((r) => (typeof r === "number" ? num(r) : `[${r.map(num).join(", ")}]`)).join(", ")}]`;
};

/** The program the statements stand for, and the lesson around it. Throws on a reference to no statement. */
export function fromLegacyLesson(old: LegacyLesson): Lesson {
  const out: string[] = ["import torch", "", `X = torch.tensor(${literal(old.data.X as Nested)})`, `y = torch.tensor(${literal(old.data.y as Nested)})`];
  for (const p of old.params) out.push(`${p.name} = torch.tensor(${literal(p.value as Nested)}, requires_grad=True)`);
  if (old.lr !== undefined) out.push(`lr = ${old.lr}`);
  const opt = old.optimizer;
  const optimizerLine = (names: string[]) => {
    if (!opt) throw new Error("the lesson creates an optimizer but has no optimizer settings");
    const args = [`[${names.join(", ")}]`, `lr=${opt.lr}`];
    if (opt.kind === "sgd") {
      if (opt.momentum) args.push(`momentum=${opt.momentum}`);
      if (opt.dampening) args.push(`dampening=${opt.dampening}`);
      if (opt.nesterov) args.push("nesterov=True");
    } else {
      if (opt.betas) args.push(`betas=(${opt.betas[0]}, ${opt.betas[1]})`);
      if (opt.eps !== undefined) args.push(`eps=${opt.eps}`);
    }
    if (opt.weightDecay) args.push(`weight_decay=${opt.weightDecay}`);
    return `optimizer = torch.optim.${opt.kind === "sgd" ? "SGD" : "Adam"}(${args.join(", ")})`;
  };
  const initial = old.params.map((p) => p.name);
  if (opt && (opt.params ?? initial).every((n) => initial.includes(n))) out.push(optimizerLine(opt.params ?? initial));
  const rows = new Map<string, [number, number] | undefined>();
  const slice = (t: string, r: [number, number] | undefined) => (r ? `${t}[${r[0]}:${r[1]}]` : t);
  const lineOf = new Map<string, number>();
  const sections: NonNullable<Lesson["sections"]> = [];
  old.iterations.forEach((it, i) => {
    const id = it.id ?? `it${i + 1}`;
    out.push("", `# ${it.label.replace(/\n/g, " ")}`);
    sections.push({ id, label: it.label, line: out.length + 1 });
    it.statements.forEach((st: Statement, k: number) => {
      const code = statementCode(st);
      if (Array.isArray(code)) out.push(...code);
      else out.push(code);
      lineOf.set(`${id}.s${k + 1}`, out.length);
    });
  });
  function statementCode(st: Statement): string | string[] {
    switch (st.op) {
      case "zero_grad":
        return st.setToNone === false ? "optimizer.zero_grad(set_to_none=False)" : "optimizer.zero_grad()";
      case "grad_zero":
        return `${st.param}.grad.zero_()`;
      case "set_grad":
        return `${st.param}.grad = ${st.value === null ? "None" : `torch.tensor(${literal(st.value as Nested)})`}`;
      case "param":
        return `${st.name} = torch.tensor(${literal(st.value as Nested)}, requires_grad=True)`;
      case "optimizer":
        return optimizerLine(st.params ?? initial);
      case "forward": {
        const w = st.weight ?? "w";
        const b = st.bias ?? "b";
        const x = slice(st.input ?? "X", st.batch);
        const core = st.kind === "dense" ? `${x} @ ${w} + ${b}` : `${w} * ${x} + ${b}`;
        const act = st.activation && st.activation !== "none" ? `torch.${st.activation}(${core})` : core;
        rows.set(st.out ?? "y_pred", st.batch);
        return `${st.out ?? "y_pred"} = ${act}`;
      }
      case "loss": {
        const pred = st.pred ?? "y_pred";
        const red = st.reduction ?? old.loss.reduction;
        const scale = st.scale ?? old.loss.scale ?? 1;
        const body = `((${pred} - ${slice("y", rows.get(pred))}) ** 2).${red}()`;
        return `${st.out ?? "loss"} = ${scale === 1 ? body : `${scale} * ${body}`}`;
      }
      case "backward":
        return `${st.loss ?? "loss"}.backward(${st.retainGraph ? "retain_graph=True" : ""})`;
      case "step":
        return "optimizer.step()";
      case "update":
        return st.noGrad ? ["with torch.no_grad():", `    ${st.param} -= lr * ${st.param}.grad`] : `${st.param} -= lr * ${st.param}.grad`;
      case "read":
        return `print(${st.quantity}${st.item ? ".item()" : ""})`;
    }
  }
  const ref = (checkpoint: string, quantity: string): LineRef => {
    const l = lineOf.get(checkpoint);
    if (l === undefined) throw new Error(`no checkpoint "${checkpoint}" in the lesson`);
    return { line: l, quantity };
  };
  const lesson: Lesson = { id: old.id, title: old.title, summary: old.summary, teacherNotes: old.teacherNotes, source: out, sections };
  if (old.questions) lesson.questions = old.questions.map((q) => ref(q.checkpoint, q.quantity));
  if (old.knownMistakes) lesson.knownMistakes = old.knownMistakes.map((k) => ({ id: k.id, ...ref(k.checkpoint, k.quantity), value: k.value, title: k.title, explanation: k.explanation }));
  const copies: NonNullable<Lesson["copies"]> = [];
  old.iterations.forEach((it, i) =>
    it.statements.forEach((st: Statement, k: number) => {
      if ((st.op === "param" || st.op === "set_grad") && st.from) copies.push({ line: lineOf.get(`${it.id ?? `it${i + 1}`}.s${k + 1}`)!, from: ref(st.from.checkpoint, st.from.quantity) });
    }),
  );
  if (copies.length > 0) lesson.copies = copies;
  if (old.dtype) lesson.dtype = old.dtype;
  return lesson;
}

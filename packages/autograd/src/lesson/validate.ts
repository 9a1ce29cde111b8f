import { checkpointPlaces, iterationId, parseQuantity } from "./structure";
import type { Lesson, NestedNumbers, Statement } from "./types";

export interface LessonIssue {
  /** e.g. "iterations[1].statements[3].param"; "" for the lesson itself. */
  path: string;
  message: string;
}

// Names starting with "__" are Python's own (and would shadow JavaScript's `__proto__` in a record): refused.
const IDENT = /^(?!__)[A-Za-z_][A-Za-z0-9_]*$/;
const LESSON_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ITERATION_ID = /^[a-z][a-z0-9_]*$/;
const RESERVED = new Set(["X", "y", "lr", "optimizer", "torch", "None"]);

function shapeOf(v: NestedNumbers): number[] {
  if (typeof v === "number") return [];
  if (v.length === 0) return [0];
  const first = v[0];
  return typeof first === "number" ? [v.length] : [v.length, (first as number[]).length];
}

function raggedOrNonFinite(v: NestedNumbers): string | null {
  if (typeof v === "number") return Number.isFinite(v) ? null : "must be a finite number";
  const flat: number[] = [];
  let width: number | null = null;
  for (const row of v) {
    if (typeof row === "number") flat.push(row);
    else {
      if (width === null) width = row.length;
      else if (row.length !== width) return "rows must all have the same length";
      flat.push(...row);
    }
  }
  if (v.some((r) => typeof r === "number") && v.some((r) => typeof r !== "number"))
    return "mixes numbers and rows";
  return flat.every(Number.isFinite) ? null : "must hold finite numbers only";
}

/**
 * Checks what a shape check cannot: lines inside the source, names defined before they are used, an optimizer
 * before `optimizer.step()`, questions that point at an existing checkpoint and quantity. Pure; the zod schema
 * runs it after the shape check, and `traceLesson` relies on a lesson that passes it.
 */
export function validateLesson(lesson: Lesson): LessonIssue[] {
  const issues: LessonIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const nLines = lesson.source.length;
  const checkLine = (path: string, line: number | undefined) => {
    if (line !== undefined && (!Number.isInteger(line) || line < 0 || line >= nLines))
      add(path, `line ${line} is outside the source (0..${nLines - 1})`);
  };

  if (!LESSON_ID.test(lesson.id)) add("id", "use lower-case letters, digits and single dashes, e.g. \"seed-zero-grad\"");
  if (nLines === 0) add("source", "the lesson needs its PyTorch source, one string per line");

  for (const key of ["X", "y"] as const) {
    const problem = raggedOrNonFinite(lesson.data[key]);
    if (problem) add(`data.${key}`, problem);
  }
  const rows = typeof lesson.data.X === "number" ? 1 : lesson.data.X.length;
  const yRows = typeof lesson.data.y === "number" ? 1 : lesson.data.y.length;
  if (rows !== yRows) add("data.y", `X has ${rows} rows but y has ${yRows}`);

  // Names in scope, as the program runs.
  const params = new Map<string, number[]>();
  const tensors = new Set<string>();
  const reads = new Set<string>();
  lesson.params.forEach((p, i) => {
    const path = `params[${i}]`;
    if (!IDENT.test(p.name) || RESERVED.has(p.name)) add(`${path}.name`, `"${p.name}" is not a usable Python name`);
    if (params.has(p.name)) add(`${path}.name`, `parameter "${p.name}" is declared twice`);
    const problem = raggedOrNonFinite(p.value);
    if (problem) add(`${path}.value`, problem);
    checkLine(`${path}.line`, p.line);
    params.set(p.name, shapeOf(p.value));
  });

  let hasOptimizer = false;
  if (lesson.optimizer) {
    const o = lesson.optimizer;
    checkLine("optimizer.line", o.line);
    if (!(o.lr >= 0)) add("optimizer.lr", "the learning rate must be a number ≥ 0");
    if (o.kind === "sgd") {
      if (o.momentum !== undefined && !(o.momentum >= 0)) add("optimizer.momentum", "momentum must be ≥ 0");
      if (o.nesterov && !(o.momentum && o.momentum > 0 && !o.dampening))
        add("optimizer.nesterov", "Nesterov momentum requires a momentum and zero dampening");
    }
    const names = o.params ?? [...params.keys()];
    hasOptimizer = names.every((n) => params.has(n));
    (o.params ?? []).forEach((n, i) => {
      if (!IDENT.test(n)) add(`optimizer.params[${i}]`, `"${n}" is not a parameter name`);
    });
  }
  if (lesson.lr !== undefined && !Number.isFinite(lesson.lr)) add("lr", "lr must be a finite number");

  const quantitiesAt = new Map<string, Set<string>>();
  const snapshot = () => {
    const q = new Set<string>();
    for (const p of params.keys()) q.add(p).add(`${p}.grad`);
    for (const t of tensors) q.add(t);
    for (const r of reads) q.add(r);
    return q;
  };
  const iterIds = new Set<string>();
  lesson.iterations.forEach((it, i) => {
    const ipath = `iterations[${i}]`;
    if (it.id !== undefined && !ITERATION_ID.test(it.id))
      add(`${ipath}.id`, "an iteration id starts with a lower-case letter, then letters, digits or \"_\"");
    const iid = iterationId(lesson, i);
    if (iterIds.has(iid)) add(`${ipath}.id`, `iteration id "${iid}" is used twice`);
    iterIds.add(iid);
    if (it.statements.length === 0) add(`${ipath}.statements`, "an iteration needs at least one statement");

    it.statements.forEach((st, s) => {
      const path = `${ipath}.statements[${s}]`;
      checkLine(`${path}.line`, st.line);
      const needParam = (field: string, name: string) => {
        if (!params.has(name)) add(`${path}.${field}`, `"${name}" is not a parameter at this point`);
      };
      const needTensor = (field: string, name: string) => {
        if (!tensors.has(name) && !params.has(name))
          add(`${path}.${field}`, `"${name}" is not defined at this point`);
      };
      const needOptimizer = () => {
        if (!lesson.optimizer) add(`${path}.op`, `"${st.op}" needs the lesson's "optimizer" settings`);
        else if (!hasOptimizer) add(`${path}.op`, `"${st.op}" comes before the optimizer is created`);
      };
      checkStatement(st);
      if ((st.op === "param" || st.op === "set_grad") && st.from) {
        // Only checkpoints before this statement are in `quantitiesAt` yet: a literal comes from the past.
        if (!quantitiesAt.get(st.from.checkpoint)?.has(st.from.quantity))
          add(`${path}.from`, `"${st.from.quantity}" at "${st.from.checkpoint}" is not a quantity of an earlier checkpoint`);
      }

      function checkStatement(st: Statement) {
        switch (st.op) {
          case "zero_grad":
          case "step":
            needOptimizer();
            break;
          case "grad_zero":
            needParam("param", st.param);
            break;
          case "set_grad": {
            needParam("param", st.param);
            if (st.value !== null) {
              const problem = raggedOrNonFinite(st.value);
              if (problem) add(`${path}.value`, problem);
              const shape = params.get(st.param);
              if (shape && shape.join() !== shapeOf(st.value).join())
                add(`${path}.value`, `a gradient must have the shape of ${st.param} [${shape.join(", ")}]`);
            }
            break;
          }
          case "param": {
            if (!IDENT.test(st.name) || RESERVED.has(st.name))
              add(`${path}.name`, `"${st.name}" is not a usable Python name`);
            const problem = raggedOrNonFinite(st.value);
            if (problem) add(`${path}.value`, problem);
            tensors.delete(st.name);
            params.set(st.name, shapeOf(st.value));
            break;
          }
          case "optimizer": {
            if (!lesson.optimizer) add(`${path}.op`, "\"optimizer\" needs the lesson's \"optimizer\" settings");
            const names = st.params ?? lesson.optimizer?.params ?? [];
            if (names.length === 0) add(`${path}.params`, "name the parameters the optimizer updates");
            names.forEach((n, k) => {
              if (!params.has(n)) add(`${path}.params[${k}]`, `"${n}" is not a parameter at this point`);
            });
            hasOptimizer = true;
            break;
          }
          case "forward": {
            const kind = st.kind ?? "affine";
            const w = st.weight ?? "w";
            const b = st.bias ?? "b";
            const input = st.input ?? "X";
            const out = st.out ?? "y_pred";
            needParam("weight", w);
            needParam("bias", b);
            if (input !== "X") needTensor("input", input);
            if (kind === "affine") {
              const ws = params.get(w);
              const bs = params.get(b);
              if (ws && ws.length !== 0) add(`${path}.weight`, `"affine" multiplies by a scalar; ${w} is not one (use "dense")`);
              if (bs && bs.length !== 0) add(`${path}.bias`, `"affine" adds a scalar; ${b} is not one (use "dense")`);
            } else {
              const ws = params.get(w);
              if (ws && ws.length !== 2) add(`${path}.weight`, `"dense" needs a matrix weight; ${w} is not one`);
            }
            if (st.batch) {
              const [lo, hi] = st.batch;
              if (input !== "X") add(`${path}.batch`, "a batch slices X; this forward does not read X");
              if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 0 && lo < hi && hi <= rows))
                add(`${path}.batch`, `[start, end) must satisfy 0 ≤ start < end ≤ ${rows}`);
            }
            if (!IDENT.test(out) || RESERVED.has(out) || params.has(out))
              add(`${path}.out`, `"${out}" cannot name a result here`);
            tensors.add(out);
            break;
          }
          case "loss": {
            needTensor("pred", st.pred ?? "y_pred");
            if (st.scale !== undefined && !Number.isFinite(st.scale)) add(`${path}.scale`, "must be a finite number");
            const out = st.out ?? "loss";
            if (!IDENT.test(out) || RESERVED.has(out) || params.has(out))
              add(`${path}.out`, `"${out}" cannot name a result here`);
            tensors.add(out);
            break;
          }
          case "backward":
            needTensor("loss", st.loss ?? "loss");
            break;
          case "update":
            needParam("param", st.param);
            if (lesson.lr === undefined) add(`${path}.op`, "a hand-written update needs the lesson's \"lr\"");
            break;
          case "read": {
            const { base } = parseQuantity(st.quantity);
            if (!params.has(base) && !tensors.has(base))
              add(`${path}.quantity`, `"${base}" is not defined at this point`);
            reads.add(st.quantity);
            break;
          }
        }
      }
      quantitiesAt.set(`${iid}.s${s + 1}`, snapshot());
    });
  });

  const known = new Set(checkpointPlaces(lesson).map((c) => c.id));
  (lesson.questions ?? []).forEach((q, i) => {
    const path = `questions[${i}]`;
    if (!known.has(q.checkpoint)) {
      add(`${path}.checkpoint`, `no checkpoint "${q.checkpoint}" (ids look like "it1.s3": iteration "it1", statement 3)`);
      return;
    }
    if (!quantitiesAt.get(q.checkpoint)?.has(q.quantity))
      add(`${path}.quantity`, `"${q.quantity}" does not exist at ${q.checkpoint}`);
  });
  (lesson.knownMistakes ?? []).forEach((k, i) => {
    const path = `knownMistakes[${i}]`;
    if (!known.has(k.checkpoint)) add(`${path}.checkpoint`, `no checkpoint "${k.checkpoint}"`);
    else if (!quantitiesAt.get(k.checkpoint)?.has(k.quantity)) add(`${path}.quantity`, `"${k.quantity}" does not exist at ${k.checkpoint}`);
  });
  return issues;
}

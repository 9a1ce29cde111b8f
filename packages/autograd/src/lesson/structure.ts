import type { Lesson, Statement } from "./types";

/** Where a checkpoint sits in a lesson, known without running it: one per statement, in execution order. */
export interface CheckpointPlace {
  /** "<iteration id>.s<n>", n counted from 1: "it2a.s5" is the fifth statement of iteration "it2a". */
  id: string;
  /** Position in the trace, from 0 (the lesson's statements, flattened). */
  index: number;
  /** 1-based iteration number. */
  iteration: number;
  /** The iteration's id ("it1", "it2a", ...). */
  iterationId: string;
  /** 0-based index into the iteration's statements. */
  statementIndex: number;
  /** 0-based index into lesson.source. */
  line: number;
  /** The statement's source line without its comment (e.g. "loss.backward()"). */
  label: string;
  statement: Statement;
}

export function iterationId(lesson: Lesson, iterationIndex: number): string {
  return lesson.iterations[iterationIndex]?.id ?? `it${iterationIndex + 1}`;
}

export function checkpointId(iterId: string, statementIndex: number): string {
  return `${iterId}.s${statementIndex + 1}`;
}

/** Every checkpoint of the lesson, in execution order. */
export function checkpointPlaces(lesson: Lesson): CheckpointPlace[] {
  const places: CheckpointPlace[] = [];
  lesson.iterations.forEach((it, i) => {
    const iterId = iterationId(lesson, i);
    it.statements.forEach((statement, s) => {
      places.push({
        id: checkpointId(iterId, s),
        index: places.length,
        iteration: i + 1,
        iterationId: iterId,
        statementIndex: s,
        line: statement.line,
        label: statementLabel(lesson, statement),
        statement,
      });
    });
  });
  return places;
}

/** The source line a statement stands for, or a synthesized one when the line is blank. */
export function statementLabel(lesson: Lesson, st: Statement): string {
  const text = lesson.source[st.line]?.trim() ?? "";
  const code = text.replace(/\s+#.*$/, "").trim();
  return code.length > 0 ? code : synthesizedLine(st);
}

function synthesizedLine(st: Statement): string {
  switch (st.op) {
    case "zero_grad":
      return st.setToNone === false ? "optimizer.zero_grad(set_to_none=False)" : "optimizer.zero_grad()";
    case "grad_zero":
      return `${st.param}.grad.zero_()`;
    case "set_grad":
      return `${st.param}.grad = ${st.value === null ? "None" : `torch.tensor(${JSON.stringify(st.value)})`}`;
    case "param":
      return `${st.name} = torch.tensor(${JSON.stringify(st.value)}, requires_grad=True)`;
    case "optimizer":
      return "optimizer = ...";
    case "forward": {
      const w = st.weight ?? "w";
      const b = st.bias ?? "b";
      const x = st.input ?? "X";
      const core = st.kind === "dense" ? `${x} @ ${w} + ${b}` : `${w} * ${x} + ${b}`;
      const act = st.activation && st.activation !== "none" ? `torch.${st.activation}(${core})` : core;
      return `${st.out ?? "y_pred"} = ${act}`;
    }
    case "loss":
      return `${st.out ?? "loss"} = ((${st.pred ?? "y_pred"} - y) ** 2).${st.reduction ?? "mean"}()`;
    case "backward":
      return `${st.loss ?? "loss"}.backward()`;
    case "step":
      return "optimizer.step()";
    case "update":
      return `${st.param} -= lr * ${st.param}.grad`;
    case "read":
      return `print(${st.quantity}${st.item ? ".item()" : ""})`;
    default:
      return assertNever(st);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected: ${JSON.stringify(x)}`);
}

/** `"w.grad"` -> { base: "w", grad: true }. */
export function parseQuantity(q: string): { base: string; grad: boolean } {
  return q.endsWith(".grad") ? { base: q.slice(0, -5), grad: true } : { base: q, grad: false };
}

/** The rule behind each kind of statement, as LaTeX for the projector (rendered with KaTeX). */
import type { Lesson, Statement } from "@descent/autograd";

const tt = (s: string) => `\\texttt{${s.replace(/_/g, "\\_")}}`;

/** The loss statement and the forward statement that the backward at `index` differentiates. */
function lastBefore<Op extends Statement["op"]>(statements: readonly Statement[], index: number, op: Op): Extract<Statement, { op: Op }> | null {
  for (let i = index - 1; i >= 0; i--) {
    const s = statements[i]!;
    if (s.op === op) return s as Extract<Statement, { op: Op }>;
  }
  return null;
}

function backwardFormula(lesson: Lesson, statements: readonly Statement[], index: number): string {
  const generic = `${tt("p.grad")} \\mathrel{+}= \\frac{\\partial L}{\\partial p}`;
  const forward = lastBefore(statements, index, "forward");
  const loss = lastBefore(statements, index, "loss");
  if (!forward || !loss || (forward.kind ?? "affine") !== "affine" || (forward.activation ?? "none") !== "none") return generic;
  // y = w·x + b with MSE: the gradients a student can compute by hand.
  const w = forward.weight ?? "w";
  const b = forward.bias ?? "b";
  const reduction = loss.reduction ?? lesson.loss.reduction;
  const scale = loss.scale ?? lesson.loss.scale ?? 1;
  const two = scale === 1 ? "2" : scale === 0.5 ? "1" : `2\\cdot ${+scale.toPrecision(4)}`;
  const factor = reduction === "mean" ? `\\tfrac{${two}}{N}` : two === "1" ? "" : two;
  const sum = "\\textstyle\\sum_i(\\hat y_i - y_i)";
  return `\\begin{aligned} ${tt(`${w}.grad`)} &\\mathrel{+}= ${factor}${sum}\\,x_i \\\\ ${tt(`${b}.grad`)} &\\mathrel{+}= ${factor}${sum} \\end{aligned}`;
}

/** LaTeX for statement `index` of the lesson's flattened statements, or null where there is no rule to show. */
export function formulaFor(lesson: Lesson, statements: readonly Statement[], index: number): string | null {
  const s = statements[index];
  if (!s) return null;
  switch (s.op) {
    case "zero_grad":
      return s.setToNone === false
        ? `${tt("p.grad")} \\leftarrow 0`
        : `${tt("p.grad")} \\leftarrow ${tt("None")} \\quad (\\text{PyTorch 2.x})`;
    case "grad_zero":
      return `${tt(`${s.param}.grad`)} \\leftarrow 0 \\quad (\\text{raises if } ${tt("None")})`;
    case "set_grad":
      return s.value === null ? `${tt(`${s.param}.grad`)} \\leftarrow ${tt("None")}` : `${tt(`${s.param}.grad`)} \\leftarrow ${JSON.stringify(s.value)}`;
    case "param":
      return `${tt(s.name)} \\leftarrow ${JSON.stringify(s.value)}, \\quad ${tt(`${s.name}.grad`)} = ${tt("None")}`;
    case "optimizer":
      return null;
    case "forward": {
      const act = s.activation && s.activation !== "none" ? `\\${s.activation === "relu" ? "operatorname{relu}" : s.activation === "sigmoid" ? "sigma" : "tanh"}` : "";
      const inner = s.kind === "dense" ? "X W + b" : "w\\,x_i + b";
      return s.kind === "dense" ? `H = ${act}(${inner})` : `\\hat y_i = ${act ? `${act}(${inner})` : inner}`;
    }
    case "loss": {
      const reduction = s.reduction ?? lesson.loss.reduction;
      const scale = s.scale ?? lesson.loss.scale ?? 1;
      const factor = scale === 1 ? "" : scale === 0.5 ? "\\tfrac{1}{2}\\," : `${+scale.toPrecision(4)}\\cdot `;
      const sum = "\\sum_{i}(\\hat y_i - y_i)^2";
      return reduction === "mean" ? `L = ${factor}\\frac{1}{N}${sum}` : `L = ${factor}${sum}`;
    }
    case "backward":
      return backwardFormula(lesson, statements, index);
    case "step": {
      const opt = lesson.optimizer;
      if (opt?.kind === "adam") {
        return `m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\; v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\; p \\leftarrow p - \\eta\\,\\frac{\\hat m}{\\sqrt{\\hat v}+\\epsilon}`;
      }
      if (opt && (opt.momentum ?? 0) !== 0) {
        return `b \\leftarrow \\mu\\, b + ${tt("p.grad")},\\quad p \\leftarrow p - \\eta\\, b \\quad (\\mu = ${opt.momentum},\\ \\eta = ${opt.lr})`;
      }
      return `p \\leftarrow p - \\eta\\,${tt("p.grad")} \\quad (\\eta = ${opt?.lr ?? lesson.lr ?? "lr"})`;
    }
    case "update":
      return `${tt(s.param)} \\leftarrow ${tt(s.param)} - \\eta\\,${tt(`${s.param}.grad`)} \\quad (\\eta = ${lesson.lr ?? "lr"})`;
    case "read":
      return null;
  }
}

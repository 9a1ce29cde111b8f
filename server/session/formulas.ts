/** The rule behind each kind of statement, as LaTeX for the projector (rendered with KaTeX). */
import type { Lesson, Statement } from "@descent/autograd";

const tt = (s: string) => `\\texttt{${s.replace(/_/g, "\\_")}}`;

export function formulaFor(lesson: Lesson, s: Statement): string | null {
  switch (s.op) {
    case "zero_grad":
      return s.setToNone === false
        ? `${tt("p.grad")} \\leftarrow 0 \\quad \\text{for every parameter } p`
        : `${tt("p.grad")} \\leftarrow ${tt("None")} \\quad \\text{for every parameter } p \\;(\\text{PyTorch 2.x default})`;
    case "grad_zero":
      return `${tt(`${s.param}.grad`)} \\leftarrow 0 \\quad (\\text{in place; raises if it is } ${tt("None")})`;
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
      return `${tt("p.grad")} \\mathrel{+}= \\frac{\\partial L}{\\partial p} \\quad \\text{for every leaf } p \\text{ that requires grad}`;
    case "step": {
      const opt = lesson.optimizer;
      if (opt?.kind === "adam") {
        return `m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\; v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\; p \\leftarrow p - \\eta\\,\\frac{\\hat m}{\\sqrt{\\hat v}+\\epsilon}`;
      }
      if (opt && (opt.momentum ?? 0) !== 0) {
        return `b \\leftarrow \\mu\\, b + ${tt("p.grad")},\\quad p \\leftarrow p - \\eta\\, b \\quad (\\mu = ${opt.momentum},\\ \\eta = ${opt.lr})`;
      }
      return `p \\leftarrow p - \\eta\\,${tt("p.grad")} \\quad (\\eta = ${opt?.lr ?? lesson.lr ?? "lr"}; \\text{ skipped if } ${tt("p.grad")} \\text{ is } ${tt("None")})`;
    }
    case "update":
      return `${tt(s.param)} \\leftarrow ${tt(s.param)} - \\eta\\,${tt(`${s.param}.grad`)} \\quad (\\eta = ${lesson.lr ?? "lr"})`;
    case "read":
      return null;
  }
}

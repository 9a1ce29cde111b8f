/**
 * The rule behind a line, as LaTeX for the projector (rendered with KaTeX): chosen by what the line does (the
 * interpreter's `kinds`) and read from its code.
 */
import type { Checkpoint } from "@descent/autograd";

const tt = (s: string) => `\\texttt{${s.replace(/_/g, "\\_")}}`;
const code = (c: Checkpoint) => c.label;

const AFFINE = /^(\w+)\s*=\s*(\w+)\s*\*\s*[\w[\]:*+ ]+\s*\+\s*(\w+)$/;

function lossFormula(text: string): string {
  const half = /^\w+\s*=\s*0\.5\s*\*/.test(text);
  const divided = /\/\s*(\w+)\s*$/.exec(text)?.[1];
  const factor = half ? "\\tfrac{1}{2}\\," : divided ? `\\tfrac{1}{${divided}}\\,` : "";
  const sum = "\\sum_{i}(\\hat y_i - y_i)^2";
  return /\.sum\(\)|reduction\s*=\s*['"]sum['"]/.test(text) ? `L = ${factor}${sum}` : `L = ${factor}\\frac{1}{N}${sum}`;
}

/** The forward and loss lines the backward at `index` differentiates, if they are y = w·x + b and a mean MSE. */
function backwardFormula(checkpoints: readonly Checkpoint[], index: number): string {
  const generic = `${tt("p.grad")} \\mathrel{+}= \\frac{\\partial L}{\\partial p}`;
  let loss: Checkpoint | undefined;
  let forward: Checkpoint | undefined;
  for (let i = index - 1; i >= 0 && !forward; i--) {
    const c = checkpoints[i]!;
    if (!loss && c.kinds.includes("loss")) loss = c;
    else if (loss && c.kinds.includes("forward")) forward = c;
  }
  const affine = forward && AFFINE.exec(code(forward));
  if (!loss || !affine || !/\(\(\w+ - \w+(\[.*\])?\)\s*\*\*\s*2\)\.mean\(\)$/.test(code(loss).replace(/^\w+\s*=\s*/, ""))) return generic;
  // y = w·x + b with MSE: the gradients a student can compute by hand.
  const [, , w, b] = affine as unknown as [string, string, string, string];
  const sum = "\\textstyle\\sum_i(\\hat y_i - y_i)";
  return `\\begin{aligned} ${tt(`${w}.grad`)} &\\mathrel{+}= \\tfrac{2}{N}${sum}\\,x_i \\\\ ${tt(`${b}.grad`)} &\\mathrel{+}= \\tfrac{2}{N}${sum} \\end{aligned}`;
}

function stepFormula(checkpoints: readonly Checkpoint[], index: number): string {
  let made: string | undefined;
  for (let i = index - 1; i >= 0 && !made; i--) if (checkpoints[i]!.kinds.includes("optimizer")) made = code(checkpoints[i]!);
  if (made && /Adam\(/.test(made)) {
    return `m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\; v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\; p \\leftarrow p - \\eta\\,\\frac{\\hat m}{\\sqrt{\\hat v}+\\epsilon}`;
  }
  const lr = made ? /\blr\s*=\s*([\w.]+)/.exec(made)?.[1] : undefined;
  const lrValue = lr && /^\d/.test(lr) ? lr : lr ? valueText(checkpoints[index]!, lr) : undefined;
  const momentum = made ? /\bmomentum\s*=\s*([\d.]+)/.exec(made)?.[1] : undefined;
  if (momentum && Number(momentum) !== 0) {
    return `b \\leftarrow \\mu\\, b + ${tt("p.grad")},\\quad p \\leftarrow p - \\eta\\, b \\quad (\\mu = ${momentum},\\ \\eta = ${lrValue ?? "lr"})`;
  }
  return `p \\leftarrow p - \\eta\\,${tt("p.grad")} \\quad (\\eta = ${lrValue ?? "lr"})`;
}

function valueText(c: Checkpoint, name: string): string | undefined {
  const v = c.values[name];
  return v?.kind === "number" ? String(+v.value.toPrecision(6)) : undefined;
}

/** LaTeX for checkpoint `index`, or null where there is no rule to show. */
export function formulaFor(checkpoints: readonly Checkpoint[], index: number): string | null {
  const c = checkpoints[index];
  if (!c) return null;
  const text = code(c);
  const kinds = c.kinds;
  if (kinds.includes("zero_grad")) {
    return /set_to_none\s*=\s*False/.test(text)
      ? `${tt("p.grad")} \\leftarrow 0`
      : `${tt("p.grad")} \\leftarrow ${tt("None")} \\quad (\\text{PyTorch 2.x})`;
  }
  if (kinds.includes("grad_zero")) {
    const p = /^(\w+)\.grad\.zero_\(\)/.exec(text)?.[1] ?? "p";
    return `${tt(`${p}.grad`)} \\leftarrow 0 \\quad (\\text{raises if } ${tt("None")})`;
  }
  if (kinds.includes("set_grad")) {
    const m = /^(\w+)\.grad\s*=\s*(.+)$/.exec(text);
    if (!m) return null;
    const value = m[2] === "None" ? tt("None") : (/torch\.tensor\(([^,)]+)/.exec(m[2]!)?.[1] ?? tt(m[2]!));
    return `${tt(`${m[1]}.grad`)} \\leftarrow ${value}`;
  }
  if (kinds.includes("backward")) return backwardFormula(checkpoints, index);
  if (kinds.includes("step")) return stepFormula(checkpoints, index);
  if (kinds.includes("update")) {
    const m = /^(\w+)\s*-=\s*(\w+)\s*\*\s*\w+\.grad$/.exec(text);
    if (!m) return null;
    const lr = /^\d/.test(m[2]!) ? m[2] : (valueText(c, m[2]!) ?? m[2]);
    return `${tt(m[1]!)} \\leftarrow ${tt(m[1]!)} - \\eta\\,${tt(`${m[1]}.grad`)} \\quad (\\eta = ${lr})`;
  }
  if (kinds.includes("loss")) return lossFormula(text);
  if (kinds.includes("forward")) {
    const act = /torch\.(sigmoid|tanh|relu)\(/.exec(text)?.[1];
    const fn = act === "relu" ? "\\operatorname{relu}" : act === "sigmoid" ? "\\sigma" : act === "tanh" ? "\\tanh" : "";
    if (text.includes("@")) return `H = ${fn}(X W + b)`;
    if (AFFINE.test(text) || /\w+\s*\*\s*\w+.*\+/.test(text)) return `\\hat y_i = ${fn ? `${fn}(w\\,x_i + b)` : "w\\,x_i + b"}`;
    return null;
  }
  if (kinds.includes("param")) {
    const m = /^(\w+)\s*=\s*torch\.tensor\(([^,]+),/.exec(text);
    if (m) return `${tt(m[1]!)} \\leftarrow ${m[2]}, \\quad ${tt(`${m[1]}.grad`)} = ${tt("None")}`;
  }
  return null;
}

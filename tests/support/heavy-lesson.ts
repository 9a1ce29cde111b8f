/**
 * A valid teacher's lesson that is expensive to trace: `layers` dense layers of `width`×`width` weights with
 * `rows` rows of data, `iterations` training steps. The shape of the lesson that once froze the server.
 */
import type { Lesson, Statement } from "@descent/autograd";

export function heavyLesson(opts: { width: number; layers: number; rows?: number; iterations?: number; title?: string }): Lesson {
  const { width, layers } = opts;
  const rows = opts.rows ?? width;
  const iterations = opts.iterations ?? 2;
  const matrix = (r: number, c: number, seed: number) =>
    Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => Math.round(((i * 7 + j * 3 + seed) % 11) - 5) / 10));
  const params: Lesson["params"] = [];
  const source = ["import torch", "X = ...", "y = ..."];
  for (let l = 1; l <= layers; l++) {
    params.push({ name: `W${l}`, value: matrix(width, width, l), line: source.length });
    source.push(`W${l} = torch.randn(${width}, ${width}, requires_grad=True)`);
    params.push({ name: `b${l}`, value: new Array<number>(width).fill(0.1), line: source.length });
    source.push(`b${l} = torch.zeros(${width}, requires_grad=True)`);
  }
  const optimizerLine = source.length;
  source.push("optimizer = torch.optim.SGD(params, lr=0.1)");
  const statements: Statement[] = [];
  statements.push({ op: "zero_grad" as const, line: source.length });
  source.push("optimizer.zero_grad()");
  for (let l = 1; l <= layers; l++) {
    statements.push({
      op: "forward" as const,
      line: source.length,
      kind: "dense" as const,
      weight: `W${l}`,
      bias: `b${l}`,
      ...(l > 1 ? { input: `h${l - 1}` } : {}),
      out: l === layers ? "y_pred" : `h${l}`,
      activation: "tanh" as const,
    });
    source.push(`${l === layers ? "y_pred" : `h${l}`} = torch.tanh(${l > 1 ? `h${l - 1}` : "X"} @ W${l} + b${l})`);
  }
  statements.push({ op: "loss" as const, line: source.length });
  source.push("loss = ((y_pred - y) ** 2).mean()");
  statements.push({ op: "backward" as const, line: source.length });
  source.push("loss.backward()");
  statements.push({ op: "step" as const, line: source.length });
  source.push("optimizer.step()");
  return {
    id: "heavy",
    title: opts.title ?? `Dense ${layers}×${width}`,
    summary: "A deep stack of dense layers.",
    teacherNotes: "",
    source,
    data: { X: matrix(rows, width, 0), y: matrix(rows, width, 5) },
    params,
    loss: { kind: "mse", reduction: "mean" },
    optimizer: { kind: "sgd", lr: 0.1, line: optimizerLine },
    iterations: Array.from({ length: iterations }, (_, i) => ({ id: `it${i + 1}`, label: `Step ${i + 1}`, statements })),
  };
}

/**
 * A valid teacher's lesson that is expensive to trace: `layers` dense layers of `width`×`width` weights with
 * `rows` rows of data, `iterations` training steps. The shape of the lesson that once froze the server.
 */
import type { Lesson } from "@descent/autograd";

export function heavyLesson(opts: { width: number; layers: number; rows?: number; iterations?: number; title?: string }): Lesson {
  const { width, layers } = opts;
  const rows = opts.rows ?? width;
  const iterations = opts.iterations ?? 2;
  const num = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));
  const matrix = (r: number, c: number, seed: number) =>
    `[${Array.from({ length: r }, (_, i) => `[${Array.from({ length: c }, (_, j) => num(Math.round(((i * 7 + j * 3 + seed) % 11) - 5) / 10)).join(", ")}]`).join(", ")}]`;
  const source = ["import torch", `X = torch.tensor(${matrix(rows, width, 0)})`, `y = torch.tensor(${matrix(rows, width, 5)})`];
  const params: string[] = [];
  for (let l = 1; l <= layers; l++) {
    source.push(`W${l} = torch.tensor(${matrix(width, width, l)}, requires_grad=True)`);
    source.push(`b${l} = torch.full((${width},), 0.1, requires_grad=True)`);
    params.push(`W${l}`, `b${l}`);
  }
  source.push(`optimizer = torch.optim.SGD([${params.join(", ")}], lr=0.1)`);
  source.push(`for step in range(${iterations}):`);
  source.push("    optimizer.zero_grad()");
  for (let l = 1; l <= layers; l++) source.push(`    ${l === layers ? "y_pred" : `h${l}`} = torch.tanh(${l > 1 ? `h${l - 1}` : "X"} @ W${l} + b${l})`);
  source.push("    loss = ((y_pred - y) ** 2).mean()", "    loss.backward()", "    optimizer.step()");
  return { id: "heavy", title: opts.title ?? `Dense ${layers}×${width}`, summary: "A deep stack of dense layers.", teacherNotes: "", source };
}

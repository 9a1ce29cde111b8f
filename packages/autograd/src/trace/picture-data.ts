/**
 * The pictures' data and the pure helpers that draw them (the browser imports this module alone: no trace, no
 * interpreter). `picture.ts` works the data out of a lesson's trace.
 */
import type { Value } from "./value";

export type { Value };
export { sameValue } from "./value";

/** One point of a path: the two plotted parameters after `iteration` iterations (0: where they start). */
export type PathPoint = { iteration: number; x: number; y: number };

/** A loss the program computed in iteration `iteration` (from 1), or (`evaluated`) the surface's value at the path's end. */
export type LossPoint = { iteration: number; loss: number; evaluated?: boolean };

export type PicturePath = {
  /** The model's parameters joined with ",", e.g. "w,b". */
  id: string;
  /** The section where the model's first loss is computed ("Iteration 1"). */
  label: string;
  /** The loss's variable name. */
  loss: string;
  /** The two plotted parameters (x axis, y axis), or null when only the loss curve is drawn. */
  params: [string, string] | null;
  /** The path this one branches from, and the iteration of that path it starts at. */
  from: { path: string; iteration: number } | null;
  points: PathPoint[];
  losses: LossPoint[];
};

/** Mean squared error of a line: L(w, b) = mean((w·x_i + b − t_i)²). */
export type LinearMse = { kind: "linear-mse"; x: number[]; t: number[] };

export type Picture = {
  /** The axes' names: the first plotted path's parameters. */
  axes: [string, string] | null;
  paths: PicturePath[];
  surface: LinearMse | null;
};

export function linearMse(s: LinearMse, w: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < s.x.length; i++) {
    const r = w * s.x[i]! + b - s.t[i]!;
    sum += r * r;
  }
  return sum / s.x.length;
}

// ---------- drawing helpers (pure: the browser calls them) ----------

/** The least-squares line (w*, b*): the surface's minimum, or null when every x is the same. */
export function surfaceMinimum(s: LinearMse): { x: number; y: number } | null {
  const n = s.x.length;
  const mx = s.x.reduce((a, v) => a + v, 0) / n;
  const mt = s.t.reduce((a, v) => a + v, 0) / n;
  let sxx = 0;
  let sxt = 0;
  for (let i = 0; i < n; i++) {
    sxx += (s.x[i]! - mx) ** 2;
    sxt += (s.x[i]! - mx) * (s.t[i]! - mt);
  }
  if (sxx === 0) return null;
  const w = sxt / sxx;
  return { x: w, y: mt - w * mx };
}

export type Range = { x: [number, number]; y: [number, number] };

/** A view that holds every point given, padded by a sixth of its size on each side (and never empty). */
export function rangeOf(points: readonly { x: number; y: number }[]): Range {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const pad = (lo: number, hi: number): [number, number] => {
    const span = hi - lo || Math.max(1, Math.abs(hi));
    return [lo - span / 6, hi + span / 6];
  };
  return { x: pad(Math.min(...xs), Math.max(...xs)), y: pad(Math.min(...ys), Math.max(...ys)) };
}

/**
 * The loss over an n × m grid spanning `range`: `values[j * n + i]` at x = xs[i], y = ys[j] (row by row, as
 * contour tracers read it).
 */
export function surfaceGrid(s: LinearMse, range: Range, n = 48, m = 48): { xs: number[]; ys: number[]; values: number[] } {
  const xs = Array.from({ length: n }, (_, i) => range.x[0] + ((range.x[1] - range.x[0]) * i) / (n - 1));
  const ys = Array.from({ length: m }, (_, j) => range.y[0] + ((range.y[1] - range.y[0]) * j) / (m - 1));
  const values: number[] = [];
  for (const y of ys) for (const x of xs) values.push(linearMse(s, x, y));
  return { xs, ys, values };
}

/** A point drawn after a reveal: the truth, or what a misconception predicts. */
export type RevealMark =
  | { kind: "point"; path: string; from: PathPoint; to: { x: number; y: number } }
  | { kind: "loss"; path: string; iteration: number; loss: number };

/**
 * Where a revealed value goes in the pictures: a plotted parameter moves its path's last point, a loss adds a
 * point to its curve. Null when the quantity is not drawn (a gradient, a prediction), or the value is not a number.
 */
export function markOf(picture: Picture, quantity: string, value: Value): RevealMark | null {
  if (value.kind !== "number") return null;
  for (const p of picture.paths) {
    if (p.loss === quantity) {
      const last = p.losses.filter((l) => !l.evaluated).at(-1);
      const start = p.points[0]?.iteration ?? p.from?.iteration ?? 0;
      return { kind: "loss", path: p.id, iteration: last ? last.iteration + 1 : start + 1, loss: value.value };
    }
    if (!p.params) continue;
    const axis = p.params.indexOf(quantity);
    const from = p.points[p.points.length - 1];
    if (axis < 0 || !from) continue;
    return { kind: "point", path: p.id, from, to: axis === 0 ? { x: value.value, y: from.y } : { x: from.x, y: value.value } };
  }
  return null;
}

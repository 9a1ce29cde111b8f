/**
 * Where the parameters go: the pictures a projector draws of a lesson's training, as plain data worked out from
 * the trace. Only what has run is drawn: `pictureAt(lesson, executed)` reads the checkpoints of the lines that
 * have run and nothing after them, so a picture never shows a value a question has not revealed yet.
 *
 * - A **model** is the set of parameters (leaf tensors that require grad) behind a loss that `backward()` is
 *   called on. The seed has three: (w, b), (w_no_zero, b_no_zero) and (w_optim, b_optim).
 * - A **path** is a model's two plotted parameters, one point per iteration: where they start, then where each
 *   iteration's updates leave them. A model that starts where another model's path has been is a **branch** of
 *   it (the seed's scenario 2B starts from the state after iteration 1, like 2A).
 * - The **loss curve** is the loss each iteration computed, on the same iteration axis (a branch continues its
 *   parent's count).
 * - The **surface** is drawn when the loss is provably the mean squared error of a line fitted to the data
 *   (`y_pred = w * X + b`): at every loss the program computed, the formula gives the program's value.
 */
import type { Graph } from "../engine/graph";
import type { Lesson } from "../lesson/types";
import { type Checkpoint, type Trace, traceLesson } from "./trace";
import type { Value } from "./value";
import { linearMse, type LinearMse, type Picture, type PicturePath } from "./picture-data";

// ---------- the plan: what the whole trace says about models (no values shown from it) ----------

type ParamRef = { name: string; index: number | null; label: string };

type Model = {
  id: string;
  label: string;
  loss: string;
  /** The plotted pair, or null. */
  params: [ParamRef, ParamRef] | null;
  /** Checkpoint index of each backward() on this model's loss, and of the line that computed that loss. */
  backwards: { at: number; lossAt: number }[];
};

type Plan = { models: Model[]; surface: LinearMse | null };

const BACKWARD = /^([A-Za-z_][A-Za-z0-9_]*)\.backward\(/;
const PARAM_REF = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/;

/** "W2[0][1]" → { name: "W2", indices: [0, 1] }; null when not a name with indices. */
export function parseParamRef(text: string): { name: string; indices: number[] } | null {
  const m = PARAM_REF.exec(text.trim());
  if (!m) return null;
  const indices = [...m[2]!.matchAll(/\[(\d+)\]/g)].map((g) => Number(g[1]));
  return { name: m[1]!, indices };
}

/** The plotted element of a parameter, as a number, or undefined where it has no such element (yet). */
function read(values: Record<string, Value>, p: ParamRef): number | undefined {
  const v = values[p.name];
  if (!v) return undefined;
  if (v.kind === "number") return p.index === null || p.index === 0 ? v.value : undefined;
  if (v.kind === "vector") return v.value[p.index ?? 0];
  return undefined;
}

function refOf(text: string, shapes: Map<string, number[]>): ParamRef | null {
  const r = parseParamRef(text);
  if (!r) return null;
  const shape = shapes.get(r.name);
  if (!shape) return null;
  if (r.indices.length === 0) return shape.length === 0 || (shape.length === 1 && shape[0] === 1) ? { name: r.name, index: null, label: r.name } : null;
  if (r.indices.length !== shape.length || r.indices.some((i, k) => i >= shape[k]!)) return null;
  let flat = 0;
  for (let k = 0; k < shape.length; k++) flat = flat * shape[k]! + r.indices[k]!;
  return { name: r.name, index: flat, label: text.trim() };
}

/** The parameters behind the graph of a loss: its named leaves that require grad, in the graph's order. */
function leavesOf(graph: Graph): { params: { name: string; shape: number[] }[]; data: { name: string; value: number[] }[] } {
  const params: { name: string; shape: number[] }[] = [];
  const data: { name: string; value: number[] }[] = [];
  for (const n of graph.nodes) {
    if (!n.isLeaf || n.name === undefined) continue;
    if (n.requiresGrad) {
      if (!params.some((p) => p.name === n.name)) params.push({ name: n.name, shape: n.shape });
    } else if (n.shape.length === 1 && !data.some((d) => d.name === n.name)) data.push({ name: n.name, value: n.value });
  }
  return { params, data };
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Where the loss was last computed before checkpoint `at` (the value became public when that line ran). */
function lossLine(checkpoints: readonly Checkpoint[], at: number, loss: string): number {
  const v = checkpoints[at]!.values[loss];
  let j = at;
  while (j > 0) {
    const prev = checkpoints[j - 1]!.values[loss];
    if (!prev || JSON.stringify(prev) !== JSON.stringify(v)) break;
    j--;
  }
  return j;
}

const plans = new WeakMap<Trace, Plan>();

function planOf(lesson: Lesson, trace: Trace): Plan {
  let plan = plans.get(trace);
  if (plan) return plan;
  const { checkpoints } = trace;
  const models = new Map<string, Model>();
  /** Each model's loss fits a line's MSE over these data (x, t), or not. */
  const fits = new Map<string, LinearMse | null>();
  const pick = lesson.picture?.params;
  for (const c of checkpoints) {
    if (!c.kinds.includes("backward") || c.raised || !c.graph) continue;
    const m = BACKWARD.exec(c.label);
    if (!m) continue;
    const loss = m[1]!;
    const lossValue = c.values[loss];
    if (!lossValue || lossValue.kind !== "number") continue;
    const { params, data } = leavesOf(c.graph);
    if (params.length === 0) continue;
    const id = params.map((p) => p.name).join(",");
    let model = models.get(id);
    if (!model) {
      const shapes = new Map(params.map((p) => [p.name, p.shape]));
      let pair: [ParamRef, ParamRef] | null = null;
      if (pick) {
        const a = refOf(pick[0], shapes);
        const b = refOf(pick[1], shapes);
        if (a && b) pair = [a, b];
      }
      if (!pair && params.length === 2 && !pick) {
        const a = refOf(params[0]!.name, shapes);
        const b = refOf(params[1]!.name, shapes);
        if (a && b) pair = [a, b];
      }
      model = { id, label: c.iterationLabel, loss, params: pair, backwards: [] };
      models.set(id, model);
      fits.set(id, pair && pair[0].index === null && pair[1].index === null && params.length === 2 ? fitLine(data, c.values, pair, lossValue.value) : null);
    }
    model.backwards.push({ at: c.index, lossAt: lossLine(checkpoints, c.index, loss) });
    // The surface holds only if it gives the program's loss at every backward of the model.
    const fit = fits.get(id);
    if (fit && model.params) {
      const w = read(c.values, model.params[0]);
      const b = read(c.values, model.params[1]);
      if (w === undefined || b === undefined || !close(linearMse(fit, w, b), lossValue.value)) fits.set(id, null);
    }
  }
  // One surface for the picture: that of the first model that has one, shared by the models whose losses are the
  // same function of their parameters (same data).
  const list = [...models.values()];
  let surface: LinearMse | null = null;
  for (const m of list) {
    const fit = fits.get(m.id);
    if (fit && !surface) surface = fit;
  }
  if (surface) {
    const s = surface;
    const same = (f: LinearMse | null | undefined) => !!f && f.x.length === s.x.length && f.x.every((v, i) => v === s.x[i]) && f.t.every((v, i) => v === s.t[i]);
    if (!list.filter((m) => m.params).every((m) => same(fits.get(m.id)))) surface = null;
  }
  plan = { models: list, surface };
  plans.set(trace, plan);
  return plan;
}

/** The data (x, t) for which the loss is mean((w·x + b − t)²) at this checkpoint, if any. */
function fitLine(data: { name: string; value: number[] }[], values: Record<string, Value>, pair: [ParamRef, ParamRef], loss: number): LinearMse | null {
  const w = read(values, pair[0]);
  const b = read(values, pair[1]);
  if (w === undefined || b === undefined) return null;
  for (const x of data) {
    for (const t of data) {
      if (x === t || x.value.length !== t.value.length || x.value.length === 0) continue;
      const s: LinearMse = { kind: "linear-mse", x: x.value, t: t.value };
      if (close(linearMse(s, w, b), loss)) return s;
    }
  }
  return null;
}

/**
 * What is wrong with the header's `picture.params`, or null: they must name two elements of the parameters behind
 * one loss that `backward()` is called on.
 */
export function pictureProblem(lesson: Lesson, trace: Trace = traceLesson(lesson)): string | null {
  const pick = lesson.picture?.params;
  if (!pick) return null;
  const plan = planOf(lesson, trace);
  if (plan.models.some((m) => m.params && m.params[0].label === pick[0].trim() && m.params[1].label === pick[1].trim())) return null;
  const names = plan.models.map((m) => m.id.replaceAll(",", ", "));
  return names.length === 0
    ? "the program never calls backward() on a loss: there is no path to draw"
    : `"${pick[0]}" and "${pick[1]}" are not two numbers of the parameters behind one loss (the losses' parameters: ${names.join("; ")}; pick elements of a tensor as "W2[0][1]")`;
}

// ---------- the picture after `executed` lines have run ----------

/**
 * The lesson's pictures after its first `executed` checkpoints have run: only their values are read. Null when the
 * lesson computes no loss that `backward()` is called on. `trace`: the lesson's trace, when it is at hand already.
 */
export function pictureAt(lesson: Lesson, executed: number, trace: Trace = traceLesson(lesson)): Picture | null {
  const plan = planOf(lesson, trace);
  if (plan.models.length === 0) return null;
  const { checkpoints } = trace;
  const upto = Math.max(0, Math.min(executed, checkpoints.length));
  const paths: PicturePath[] = [];
  for (const model of plan.models) {
    const path: PicturePath = { id: model.id, label: model.label, loss: model.loss, params: model.params ? [model.params[0].label, model.params[1].label] : null, from: null, points: [], losses: [] };
    let offset = 0;
    /** Whether the last point is still being moved: an update's lines move it until a backward() or a step() ends it. */
    let open = false;
    let next = 0;
    for (let i = 0; i < upto; i++) {
      const c = checkpoints[i]!;
      if (model.params) {
        const x = read(c.values, model.params[0]);
        const y = read(c.values, model.params[1]);
        const last = path.points[path.points.length - 1];
        if (x !== undefined && y !== undefined) {
          if (!last) {
            // Its parameters may still be made and set before the model's first loss: the path starts there.
            if (model.backwards[0] !== undefined && i >= model.backwards[0].lossAt) {
              path.from = branchOf(paths, x, y);
              offset = path.from?.iteration ?? 0;
              path.points.push({ iteration: offset, x, y });
            }
          } else if (x !== last.x || y !== last.y) {
            if (open) {
              last.x = x;
              last.y = y;
            } else {
              path.points.push({ iteration: last.iteration + 1, x, y });
              open = true;
            }
          }
        }
        if (c.kinds.includes("step") || c.kinds.includes("backward")) open = false;
      }
      // A loss belongs to the iteration that starts from the path's current point.
      while (next < model.backwards.length && model.backwards[next]!.lossAt === i) {
        const v = c.values[model.loss];
        const at = path.points[path.points.length - 1];
        const iteration = model.params ? (at ? at.iteration + 1 : offset + 1) : path.losses.length + 1;
        if (v?.kind === "number") path.losses.push({ iteration, loss: v.value });
        next++;
      }
    }
    if (path.points.length === 0 && path.losses.length === 0) continue;
    // Past the last loss the program computes, no line computes the loss at the path's points: the surface gives it.
    const lastLoss = path.losses[path.losses.length - 1];
    if (plan.surface && lastLoss && next === model.backwards.length) {
      for (const p of path.points) {
        if (p.iteration + 1 > lastLoss.iteration) path.losses.push({ iteration: p.iteration + 1, loss: linearMse(plan.surface, p.x, p.y), evaluated: true });
      }
    }
    paths.push(path);
  }
  if (paths.length === 0) return null;
  const axes = paths.find((p) => p.params)?.params ?? null;
  return { axes, paths, surface: plan.surface };
}

/** The latest point of an earlier path at (x, y): a path starting there is a branch of that one. */
function branchOf(paths: readonly PicturePath[], x: number, y: number): { path: string; iteration: number } | null {
  for (let k = paths.length - 1; k >= 0; k--) {
    const p = paths[k]!;
    for (let j = p.points.length - 1; j >= 0; j--) {
      const pt = p.points[j]!;
      if (close(pt.x, x) && close(pt.y, y)) return { path: p.id, iteration: pt.iteration };
    }
  }
  return null;
}

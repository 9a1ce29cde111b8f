// The autograd graph and the backward pass.
//
// As in PyTorch, the graph is made of *functions*, not tensors: every op that involves a tensor requiring
// grad records a Node (its `grad_fn`, e.g. MulBackward0) with one edge per input. An input that is a leaf
// requiring grad is reached through its AccumulateGrad node, which adds into `.grad`. Keeping nodes apart
// from tensors is what lets an in-place op give a tensor a new grad_fn while older consumers still point
// at the old one.

import { type Dtype, legacyTypeName, rounder } from "./dtype";
import { formatSizes, TorchRuntimeError } from "./errors";
import type { Tensor } from "./tensor";

// ---------------------------------------------------------------------------------------------------------
// Grad mode (torch.no_grad)

let gradEnabled = true;

/** Whether ops record a graph now (`torch.is_grad_enabled()`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * `with torch.no_grad(): ...` — runs `fn` without recording a graph and returns its result. Nests, and
 * restores the previous mode even when `fn` throws. `fn` must be synchronous: the mode is restored when it
 * returns, not when a promise it returns settles.
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** True when `x` is a tensor that an op run now would record an edge to. */
export function needsGrad(x: Tensor | number): x is Tensor {
  return gradEnabled && typeof x !== "number" && x.requiresGrad;
}

// ---------------------------------------------------------------------------------------------------------
// Nodes

/**
 * Computes the gradients of a node's inputs from the gradient of its output. `needs[i]` says whether input
 * i has an edge; a formula only computes (and only reads the saved values for) the inputs that do.
 * Each returned gradient already has its input's shape.
 */
export type BackwardFn = (grad: Float64Array, needs: readonly boolean[]) => readonly (Float64Array | null)[];

/** A tensor an op keeps for its backward formula, and the version it had then. */
interface Saved {
  tensor: Tensor | null; // null for a plain number (PyTorch saves it as a wrapped scalar tensor)
  version: number;
  isOutput: boolean;
}

/** What a node's input was when the op ran: the tensor, and the node that had produced it (null for a leaf). */
export interface NodeInput {
  tensor: Tensor;
  producer: Node | null;
}

let sequence = 0;

export class Node {
  /** PyTorch's name for this function, e.g. "MulBackward0", "AccumulateGrad". */
  readonly name: string;
  /** Creation order; the backward pass runs the newest ready node first, as PyTorch's engine does. */
  readonly seq: number;
  /** One edge per op operand: the node its gradient flows to, or null (a constant or a plain number). */
  readonly next: readonly (Node | null)[];
  /** Shape and dtype of each operand, to cast its gradient (PyTorch's `validate_outputs`). */
  readonly inputDtypes: readonly (Dtype | null)[];
  /** The tensor operands as they were, for drawing the graph. */
  readonly inputs: readonly NodeInput[];
  /** The tensor this node produced (a snapshot of it once an in-place op has overwritten it). */
  output: Tensor | null = null;
  /** A non-leaf tensor whose `.grad` this node fills (`retain_grad()`). */
  retainedBy: Tensor | null = null;
  private fn: BackwardFn | null;
  private saved: Saved[];
  private freed = false;

  constructor(
    name: string,
    next: readonly (Node | null)[],
    inputDtypes: readonly (Dtype | null)[],
    inputs: readonly NodeInput[],
    fn: BackwardFn | null,
    saved: Saved[],
  ) {
    this.name = name;
    this.seq = sequence++;
    this.next = next;
    this.inputDtypes = inputDtypes;
    this.inputs = inputs;
    this.fn = fn;
    this.saved = saved;
  }

  /** Whether it keeps tensors for its backward formula (a backward without retain_graph frees them). */
  get savesTensors(): boolean {
    return this.saved.length > 0;
  }

  /** Runs the backward formula, after PyTorch's checks on saved tensors. */
  apply(grad: Float64Array): readonly (Float64Array | null)[] {
    if (this.freed) throw freedGraphError();
    for (const s of this.saved) {
      if (s.tensor && s.tensor._version !== s.version) throw modifiedInPlace(s, this);
    }
    return this.fn ? this.fn(grad, this.next.map((e) => e !== null)) : [];
  }

  /** Frees the saved tensors after a backward pass without retain_graph. Nodes that saved none can run again. */
  release(): void {
    if (this.saved.length === 0) return;
    this.saved = [];
    this.fn = null;
    this.freed = true;
  }
}

/** PyTorch's error for a second backward through a graph whose saved tensors were freed. */
export function freedGraphError(): TorchRuntimeError {
  return new TorchRuntimeError(
    "Trying to backward through the graph a second time (or directly access saved tensors after they " +
      "have already been freed). Saved intermediate values of the graph are freed when you call " +
      ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the " +
      "graph a second time or if you need to access saved tensors after calling backward.",
  );
}

/** The node at the end of a leaf's edges: adds the incoming gradient into the leaf's `.grad`. */
export class AccumulateGrad extends Node {
  readonly variable: Tensor;
  constructor(variable: Tensor) {
    super("AccumulateGrad", [], [], [], null, []);
    this.variable = variable;
  }
}

function modifiedInPlace(s: Saved, node: Node): TorchRuntimeError {
  const t = s.tensor!;
  const producer = s.isOutput ? node.name : t.gradFn;
  return new TorchRuntimeError(
    "one of the variables needed for gradient computation has been modified by an inplace operation: " +
      `[${legacyTypeName(t.dtype)} ${formatSizes(t.shape)}]` +
      (producer ? `, which is output 0 of ${producer},` : "") +
      ` is at version ${t._version}; expected version ${s.version} instead. Hint: enable anomaly detection ` +
      "to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).",
  );
}

/** The edge an op records for operand `x`: its grad_fn, its AccumulateGrad, or none. */
export function edgeOf(x: Tensor | number): Node | null {
  if (!needsGrad(x)) return null;
  return x._gradFn ?? x._accumulator();
}

/**
 * Records `out` as the result of op `name` applied to `operands`, if grad mode is on and an operand
 * requires grad. `saved` lists what the backward formula reads (operands or `out` itself), for freeing
 * and for the in-place version check.
 */
export function record(
  out: Tensor,
  name: string,
  operands: readonly (Tensor | number)[],
  fn: BackwardFn,
  saved: readonly (Tensor | number)[] = [],
): Tensor {
  if (!operands.some(needsGrad)) return out;
  const next = operands.map(edgeOf);
  const node = new Node(
    name,
    next,
    operands.map((x) => (typeof x === "number" ? null : x.dtype)),
    operands.filter((x): x is Tensor => typeof x !== "number").map((t) => ({ tensor: t, producer: t._gradFn })),
    fn,
    saved.map((s) =>
      typeof s === "number"
        ? { tensor: null, version: 0, isOutput: false }
        : { tensor: s, version: s._version, isOutput: s === out },
    ),
  );
  out._setGradFn(node);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The backward pass

/**
 * Runs backward from `root` with gradient `seed` (already of root's shape and dtype). Like PyTorch's
 * engine: count each node's incoming edges, then repeatedly run a node whose gradient is complete —
 * the most recently created one first — summing what it sends into the buffers of the nodes it points at.
 * Built iteratively, so a graph as deep as memory allows never overflows the call stack.
 */
export function runBackward(root: Node, seed: Float64Array, rootDtype: Dtype, retainGraph: boolean): void {
  const pending = new Map<Node, number>();
  const stack: Node[] = [root];
  const seen = new Set<Node>([root]);
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const e of node.next) {
      if (!e) continue;
      pending.set(e, (pending.get(e) ?? 0) + 1);
      if (!seen.has(e)) {
        seen.add(e);
        stack.push(e);
      }
    }
  }

  const buffers = new Map<Node, { grad: Float64Array; dtype: Dtype }>([[root, { grad: seed, dtype: rootDtype }]]);
  const ready = new ReadyQueue();
  ready.push(root);
  while (ready.size > 0) {
    const node = ready.pop();
    const incoming = buffers.get(node);
    buffers.delete(node);
    let grads: readonly (Float64Array | null)[] = [];
    if (incoming) {
      if (node instanceof AccumulateGrad) {
        node.variable._accumulateGrad(incoming.grad);
      } else {
        node.retainedBy?._retainGrad(incoming.grad);
        grads = node.apply(incoming.grad);
        if (!retainGraph) node.release();
      }
    }
    node.next.forEach((e, i) => {
      if (!e) return;
      const g = grads[i];
      const dtype = node.inputDtypes[i]!;
      if (g) {
        const r = rounder(dtype);
        const cast = dtype === "float32" ? g.map(r) : g;
        const buffer = buffers.get(e);
        if (buffer) {
          // Gradients from several consumers are added, never overwritten.
          for (let k = 0; k < cast.length; k++) buffer.grad[k] = r(buffer.grad[k]! + cast[k]!);
        } else {
          buffers.set(e, { grad: cast === g ? g.slice() : cast, dtype });
        }
      }
      const left = pending.get(e)! - 1;
      pending.set(e, left);
      if (left === 0) ready.push(e);
    });
  }
}

/** Nodes whose gradient is complete, newest first; AccumulateGrad before anything else. */
class ReadyQueue {
  private heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  private static before(a: Node, b: Node): boolean {
    const pa = a instanceof AccumulateGrad ? Infinity : a.seq;
    const pb = b instanceof AccumulateGrad ? Infinity : b.seq;
    return pa > pb;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!ReadyQueue.before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < h.length && ReadyQueue.before(h[l]!, h[best]!)) best = l;
        if (r < h.length && ReadyQueue.before(h[r]!, h[best]!)) best = r;
        if (best === i) break;
        [h[i], h[best]] = [h[best]!, h[i]!];
        i = best;
      }
    }
    return top;
  }
}

// The graph that produced a tensor, as plain data for the UI to draw: one node per tensor value (leaves,
// constants and op results) and one edge per use of a value as an operand.

import type { Node } from "./autograd";
import type { Tensor } from "./tensor";

export interface GraphNode {
  id: string;
  /** The grad_fn name of the op that produced the value ("MulBackward0"), or "leaf". */
  op: string;
  name?: string;
  shape: number[];
  value: number[];
  grad: number[] | null;
  requiresGrad: boolean;
  isLeaf: boolean;
}

/** An operand flowing into an op: `from` is the operand's node, `to` the result's. */
export interface GraphEdge {
  from: string;
  to: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * The graph behind `root`: ops recorded by autograd with all their tensor operands, including constants
 * that do not require grad (the data X, y). Nodes come in topological order, operands before results.
 * A value used twice (`x * x`) has two edges to the same op. Plain-number operands are not drawn.
 * A tensor produced outside grad mode has no recorded history and is drawn as a single node.
 */
export function exportGraph(root: Tensor): Graph {
  type Item = { tensor: Tensor; producer: Node | null };
  const key = (item: Item): object => item.producer ?? item.tensor;
  const rootItem: Item = { tensor: root, producer: root._gradFn };
  const ids = new Map<object, string>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];

  // Iterative post-order walk: an item is emitted after all of its operands.
  const stack: { item: Item; expanded: boolean }[] = [{ item: rootItem, expanded: false }];
  const visiting = new Set<object>();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const k = key(top.item);
    if (ids.has(k)) {
      stack.pop();
      continue;
    }
    const operands = top.item.producer?.inputs ?? [];
    if (!top.expanded) {
      top.expanded = true;
      visiting.add(k);
      for (let i = operands.length - 1; i >= 0; i--) {
        const input = operands[i]!;
        const child: Item = { tensor: input.tensor, producer: input.producer };
        if (!ids.has(key(child)) && !visiting.has(key(child))) stack.push({ item: child, expanded: false });
      }
      continue;
    }
    stack.pop();
    visiting.delete(k);
    const id = `n${nodes.length}`;
    ids.set(k, id);
    const producer = top.item.producer;
    const t = producer?.output ?? top.item.tensor;
    const node: GraphNode = {
      id,
      op: producer?.name ?? "leaf",
      shape: [...t.shape],
      value: Array.from(t._data),
      grad: t.grad ? Array.from(t.grad._data) : null,
      requiresGrad: producer !== null || t.requiresGrad,
      isLeaf: producer === null,
    };
    if (t.name !== undefined) node.name = t.name;
    nodes.push(node);
    for (const input of operands) {
      edges.push({ from: ids.get(key({ tensor: input.tensor, producer: input.producer }))!, to: id });
    }
  }
  return { nodes, edges };
}

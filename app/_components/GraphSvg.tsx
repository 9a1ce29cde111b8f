/**
 * The computation graph behind the last forward/loss line, left to right from the leaves to the result, with
 * each value and — on leaves, where PyTorch keeps it — `.grad`. Pure SVG, laid out here (graphs are small).
 */
import type { Graph, GraphNode } from "@descent/autograd";
import { formatNumber } from "@/app/_lib/format";

const W = 168;
const H = 64;
const GAP_X = 56;
const GAP_Y = 18;

/** A value that fits its box: a scalar, or as many leading elements as fit in about 20 characters. */
function short(values: number[], shape: number[]): string {
  if (shape.length === 0) return formatNumber(values[0] ?? NaN);
  const parts: string[] = [];
  for (const v of values) {
    const next = formatNumber(v);
    if (parts.length > 0 && [...parts, next].join(", ").length > 16) break;
    parts.push(next);
  }
  return `[${parts.join(", ")}${parts.length < values.length ? ", …" : ""}]`;
}

function label(n: GraphNode): string {
  if (n.name) return n.name;
  return n.op === "leaf" ? "const" : n.op.replace(/Backward\d+$/, "").toLowerCase();
}

/** Columns: an op one right of its deepest operand; a leaf just left of its first consumer. */
function layout(graph: Graph) {
  const depth = new Map<string, number>();
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of graph.edges) {
    parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
    children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  }
  for (const n of graph.nodes) {
    const ps = parents.get(n.id) ?? [];
    depth.set(n.id, ps.length === 0 ? 0 : Math.max(...ps.map((p) => depth.get(p) ?? 0)) + 1);
  }
  for (const n of graph.nodes) {
    const cs = children.get(n.id);
    if (n.isLeaf && cs) depth.set(n.id, Math.max(0, Math.min(...cs.map((c) => depth.get(c) ?? 1)) - 1));
  }
  const rows = new Map<number, number>();
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of graph.nodes) {
    const d = depth.get(n.id) ?? 0;
    const r = rows.get(d) ?? 0;
    rows.set(d, r + 1);
    pos.set(n.id, { x: d * (W + GAP_X), y: r * (H + GAP_Y) });
  }
  const cols = Math.max(...depth.values()) + 1;
  const maxRows = Math.max(...rows.values());
  return { pos, width: cols * (W + GAP_X) - GAP_X, height: maxRows * (H + GAP_Y) - GAP_Y };
}

export default function GraphSvg({ graph }: { graph: Graph }) {
  const { pos, width, height } = layout(graph);
  const root = graph.nodes[graph.nodes.length - 1];
  return (
    <div className="overflow-x-auto" tabIndex={0} role="group" aria-label="Computation graph">
      <svg
        viewBox={`-4 -4 ${width + 8} ${height + 8}`}
        width={width + 8}
        height={height + 8}
        role="img"
        aria-label={`Computation graph of ${root ? label(root) : "the last line"}: ${graph.nodes.length} values`}
        className="font-mono"
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#64748b" />
          </marker>
        </defs>
        {graph.edges.map((e, i) => {
          const a = pos.get(e.from)!;
          const b = pos.get(e.to)!;
          const x1 = a.x + W;
          const y1 = a.y + H / 2;
          const x2 = b.x;
          const y2 = b.y + H / 2;
          const mid = (x1 + x2) / 2;
          return <path key={i} d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`} fill="none" stroke="#64748b" strokeWidth="1.5" markerEnd="url(#arrow)" />;
        })}
        {graph.nodes.map((n) => {
          const p = pos.get(n.id)!;
          const leafGrad = n.isLeaf && n.requiresGrad;
          return (
            <g key={n.id} transform={`translate(${p.x},${p.y})`} data-node={label(n)}>
              <rect width={W} height={H} rx="8" fill={n.isLeaf ? (n.requiresGrad ? "#dbeafe" : "#f1f5f9") : "#fef3c7"} stroke="#334155" />
              <text x="8" y="18" fontSize="13" fontWeight="700" fill="#0f172a">
                {label(n)}
              </text>
              <text x="8" y="36" fontSize="12" fill="#0f172a">
                {short(n.value, n.shape)}
              </text>
              {leafGrad && (
                <text x="8" y="54" fontSize="12" fill="#1e3a8a">
                  grad {n.grad ? short(n.grad, n.shape) : "None"}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

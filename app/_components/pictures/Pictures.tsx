"use client";

/**
 * The training pictures: the loss curve and the parameters' path on the loss surface, with the revealed value
 * (and, when the host shows them, the value each misconception predicts) drawn on them. Drawn with Recharts (as
 * the dashboard is); the surface's contour lines are traced by d3-contour. Each chart is hidden from screen
 * readers and described in words beside it, with the numbers in a table.
 */
import { contours } from "d3-contour";
import { useMemo, useState } from "react";
import { CartesianGrid, Label, LabelList, Scatter, ScatterChart, XAxis, YAxis } from "recharts";
import { linearMse, markOf, rangeOf, surfaceGrid, surfaceMinimum, type Picture, type PicturePath, type Range, type RevealMark, type Value } from "@descent/autograd/picture";
import { formatNumber } from "@/app/_lib/format";

/** A revealed question as the pictures draw it: its truth, and what each misconception predicts (ghosts). */
export type PictureReveal = {
  quantity: string;
  truth: Value;
  ghosts: { title: string; value: Value }[];
};

const COLOURS = ["var(--pic-path-1)", "var(--pic-path-2)", "var(--pic-path-3)", "var(--pic-path-4)"];
const colourOf = (i: number) => COLOURS[i % COLOURS.length]!;
const GRID = 48;
const LEVELS = 9;

/** `stacked`: one picture above the other (the projector's column of pictures); else side by side when large. */
type Props = { picture: Picture; reveal: PictureReveal | null; large?: boolean; stacked?: boolean };

export default function Pictures({ picture, reveal, large = false, stacked = false }: Props) {
  const marks = useMemo(() => {
    if (!reveal) return { truth: null, ghosts: [] as { title: string; mark: RevealMark }[] };
    const truth = markOf(picture, reveal.quantity, reveal.truth);
    const ghosts = reveal.ghosts.flatMap((g) => {
      const mark = markOf(picture, reveal.quantity, g.value);
      return mark ? [{ title: g.title, mark }] : [];
    });
    return { truth, ghosts };
  }, [picture, reveal]);
  const font = large ? 20 : 13;
  const height = large ? (stacked ? "34vh" : "min(42vh, 30vw)") : 260;
  return (
    <div className={`pictures grid gap-4 ${large && !stacked ? "grid-cols-2" : "grid-cols-1"} ${large ? "text-[clamp(1rem,1.15vw,1.6rem)]" : ""}`} data-testid="pictures">
      <LossCurve picture={picture} truth={marks.truth} ghosts={marks.ghosts} font={font} height={height} />
      {picture.axes && <Surface picture={picture} truth={marks.truth} ghosts={marks.ghosts} font={font} height={height} />}
    </div>
  );
}

type MarksProps = { picture: Picture; truth: RevealMark | null; ghosts: { title: string; mark: RevealMark }[]; font: number; height: number | string };

const noDot = () => <g />;

function LossCurve({ picture, truth, ghosts, font, height }: MarksProps) {
  const series = picture.paths.map((p) => ({ path: p, data: lossSeries(p) }));
  const truthLoss = truth?.kind === "loss" ? truth : null;
  const ghostLosses = ghosts.filter((g) => g.mark.kind === "loss") as { title: string; mark: Extract<RevealMark, { kind: "loss" }> }[];
  const description = describeLosses(picture, truthLoss, ghostLosses);
  return (
    <figure className="relative min-w-0" data-testid="loss-curve">
      <figcaption className="font-semibold">Loss after each iteration</figcaption>
      <div aria-hidden style={{ width: "100%", height }}>
        <ScatterChart responsive accessibilityLayer={false} margin={{ top: 12, right: 24, bottom: font * 2.2, left: 12 }} style={{ width: "100%", height: "100%" }}>
          <CartesianGrid stroke="var(--pic-grid)" strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" allowDecimals={false} domain={["dataMin - 0.3", "dataMax + 0.3"]} tick={{ fontSize: font, fill: "var(--pic-ink)" }} stroke="var(--pic-ink)" tickFormatter={(v: number) => (Number.isInteger(v) ? String(v) : "")}>
            <Label value="iteration" position="insideBottom" offset={-font * 1.6} fill="var(--pic-ink)" fontSize={font} />
          </XAxis>
          <YAxis type="number" dataKey="y" domain={[0, "auto"]} tick={{ fontSize: font, fill: "var(--pic-ink)" }} stroke="var(--pic-ink)" width={font * 4} tickFormatter={(v: number) => formatNumber(v)} />
          {series.map(({ path, data }, i) => (
            <Scatter key={path.id} name={path.label} data={data} line={{ stroke: colourOf(i), strokeWidth: 3 }} fill={colourOf(i)} isAnimationActive={false} shape={(props: DotProps) => <Dot {...props} colour={colourOf(i)} />} />
          ))}
          {ghostLosses.map((g, k) => (
            <Scatter key={g.title} data={[{ x: g.mark.iteration, y: g.mark.loss, label: String(k + 1) }]} isAnimationActive={false} shape={(props: DotProps) => <Ghost {...props} />}>
              <LabelList dataKey="label" position="right" fill="var(--pic-ghost)" fontSize={font} fontWeight={700} />
            </Scatter>
          ))}
          {truthLoss && (
            <Scatter data={[{ x: truthLoss.iteration, y: truthLoss.loss, label: formatNumber(truthLoss.loss) }]} isAnimationActive={false} shape={(props: DotProps) => <Truth {...props} />}>
              <LabelList dataKey="label" position="top" fill="var(--pic-truth)" fontSize={font} fontWeight={700} />
            </Scatter>
          )}
        </ScatterChart>
      </div>
      <Legend picture={picture} />
      <GhostList items={ghostLosses.map((g) => ({ title: g.title, text: formatNumber(g.mark.loss) }))} />
      <p className="sr-only">{description}</p>
      <Numbers picture={picture} />
    </figure>
  );
}

/** A path's losses. A branch's first loss is its parent's at the same iteration (same parameters): it leaves from there. */
function lossSeries(p: PicturePath): { x: number; y: number; evaluated: boolean }[] {
  return p.losses.map((l) => ({ x: l.iteration, y: l.loss, evaluated: l.evaluated === true }));
}

function Surface({ picture, truth, ghosts, font, height }: MarksProps) {
  const axes = picture.axes!;
  const drawn = picture.paths.filter((p) => p.params && p.points.length > 0);
  const [zoom, setZoom] = useState(false);
  const lowest = picture.surface ? surfaceMinimum(picture.surface) : null;
  // Zoomed in, the view holds the paths only (the minimum may be far away along the valley).
  const minimum = zoom ? null : lowest;
  // The view holds the paths, the minimum and the answer; a ghost far outside it (a step that forgot the learning
  // rate) would squash the picture: it is left out of the view and said in words.
  const base = rangeOf([...drawn.flatMap((p) => p.points), ...(minimum ? [minimum] : []), ...(truth?.kind === "point" ? [truth.to] : [])]);
  const near = (q: { x: number; y: number }) => {
    const wx = base.x[1] - base.x[0];
    const wy = base.y[1] - base.y[0];
    return q.x >= base.x[0] - wx && q.x <= base.x[1] + wx && q.y >= base.y[0] - wy && q.y <= base.y[1] + wy;
  };
  const shownGhosts = ghosts.filter((g) => g.mark.kind === "point" && near(g.mark.to));
  const range = niceRange(rangeOf([...drawn.flatMap((p) => p.points), ...(minimum ? [minimum] : []), ...(truth?.kind === "point" ? [truth.to] : []), ...shownGhosts.map((g) => (g.mark as Extract<RevealMark, { kind: "point" }>).to)]));
  const lines = useMemo(() => (picture.surface ? contourLines(picture, range) : []), [picture, range.x[0], range.x[1], range.y[0], range.y[1]]); // eslint-disable-line react-hooks/exhaustive-deps
  const ghostPoints = shownGhosts as { title: string; mark: Extract<RevealMark, { kind: "point" }> }[];
  const offChart = ghosts.filter((g) => g.mark.kind === "point" && !shownGhosts.includes(g)) as { title: string; mark: Extract<RevealMark, { kind: "point" }> }[];
  const truthPoint = truth?.kind === "point" ? truth : null;
  return (
    <figure className="relative min-w-0" data-testid="loss-surface">
      <figcaption className="font-semibold">
        {picture.surface ? `The path of ${axes[0]} and ${axes[1]} on the loss surface` : `The path of ${axes[0]} and ${axes[1]}`}
      </figcaption>
      <div aria-hidden style={{ width: "100%", height }}>
        <ScatterChart responsive accessibilityLayer={false} margin={{ top: 12, right: 24, bottom: font * 2.2, left: 12 }} style={{ width: "100%", height: "100%" }}>
          <XAxis type="number" dataKey="x" domain={range.x} ticks={range.xTicks} allowDataOverflow tick={{ fontSize: font, fill: "var(--pic-ink)" }} stroke="var(--pic-ink)" tickFormatter={(v: number) => formatNumber(v)}>
            <Label value={axes[0]} position="insideBottom" offset={-font * 1.6} fill="var(--pic-ink)" fontSize={font} />
          </XAxis>
          <YAxis type="number" dataKey="y" domain={range.y} ticks={range.yTicks} allowDataOverflow tick={{ fontSize: font, fill: "var(--pic-ink)" }} stroke="var(--pic-ink)" width={font * 4} tickFormatter={(v: number) => formatNumber(v)}>
            <Label value={axes[1]} angle={-90} position="insideLeft" fill="var(--pic-ink)" fontSize={font} />
          </YAxis>
          {lines.map((l, i) => (
            <Scatter key={`c${i}`} data={l.points} line={{ stroke: "var(--pic-contour)", strokeOpacity: 0.25 + (0.6 * (LEVELS - l.level)) / LEVELS, strokeWidth: 1.5 }} shape={noDot} isAnimationActive={false} />
          ))}
          {minimum && (
            <Scatter data={[{ ...minimum, label: "minimum" }]} isAnimationActive={false} shape={(props: DotProps) => <Cross {...props} />}>
              <LabelList dataKey="label" position="right" fill="var(--pic-ink)" fontSize={font * 0.8} />
            </Scatter>
          )}
          {drawn.map((p) => {
            const i = picture.paths.indexOf(p);
            // A branch's first point is where its parent's path was: drawn from there.
            const data = p.points.map((pt) => ({ x: pt.x, y: pt.y }));
            return <Scatter key={p.id} name={p.label} data={data} line={{ stroke: colourOf(i), strokeWidth: 3 }} isAnimationActive={false} shape={(props: DotProps) => <Dot {...props} colour={colourOf(i)} />} />;
          })}
          {ghostPoints.map((g, k) => (
            <Scatter key={g.title} data={[{ ...g.mark.from }, { ...g.mark.to, label: String(k + 1) }]} line={{ stroke: "var(--pic-ghost)", strokeDasharray: "6 4", strokeWidth: 2 }} isAnimationActive={false} shape={(props: DotProps) => (props.payload?.label ? <Ghost {...props} /> : <g />)}>
              <LabelList dataKey="label" position="top" fill="var(--pic-ghost)" fontSize={font} fontWeight={700} />
            </Scatter>
          ))}
          {truthPoint && (
            <Scatter data={[{ ...truthPoint.from }, { ...truthPoint.to, label: "answer" }]} line={{ stroke: "var(--pic-truth)", strokeWidth: 3 }} isAnimationActive={false} shape={(props: DotProps) => (props.payload?.label ? <Truth {...props} /> : <g />)}>
              <LabelList dataKey="label" position="top" fill="var(--pic-truth)" fontSize={font} fontWeight={700} />
            </Scatter>
          )}
        </ScatterChart>
      </div>
      <GhostList items={ghostPoints.map((g) => ({ title: g.title, text: `(${formatNumber(g.mark.to.x)}, ${formatNumber(g.mark.to.y)})` }))} />
      {offChart.length > 0 && (
        <p className="text-[0.85em]" data-testid="off-chart">
          Off the chart: {offChart.map((g) => `${g.title} would move it to (${formatNumber(g.mark.to.x)}, ${formatNumber(g.mark.to.y)})`).join("; ")}.
        </p>
      )}
      {lowest && (
        <button type="button" className="mt-1 rounded border border-current px-2 py-0.5 text-[0.85em]" aria-pressed={zoom} onClick={() => setZoom(!zoom)}>
          {zoom ? "Show the whole valley" : "Zoom in on the path"}
        </button>
      )}
      <p className="sr-only">{describePaths(picture, truthPoint, ghostPoints, lowest)}</p>
    </figure>
  );
}

/** The range widened to round numbers, with 4 to 8 ticks at a step of 1, 2 or 5 times a power of ten. */
function niceRange(r: Range): Range & { xTicks: number[]; yTicks: number[] } {
  const nice = ([lo, hi]: [number, number]): { domain: [number, number]; ticks: number[] } => {
    const raw = (hi - lo) / 5;
    const p = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * p).find((st) => st >= raw)!;
    const a = Math.floor(lo / step) * step;
    const b = Math.ceil(hi / step) * step;
    const ticks: number[] = [];
    for (let t = a; t <= b + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
    return { domain: [a, b], ticks };
  };
  const x = nice(r.x);
  const y = nice(r.y);
  return { x: x.domain, y: y.domain, xTicks: x.ticks, yTicks: y.ticks };
}

/** Contour lines of the surface over the view, at levels spaced evenly in √loss (a quadratic bowl's rings). */
function contourLines(picture: Picture, range: ReturnType<typeof rangeOf>): { level: number; points: { x: number; y: number }[] }[] {
  const grid = surfaceGrid(picture.surface!, range, GRID, GRID);
  const lo = Math.sqrt(Math.max(0, Math.min(...grid.values)));
  const hi = Math.sqrt(Math.max(...grid.values));
  const thresholds = Array.from({ length: LEVELS }, (_, k) => (lo + ((hi - lo) * (k + 0.5)) / LEVELS) ** 2);
  const sx = (range.x[1] - range.x[0]) / (GRID - 1);
  const sy = (range.y[1] - range.y[0]) / (GRID - 1);
  const out: { level: number; points: { x: number; y: number }[] }[] = [];
  contours().size([GRID, GRID]).thresholds(thresholds)(grid.values).forEach((c, level) => {
    for (const polygon of c.coordinates) {
      for (const ring of polygon) {
        // d3-contour's coordinates are grid cells (a value's centre is at i + 0.5).
        out.push({ level, points: ring.map(([i, j]) => ({ x: range.x[0] + (i! - 0.5) * sx, y: range.y[0] + (j! - 0.5) * sy })) });
      }
    }
  });
  return out;
}

type DotProps = { cx?: number; cy?: number; payload?: { evaluated?: boolean; label?: string } };

function Dot({ cx, cy, payload, colour }: DotProps & { colour: string }) {
  if (cx === undefined || cy === undefined) return <g />;
  return payload?.evaluated ? (
    <circle cx={cx} cy={cy} r={6} fill="var(--pic-bg)" stroke={colour} strokeWidth={3} />
  ) : (
    <circle cx={cx} cy={cy} r={6} fill={colour} stroke="var(--pic-bg)" strokeWidth={1.5} />
  );
}

function Truth({ cx, cy }: DotProps) {
  if (cx === undefined || cy === undefined) return <g />;
  return <path d={star(cx, cy, 11)} fill="var(--pic-truth)" stroke="var(--pic-bg)" strokeWidth={1.5} />;
}

function Ghost({ cx, cy }: DotProps) {
  if (cx === undefined || cy === undefined) return <g />;
  return <circle cx={cx} cy={cy} r={7} fill="none" stroke="var(--pic-ghost)" strokeWidth={2} strokeDasharray="3 2" />;
}

function Cross({ cx, cy }: DotProps) {
  if (cx === undefined || cy === undefined) return <g />;
  return <path d={`M${cx - 6},${cy - 6}L${cx + 6},${cy + 6}M${cx - 6},${cy + 6}L${cx + 6},${cy - 6}`} stroke="var(--pic-ink)" strokeWidth={2.5} />;
}

function star(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let k = 0; k < 10; k++) {
    const a = (Math.PI / 5) * k - Math.PI / 2;
    const rr = k % 2 === 0 ? r : r * 0.45;
    pts.push(`${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`);
  }
  return `M${pts.join("L")}Z`;
}

/** The ghosts drawn, by their number on the chart: what each misconception would have given. */
function GhostList({ items }: { items: { title: string; text: string }[] }) {
  if (items.length === 0) return null;
  return (
    <ol className="mt-1 text-[0.85em]" style={{ color: "var(--pic-ghost)" }} data-testid="ghosts">
      {items.map((g, k) => (
        <li key={g.title}>
          <strong>{k + 1}</strong> {g.title}: {g.text}
        </li>
      ))}
    </ol>
  );
}

function Legend({ picture }: { picture: Picture }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-[0.85em]" aria-hidden>
      {picture.paths.map((p, i) => (
        <li key={p.id} className="flex items-center gap-1">
          <span className="inline-block h-1 w-6 rounded" style={{ background: colourOf(i) }} />
          {p.params ? p.params.join(", ") : p.loss}
          {p.from && <span className="opacity-80"> ({p.label})</span>}
        </li>
      ))}
    </ul>
  );
}

/** The numbers behind the pictures, for anyone who prefers a table (and for screen readers). */
function Numbers({ picture }: { picture: Picture }) {
  return (
    <details className="mt-1 text-[0.85em]">
      <summary className="cursor-pointer">The numbers</summary>
      {picture.paths.map((p) => (
        <table key={p.id} className="mt-2 text-left tabular-nums">
          <caption className="text-left font-semibold">{p.params ? `${p.params.join(", ")} (${p.label})` : p.label}</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-4">
                Iteration
              </th>
              {p.params && (
                <th scope="col" className="pr-4">
                  {p.params[0]}, {p.params[1]} after it
                </th>
              )}
              <th scope="col">Loss</th>
            </tr>
          </thead>
          <tbody>
            {rowsOf(p).map((r) => (
              <tr key={r.iteration}>
                <td className="pr-4">{r.iteration}</td>
                {p.params && <td className="pr-4">{r.point ? `${formatNumber(r.point.x)}, ${formatNumber(r.point.y)}` : ""}</td>}
                <td>{r.loss === null ? "" : `${formatNumber(r.loss.loss)}${r.loss.evaluated ? " (from the surface)" : ""}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </details>
  );
}

function rowsOf(p: PicturePath) {
  const its = [...new Set([...p.points.map((q) => q.iteration), ...p.losses.map((l) => l.iteration)])].sort((a, b) => a - b);
  return its.map((iteration) => ({ iteration, point: p.points.find((q) => q.iteration === iteration) ?? null, loss: p.losses.find((l) => l.iteration === iteration) ?? null }));
}

function describeLosses(picture: Picture, truth: Extract<RevealMark, { kind: "loss" }> | null, ghosts: { title: string; mark: Extract<RevealMark, { kind: "loss" }> }[]): string {
  const parts = picture.paths.map((p) => {
    const list = p.losses.map((l) => `${formatNumber(l.loss)} at iteration ${l.iteration}${l.evaluated ? " (from the surface)" : ""}`).join(", ");
    return `${p.params ? p.params.join(" and ") : p.label}${p.from ? `, branching at iteration ${p.from.iteration}` : ""}: ${list || "no loss yet"}.`;
  });
  if (truth) parts.push(`The answer: ${formatNumber(truth.loss)} at iteration ${truth.iteration}.`);
  for (const g of ghosts) parts.push(`${g.title} would give ${formatNumber(g.mark.loss)}.`);
  return `Loss curve. ${parts.join(" ")}`;
}

function describePaths(
  picture: Picture,
  truth: Extract<RevealMark, { kind: "point" }> | null,
  ghosts: { title: string; mark: Extract<RevealMark, { kind: "point" }> }[],
  minimum: { x: number; y: number } | null,
): string {
  const [a, b] = picture.axes!;
  const pt = (q: { x: number; y: number }) => `(${formatNumber(q.x)}, ${formatNumber(q.y)})`;
  const parts = picture.paths
    .filter((p) => p.params && p.points.length > 0)
    .map((p) => `${p.params!.join(" and ")}${p.from ? ` (${p.label})` : ""}: ${p.points.map(pt).join(" then ")}.`);
  if (minimum && picture.surface) parts.push(`The loss is lowest, ${formatNumber(linearMse(picture.surface, minimum.x, minimum.y))}, at ${pt(minimum)}.`);
  if (truth) parts.push(`The answer moves the path to ${pt(truth.to)}.`);
  for (const g of ghosts) parts.push(`${g.title} would move it to ${pt(g.mark.to)}.`);
  return `Path of ${a} and ${b}${picture.surface ? " on the contour lines of the loss" : ""}. ${parts.join(" ")}`;
}

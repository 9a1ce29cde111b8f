import type { HistogramBar } from "@/server/protocol/views";

const colours = {
  correct: "bg-emerald-600",
  misconception: "bg-amber-500",
  unclassified: "bg-slate-500",
} as const;

/** Answers grouped by what they reveal: correct, each misconception by name, or not a known pattern. */
export function Histogram({ bars, total, large = false }: { bars: HistogramBar[]; total: number; large?: boolean }) {
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <figure>
      <figcaption className="sr-only">Answers by misconception</figcaption>
      <ul className="flex flex-col gap-2" aria-label="Answers by misconception">
        {bars.map((b) => (
          <li key={b.key} data-bar={b.key} className={large ? "text-[clamp(1rem,1.25vw,1.75rem)]" : "text-sm"}>
            <div className="flex items-baseline justify-between gap-3">
              <span className="font-medium">{b.label}</span>
              <span className="tabular-nums" data-count>
                {b.count}
                <span className="sr-only"> of {total}</span>
              </span>
            </div>
            <div className="mt-1 h-3 w-full rounded bg-slate-200" aria-hidden>
              <div className={`h-3 rounded ${colours[b.outcome]}`} style={{ width: `${(b.count / max) * 100}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </figure>
  );
}

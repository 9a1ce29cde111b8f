"use client";

import { useEffect, useRef } from "react";

/**
 * The lesson's PyTorch source with the current line highlighted. The panel scrolls inside itself to keep the
 * current line in view; the page never moves (a projector shows one screen, and the question must stay on it).
 */
export function CodeView({ source, line, large = false, className = "max-h-[60vh]" }: { source: string[]; line: number | null; large?: boolean; className?: string }) {
  const panel = useRef<HTMLPreElement | null>(null);
  const current = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const p = panel.current;
    const c = current.current;
    if (!p || !c) return;
    // Not scrollIntoView: that scrolls every scrollable ancestor, the page included.
    const top = c.offsetTop - p.clientHeight / 2 + c.clientHeight / 2;
    p.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
  }, [line]);
  return (
    <pre
      ref={panel}
      tabIndex={0}
      className={`relative overflow-auto rounded-xl bg-slate-900 py-3 text-slate-100 ${large ? "text-[clamp(1rem,1.15vw,1.6rem)] leading-relaxed" : "text-sm leading-6"} ${className}`}
      aria-label="Lesson code"
    >
      <code>
        {source.map((text, i) => {
          const isCurrent = i === line;
          return (
            <div
              key={i}
              ref={isCurrent ? current : undefined}
              data-current={isCurrent ? "true" : undefined}
              aria-current={isCurrent ? "step" : undefined}
              className={`flex w-max min-w-full gap-3 px-3 ${isCurrent ? "bg-amber-300 font-semibold text-slate-950" : ""}`}
            >
              <span className={`w-7 shrink-0 text-right select-none ${isCurrent ? "text-slate-800" : "text-slate-400"}`}>{i + 1}</span>
              <span className="whitespace-pre">{text || " "}</span>
            </div>
          );
        })}
      </code>
    </pre>
  );
}

"use client";

import { useEffect, useRef } from "react";

/**
 * The lesson's PyTorch source with the current line highlighted. Long listings scroll inside a bounded panel
 * that keeps the current line in view (a projector shows one screen).
 */
export function CodeView({ source, line, large = false }: { source: string[]; line: number | null; large?: boolean }) {
  const current = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    current.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [line]);
  return (
    <pre
      tabIndex={0}
      className={`max-h-[60vh] overflow-auto rounded-xl bg-slate-900 py-3 text-slate-100 ${large ? "text-lg leading-relaxed" : "text-sm leading-6"}`}
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
              className={`flex gap-3 px-3 ${isCurrent ? "bg-amber-300 font-semibold text-slate-950" : ""}`}
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

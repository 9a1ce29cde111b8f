/** The lesson's PyTorch source with the current line highlighted. */
export function CodeView({ source, line, large = false }: { source: string[]; line: number | null; large?: boolean }) {
  return (
    <pre tabIndex={0}
      className={`overflow-x-auto rounded-xl bg-slate-900 py-3 text-slate-100 ${large ? "text-lg leading-relaxed" : "text-sm leading-6"}`}
      aria-label="Lesson code"
    >
      <code>
        {source.map((text, i) => {
          const current = i === line;
          return (
            <div
              key={i}
              data-current={current ? "true" : undefined}
              aria-current={current ? "step" : undefined}
              className={`flex gap-3 px-3 ${current ? "bg-amber-300 font-semibold text-slate-950" : ""}`}
            >
              <span className={`w-7 shrink-0 text-right select-none ${current ? "text-slate-800" : "text-slate-400"}`}>{i + 1}</span>
              <span className="whitespace-pre">{text || " "}</span>
            </div>
          );
        })}
      </code>
    </pre>
  );
}

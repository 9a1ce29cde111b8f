import type { ConsoleLine } from "@/server/protocol/views";

/** What the program printed so far, and the traceback of a line that raised, as a terminal shows them. */
export function ConsoleOutput({ lines, large = false, limit = 6 }: { lines: ConsoleLine[]; large?: boolean; limit?: number }) {
  if (lines.length === 0) return null;
  const shown = lines.slice(-limit);
  return (
    <section aria-label="Program output" className={`rounded-xl bg-black p-3 font-mono text-slate-100 ${large ? "text-xl" : "text-sm"}`}>
      <h2 className="sr-only">Program output</h2>
      {shown.map((l, i) => (
        <pre key={`${l.line}-${i}`} className={`whitespace-pre-wrap ${l.error ? "text-red-300" : ""}`}>
          {l.text}
        </pre>
      ))}
    </section>
  );
}

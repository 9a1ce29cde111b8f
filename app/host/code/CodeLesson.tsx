"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { type LineQuestion, misconceptionDefs, type Quantity, valueOfQuantity } from "@descent/autograd";
import { formatNumber, formatValue } from "@/app/_lib/format";
import type { Analysis, Problem, Request, Response } from "./analysis";

// CodeMirror loads with the editor, not with the page.
const CodeEditor = dynamic(() => import("./CodeEditor"), { ssr: false, loading: () => <p className="rounded-xl border-2 border-slate-300 p-4 text-slate-600">Loading the editor…</p> });

/** A request without its id (one per kind). */
type Ask = Request extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

const TITLES = new Map(misconceptionDefs.map((m) => [m.id, m.title]));

/** A quantity of the trace as the app shows values (lists, booleans and strings as Python prints them). */
function showQuantity(q: Quantity): string {
  const v = valueOfQuantity(q);
  if (v) return formatValue(v);
  switch (q.kind) {
    case "list":
      return `[${q.values.map(formatNumber).join(", ")}]`;
    case "bool":
      return q.value ? "True" : "False";
    case "str":
      return JSON.stringify(q.value);
    default:
      return "random (not set yet)";
  }
}

/** The editor, the trace beside it, and the questions of the line under the cursor. */
export function CodeLesson({ starts }: { starts: { id: string; title: string; source: string }[] }) {
  const labelId = useId();
  const startId = useId();
  const [code, setCode] = useState(starts[0]!.source);
  // A program loaded from a lesson or a file replaces the editor's document (a new editor).
  const [loaded, setLoaded] = useState(0);
  const [start, setStart] = useState(starts[0]!.id);
  const load = (source: string) => {
    setCode(source);
    setAnalysed(source);
    setLine(1);
    setPicked(null);
    setLoaded((n) => n + 1);
  };
  const [analysed, setAnalysed] = useState(code);
  const [line, setLine] = useState(1);
  const [picked, setPicked] = useState<number | null>(null);

  // Re-run shortly after typing stops.
  useEffect(() => {
    const t = setTimeout(() => setAnalysed(code), 250);
    return () => clearTimeout(t);
  }, [code]);

  // The analysis runs in a Web Worker: a long program never freezes the page.
  const worker = useRef<Worker | null>(null);
  const nextId = useRef(0);
  const [ready, setReady] = useState(false);
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [asked, setAsked] = useState<{ code: string; index: number; questions: LineQuestion[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const latest = useRef({ code: "", index: -1 });
  const receive = useCallback((r: Response) => {
    if (r.kind === "failed") setFailure(r.message);
    else if (r.kind === "analyse") {
      if (r.analysis.code === latest.current.code) setAnalysis(r.analysis);
    } else if (r.code === latest.current.code && r.index === latest.current.index) setAsked({ code: r.code, index: r.index, questions: r.questions });
  }, []);
  useEffect(() => {
    if (typeof Worker === "undefined") {
      setFailure("this browser cannot run Web Workers, where the program runs.");
      return;
    }
    const w = new Worker(new URL("./analysis.worker.ts", import.meta.url));
    w.onmessage = (e: MessageEvent<Response>) => receive(e.data);
    worker.current = w;
    setReady(true);
    return () => w.terminate();
  }, [receive]);
  const send = useCallback(
    (req: Ask) => {
      const full = { ...req, id: nextId.current++ } as Request;
      worker.current?.postMessage(full);
    },
    [],
  );
  useEffect(() => {
    if (!ready) return;
    latest.current = { code: analysed, index: -1 };
    setFailure(null);
    send({ kind: "analyse", code: analysed });
  }, [analysed, ready, send]);

  const current = analysis && analysis.code === analysed ? analysis : null;
  const problems: Problem[] = useMemo(() => {
    if (!current) return [];
    if ("refused" in current) return current.refused;
    return current.trace.checkpoints.filter((c) => c.error).map((c) => ({ line: c.line, message: `${c.error!.type}: ${c.error!.message}` }));
  }, [current]);

  const trace = current && "trace" in current ? current.trace : null;
  const onLine = trace ? trace.checkpoints.map((c, i) => [c, i] as const).filter(([c]) => c.line === line) : [];
  const index = picked !== null && trace?.checkpoints[picked]?.line === line ? picked : (onLine[0]?.[1] ?? null);
  useEffect(() => {
    if (!trace || index === null) return;
    latest.current = { code: analysed, index };
    send({ kind: "questions", code: analysed, index });
  }, [trace, index, analysed, send]);
  const questions = asked && asked.code === analysed && asked.index === index ? asked.questions : null;
  const checkpoint = trace && index !== null ? trace.checkpoints[index]! : null;

  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-2">
      <section aria-labelledby={labelId} className="min-w-0">
        <h2 id={labelId} className="text-lg font-semibold">
          PyTorch code
        </h2>
        <div className="mt-2 flex flex-wrap items-end gap-2">
          <div className="flex min-w-0 max-w-full flex-col">
            <label htmlFor={startId} className="text-sm font-semibold">
              Start from a lesson
            </label>
            <select id={startId} value={start} onChange={(e) => setStart(e.target.value)} className="w-full max-w-full truncate rounded-lg border-2 border-slate-300 bg-white px-2 py-1.5">
              {starts.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn-secondary" onClick={() => load(starts.find((s) => s.id === start)!.source)}>
            Load its code
          </button>
          <label className="btn-secondary cursor-pointer">
            Open a .py file
            <input
              type="file"
              accept=".py,text/x-python,text/plain"
              className="sr-only"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) load(await file.text());
              }}
            />
          </label>
        </div>
        <div className="mt-3">
          <CodeEditor key={loaded} value={code} onChange={setCode} problems={problems} onLine={(l) => { setLine(l); setPicked(null); }} labelledBy={labelId} />
        </div>
        <div aria-live="polite" className="mt-3">
          {failure ? (
            <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-900 ring-1 ring-red-200">
              Descent could not run this program: {failure}
            </p>
          ) : !current ? (
            <p className="text-sm text-slate-700">Running…</p>
          ) : "refused" in current ? (
            <div role="alert" className="rounded-lg bg-red-50 p-3 text-red-900 ring-1 ring-red-200" data-testid="code-refusals">
              <p className="font-semibold">Descent cannot run this program yet: nothing ran.</p>
              <ul className="mt-1 list-disc pl-5 text-sm">
                {current.refused.map((r, k) => (
                  <li key={k}>
                    Line {r.line}: {r.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-sm text-slate-700" data-testid="code-summary">
              Ran {current.trace.checkpoints.length} lines
              {current.trace.error ? `; the last error: ${current.trace.error.type} (${current.trace.error.message})` : ", without an error"}.
            </p>
          )}
        </div>
      </section>

      <section aria-labelledby={`${labelId}-line`} className="min-w-0">
        <h2 id={`${labelId}-line`} className="text-lg font-semibold">
          Line {line}
        </h2>
        {!trace ? (
          <p className="mt-2 text-slate-700">Fix the problems on the left to see the trace.</p>
        ) : onLine.length === 0 ? (
          <p className="mt-2 text-slate-700">This line does not run on its own (a blank line, a comment, the head of a loop or an if, or a branch that is not taken).</p>
        ) : (
          <>
            {onLine.length > 1 && (
              <div role="group" aria-label="Passes of this line" className="mt-2 flex flex-wrap gap-2">
                {onLine.map(([c, i]) => (
                  <button key={c.id} type="button" aria-pressed={i === index} onClick={() => setPicked(i)} className={i === index ? "btn-primary" : "btn-secondary"}>
                    {c.passes.map((p) => `${p.variable} = ${p.value}`).join(", ")}
                  </button>
                ))}
              </div>
            )}
            {checkpoint?.output && (
              <pre tabIndex={0} aria-label="What the line printed" className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">
                {checkpoint.output}
              </pre>
            )}
            {checkpoint?.error && (
              <p className="mt-3 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
                This line raises <strong>{checkpoint.error.type}</strong>: {checkpoint.error.message}
              </p>
            )}
            <h3 className="mt-4 font-semibold">Questions this line offers</h3>
            {questions === null ? (
              <p className="mt-1 text-slate-700">Working out what each misconception predicts…</p>
            ) : questions.length === 0 ? (
              <p className="mt-1 text-slate-700">None: it changes no value a student could predict.</p>
            ) : (
              <ul className="mt-2 flex flex-col gap-3" data-testid="line-questions">
                {questions.map((q) => (
                  <li key={q.quantity} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
                    <p>
                      What is <code className="font-semibold">{q.quantity}</code> after this line? <span className="text-slate-700">Truth: {formatValue(q.truth)}</span>
                    </p>
                    <p className={q.power === 0 ? "mt-1 font-semibold text-amber-800" : "mt-1 font-semibold text-emerald-800"} data-testid="question-power">
                      Diagnostic power {q.power}
                      {q.power === 0 ? ": no misconception predicts a different value here, so a wrong answer says nothing" : ""}
                    </p>
                    {q.clusters.length > 0 && (
                      <ul className="mt-1 list-disc pl-5 text-sm text-slate-700">
                        {q.clusters.map((c, k) => (
                          <li key={k}>
                            {formatValue(c.value)}: {c.ids.map((id) => TITLES.get(id) ?? id).join("; ")}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {checkpoint && (
              <details className="mt-4">
                <summary className="cursor-pointer text-sm font-semibold text-descent-700">Every value after this line</summary>
                <table className="mt-2 w-full text-left text-sm">
                  <thead>
                    <tr>
                      <th scope="col" className="pr-3">
                        Quantity
                      </th>
                      <th scope="col">Value</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(checkpoint.quantities).map(([name, v]) => (
                      <tr key={name}>
                        <td className="pr-3 font-mono">{name}</td>
                        <td className="font-mono">{showQuantity(v)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
          </>
        )}
      </section>
    </div>
  );
}

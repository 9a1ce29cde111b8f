"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { type LineQuestion, type LineRef, misconceptionDefs, type Quantity, type Section, valueOfQuantity } from "@descent/autograd";
import { readLessonFile } from "@descent/autograd/schema";
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

/** A lesson the editor starts from: a built-in one, or one of the teacher's (with `savedId`). */
export type Start = {
  id: string;
  title: string;
  summary: string;
  teacherNotes: string;
  source: string;
  sections?: Section[];
  questions?: LineRef[];
  /** The two numbers the pictures draw the path of (a bigger model's; see the lesson header's `picture`). */
  picture?: { params: [string, string] };
  savedId?: string;
  /** The saved version's lesson id ("custom-…"), for assigning it. */
  lessonId?: string;
};

type Issue = { path: string; message: string };

const sameRef = (a: LineRef, b: LineRef) => a.line === b.line && (a.pass ?? 1) === (b.pass ?? 1) && a.quantity === b.quantity;

/** The editor, the trace beside it, the questions of the line under the cursor, and the lesson being written. */
export function CodeLesson({ starts, initial, signedIn, classes }: { starts: Start[]; initial: Start; signedIn: boolean; classes: { id: string; name: string }[] }) {
  const router = useRouter();
  const labelId = useId();
  const startId = useId();
  const ids = { title: useId(), summary: useId(), notes: useId(), lesson: useId() };
  const [code, setCode] = useState(initial.source);
  // A program loaded from a lesson or a file replaces the editor's document (a new editor).
  const [loaded, setLoaded] = useState(0);
  const [start, setStart] = useState(starts[0]!.id);
  const [title, setTitle] = useState(initial.savedId ? initial.title : "");
  const [summary, setSummary] = useState(initial.savedId ? initial.summary : "");
  const [notes, setNotes] = useState(initial.savedId ? initial.teacherNotes : "");
  const [chosen, setChosen] = useState<LineRef[]>(initial.questions ?? []);
  const [sections, setSections] = useState<Section[] | undefined>(initial.sections);
  const [pictureParams, setPictureParams] = useState<[string, string]>(initial.picture?.params ?? ["", ""]);
  const [savedId, setSavedId] = useState<string | undefined>(initial.savedId);
  const [savedLessonId, setSavedLessonId] = useState<string | undefined>(initial.lessonId);
  const [status, setStatus] = useState<{ kind: "busy" | "saved" | "error"; text: string; issues?: Issue[] } | null>(null);
  const load = (source: string, from?: Start) => {
    setCode(source);
    setAnalysed(source);
    setLine(1);
    setPicked(null);
    setLoaded((n) => n + 1);
    setChosen(from?.questions ?? []);
    setSections(from?.sections);
    setPictureParams(from?.picture?.params ?? ["", ""]);
    if (from) {
      setTitle(`${from.title} (my version)`);
      setSummary(from.summary);
    }
    setSavedId(undefined);
    setSavedLessonId(undefined);
    setStatus(null);
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
  /** The question about `quantity` after checkpoint `i`, as the lesson's header names it (line, pass, quantity). */
  const refAt = (i: number, quantity: string): LineRef => {
    const c = trace!.checkpoints[i]!;
    const pass = trace!.checkpoints.slice(0, i + 1).filter((k) => k.line === c.line).length;
    return pass > 1 ? { line: c.line, pass, quantity } : { line: c.line, quantity };
  };
  const lines = code.replace(/\n+$/, "").split("\n");
  const lesson = {
    id: "custom",
    title: title.trim(),
    summary: summary.trim(),
    teacherNotes: notes.trim(),
    source: lines,
    ...(sections && sections.every((s) => s.line <= lines.length) ? { sections } : {}),
    ...(chosen.length > 0 ? { questions: chosen } : {}),
    ...(pictureParams[0].trim() && pictureParams[1].trim() ? { picture: { params: [pictureParams[0].trim(), pictureParams[1].trim()] as [string, string] } } : {}),
  };
  /** The program's parameters (the names with a .grad), offered for the pictures. */
  const parameters = [...new Set((trace?.checkpoints ?? []).flatMap((c) => Object.keys(c.quantities)).filter((q) => q.endsWith(".grad")).map((q) => q.slice(0, -5)))];
  const runnable = trace !== null && title.trim().length > 0;
  const post = async (url: string, body: unknown): Promise<Record<string, unknown> | null> => {
    setStatus({ kind: "busy", text: "Checking the lesson with every misconception…" });
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown> & { error?: { message: string; issues?: Issue[] } };
    if (!res.ok) {
      setStatus({ kind: "error", text: data.error?.message ?? `The server answered ${res.status}.`, ...(data.error?.issues ? { issues: data.error.issues } : {}) });
      return null;
    }
    return data;
  };
  const save = async () => {
    const data = await post("/api/lessons", { lesson, ...(savedId ? { savedId } : {}) });
    if (!data) return;
    setSavedId(String(data.savedId));
    setSavedLessonId(String(data.lessonId));
    setStatus({ kind: "saved", text: `Saved in your library as “${lesson.title}”.` });
    router.replace(`/host/code?saved=${String(data.savedId)}`, { scroll: false });
  };
  const host = async () => {
    const data = await post("/api/sessions", { lesson });
    if (data && typeof data.hostPath === "string") router.push(data.hostPath);
  };

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
          <button type="button" className="btn-secondary" onClick={() => { const s = starts.find((x) => x.id === start)!; load(s.source, s); }}>
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
                if (!file) return;
                const text = await file.text();
                // A lesson file (a "# ---" header, then the program) brings its title, sections and questions.
                const read = text.startsWith("# ---") ? readLessonFile(text) : null;
                if (read && !read.ok) {
                  setStatus({ kind: "error", text: "The file's header has errors.", issues: read.errors });
                  return;
                }
                if (!read) return load(text);
                const h = read.lesson as Partial<Start> & { source: string[] };
                load(`${h.source.join("\n")}\n`, { id: "file", title: String(h.title ?? file.name), summary: String(h.summary ?? ""), teacherNotes: "", source: "", ...(h.sections ? { sections: h.sections } : {}), ...(h.questions ? { questions: h.questions } : {}), ...(h.picture ? { picture: h.picture } : {}) });
                setTitle(String(h.title ?? ""));
                setNotes(String((h as { teacherNotes?: unknown }).teacherNotes ?? ""));
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
                    {checkpoint && (() => {
                      const ref = refAt(index!, q.quantity);
                      const on = chosen.some((r) => sameRef(r, ref));
                      return (
                        <button
                          type="button"
                          aria-pressed={on}
                          className={`${on ? "btn-primary" : "btn-secondary"} mt-2`}
                          onClick={() => setChosen((list) => (on ? list.filter((r) => !sameRef(r, ref)) : [...list, ref].sort((a, b) => a.line - b.line || (a.pass ?? 1) - (b.pass ?? 1))))}
                        >
                          {on ? "Asked in the lesson ✓" : "Ask this question"}
                        </button>
                      );
                    })()}
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
      <section aria-labelledby={ids.lesson} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 lg:col-span-2">
        <h2 id={ids.lesson} className="text-lg font-semibold">
          The lesson
        </h2>
        <p className="mt-1 text-slate-700">
          What students read, and the questions they are asked. With no question chosen, Descent chooses those that tell the
          most misconceptions apart.
        </p>
        <div className="mt-3 grid gap-3 md:grid-cols-2">
          <div className="flex flex-col">
            <label htmlFor={ids.title} className="font-semibold">
              Title
            </label>
            <input id={ids.title} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} className="rounded-lg border-2 border-slate-300 px-2 py-1.5" />
          </div>
          <div className="flex flex-col md:row-span-2">
            <label htmlFor={ids.notes} className="font-semibold">
              Notes for you (students never see them)
            </label>
            <textarea id={ids.notes} value={notes} maxLength={8000} rows={4} onChange={(e) => setNotes(e.target.value)} className="rounded-lg border-2 border-slate-300 px-2 py-1.5" />
          </div>
          <div className="flex flex-col">
            <label htmlFor={ids.summary} className="font-semibold">
              Summary for students
            </label>
            <textarea id={ids.summary} value={summary} maxLength={4000} rows={3} onChange={(e) => setSummary(e.target.value)} className="rounded-lg border-2 border-slate-300 px-2 py-1.5" />
          </div>
        </div>
        <fieldset className="mt-4">
          <legend className="font-semibold">The path on the projector&apos;s pictures</legend>
          <p className="text-sm text-slate-700">
            A model of two parameters draws them by itself. For a bigger one, name the two numbers to draw: a parameter, or
            one of its elements (<code>W2[0][1]</code>). Left empty, a bigger model has the loss curve alone.
          </p>
          <div className="mt-1 flex flex-wrap gap-3">
            {(["First (across)", "Second (up)"] as const).map((label, k) => (
              <label key={label} className="flex flex-col text-sm">
                {label}
                <input
                  value={pictureParams[k]}
                  list={`${ids.lesson}-parameters`}
                  maxLength={60}
                  onChange={(e) => setPictureParams((p) => (k === 0 ? [e.target.value, p[1]] : [p[0], e.target.value]))}
                  className="rounded-lg border-2 border-slate-300 px-2 py-1 font-mono"
                  data-testid={`picture-param-${k}`}
                />
              </label>
            ))}
            <datalist id={`${ids.lesson}-parameters`}>
              {parameters.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </div>
        </fieldset>
        <h3 className="mt-4 font-semibold">Questions ({chosen.length})</h3>
        {chosen.length === 0 ? (
          <p className="text-slate-700">None chosen: put the cursor on a line and press “Ask this question”.</p>
        ) : (
          <ul className="mt-1 flex flex-col gap-1" data-testid="chosen-questions">
            {chosen.map((r) => (
              <li key={`${r.line}:${r.pass ?? 1}:${r.quantity}`} className="flex items-center gap-2">
                <span>
                  Line {r.line}
                  {r.pass ? ` (pass ${r.pass})` : ""}: <code>{r.quantity}</code>
                </span>
                <button type="button" className="text-sm font-semibold text-descent-700 underline" onClick={() => setChosen((list) => list.filter((x) => !sameRef(x, r)))}>
                  Remove<span className="sr-only"> the question about {r.quantity} on line {r.line}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4 flex flex-wrap items-center gap-2">
          {signedIn ? (
            <button type="button" className="btn-primary" disabled={!runnable || status?.kind === "busy"} onClick={save}>
              {savedId ? "Save changes" : "Save in my library"}
            </button>
          ) : (
            <a href="/sign-in?next=/host/code" className="font-semibold text-descent-700 underline">
              Sign in to save it
            </a>
          )}
          <button type="button" className="btn-secondary" disabled={!runnable || status?.kind === "busy"} onClick={host}>
            Host it live now
          </button>
          {savedLessonId &&
            classes.map((c) => (
              <a key={c.id} href={`/classes/${c.id}/assign?lesson=${encodeURIComponent(savedLessonId)}`} className="btn-secondary">
                Assign to {c.name}
              </a>
            ))}
        </div>
        {!runnable && <p className="mt-2 text-sm text-slate-700">{trace ? "Give the lesson a title to save or host it." : "The program must run before it can be saved or hosted."}</p>}
        <div aria-live="polite">
          {status && (
            <div role={status.kind === "error" ? "alert" : "status"} className={`mt-3 rounded-lg p-3 ring-1 ${status.kind === "error" ? "bg-red-50 text-red-900 ring-red-200" : "bg-emerald-50 text-emerald-900 ring-emerald-200"}`} data-testid="lesson-status">
              <p>{status.text}</p>
              {status.issues && (
                <ul className="mt-1 list-disc pl-5 text-sm">
                  {status.issues.map((i, k) => (
                    <li key={k}>
                      {i.path ? `${i.path}: ` : ""}
                      {i.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </section>
    </div>
  );
}

"use client";

import { CodeView } from "@/app/_components/CodeView";
import { ComputationGraph } from "@/app/_components/ComputationGraph";
import { Countdown } from "@/app/_components/Countdown";
import { Formula } from "@/app/_components/Formula";
import { Histogram } from "@/app/_components/Histogram";
import { Prompt } from "@/app/_components/Prompt";
import { ValuesTable } from "@/app/_components/ValuesTable";
import { formatValue } from "@/app/_lib/format";
import { useWatch } from "@/app/_lib/useWatch";

export function Projector({ code, joinUrl, qr }: { code: string; joinUrl: string; qr: string }) {
  const { session: s, error, connected, offset } = useWatch(code);
  const q = s?.question ?? null;

  return (
    <main className="flex min-h-dvh flex-col bg-white px-8 py-6">
      <header className="flex items-center justify-between gap-6 border-b border-slate-200 pb-4">
        <div>
          <p className="text-lg font-semibold text-slate-600">{s?.lesson.title ?? "Descent"}</p>
          <p className="text-2xl">
            Join at <strong>{joinUrl.replace(/^https?:\/\//, "").replace(/\/join\/.*$/, "")}</strong> with code{" "}
            <strong className="font-mono tracking-widest text-descent-700">{code}</strong>
          </p>
        </div>
        <div className="text-right text-lg">
          <p>
            <span className="font-bold tabular-nums">{s?.participants.length ?? 0}</span> joined
          </p>
          {!connected && <p className="text-red-700">Reconnecting…</p>}
        </div>
      </header>

      {error && (
        <p role="alert" className="mt-6 text-xl text-red-800">
          {error}
        </p>
      )}

      {s?.status === "lobby" && (
        <section className="flex flex-1 flex-col items-center justify-center gap-6 text-center" aria-label="Lobby">
          <h1 className="text-5xl font-bold">Join the session</h1>
          <div className="h-72 w-72" role="img" aria-label={`QR code for ${joinUrl}`} dangerouslySetInnerHTML={{ __html: qr }} />
          <p className="font-mono text-7xl font-bold tracking-[0.3em] text-descent-700">{code}</p>
          <ul className="flex max-w-4xl flex-wrap justify-center gap-3 text-xl" aria-live="polite" aria-label="Joined">
            {s.participants.map((p) => (
              <li key={p.id} className="rounded-full bg-descent-50 px-4 py-1">
                {p.nickname}
              </li>
            ))}
          </ul>
        </section>
      )}

      {s && s.status !== "lobby" && (
        <div className="mt-6 grid flex-1 gap-8 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <section aria-label="Code">
            <CodeView source={s.lesson.source} line={s.line} large />
            <div className="mt-4">
              <ValuesTable values={s.values} large />
            </div>
          </section>
          <section aria-label="Question" className="flex flex-col gap-4 text-xl" aria-live="polite">
            {s.status === "ended" && <h1 className="text-4xl font-bold">Session ended — thank you!</h1>}
            {s.status === "finished" && <h1 className="text-3xl font-bold">Every line has run.</h1>}
            {s.paused && <p className="rounded-lg bg-amber-100 p-3 font-semibold text-amber-900">Paused</p>}
            {q ? (
              <>
                <h1 className="text-3xl font-bold">
                  <Prompt text={q.prompt} />
                </h1>
                <p className="text-4xl font-bold tabular-nums" data-testid="answered-count">
                  {q.answeredCount} of {s.participants.length} answered
                </p>
                {q.status === "open" && q.deadline !== null && (
                  <p className="text-3xl">
                    <Countdown deadline={q.deadline} offsetMs={offset} />
                  </p>
                )}
                {q.status === "closed" && <p className="text-slate-700">Answers are closed.</p>}
                {q.result && (
                  <div className="flex flex-col gap-4" data-testid="reveal">
                    <p className="text-3xl">
                      Answer: <strong className="font-mono">{formatValue(q.result.truth)}</strong>
                    </p>
                    <Histogram bars={q.result.histogram} total={q.result.answered} large />
                    {s.formula && <Formula tex={s.formula} className="text-2xl" />}
                  </div>
                )}
              </>
            ) : (
              s.status === "running" && (
                <>
                  <p className="text-2xl text-slate-700">
                    Next line: <code className="font-semibold">{s.statementLabel}</code>
                  </p>
                  {s.formula && <Formula tex={s.formula} className="text-2xl" />}
                </>
              )
            )}
          </section>
          {s.graph && (
            <section className="xl:col-span-2" data-testid="graph" aria-labelledby="graph-heading">
              <h2 id="graph-heading" className="mb-1 text-lg font-semibold text-slate-700">
                Computation graph
              </h2>
              <ComputationGraph graph={s.graph} />
            </section>
          )}
        </div>
      )}
    </main>
  );
}

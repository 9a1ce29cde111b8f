"use client";

import { useEffect, useState } from "react";
import { CodeView } from "@/app/_components/CodeView";
import { ComputationGraph } from "@/app/_components/ComputationGraph";
import { ConsoleOutput } from "@/app/_components/ConsoleOutput";
import { Countdown } from "@/app/_components/Countdown";
import { Formula } from "@/app/_components/Formula";
import { Histogram } from "@/app/_components/Histogram";
import { Leaderboard } from "@/app/_components/Leaderboard";
import { PeerResult } from "@/app/_components/PeerResult";
import { revealOf, TrainingPictures } from "@/app/_components/pictures/TrainingPictures";
import { Prompt } from "@/app/_components/Prompt";
import { ValuesTable } from "@/app/_components/ValuesTable";
import { formatValue } from "@/app/_lib/format";
import { useWatch } from "@/app/_lib/useWatch";
import type { PublicSession } from "@/server/protocol/views";

const THEME_KEY = "descent:projector-theme";
const PICTURES_KEY = "descent:projector-pictures";
/** Names shown in the lobby's cloud; the rest are a count (a hall of 200 does not fit on one screen). */
const LOBBY_NAMES = 60;

/**
 * The big screen. One viewport, never scrolled: the join code and the question stay in view at 1920×1080,
 * 1280×720 and 1024×768; the code panel (and long panels) scroll inside themselves. Type sizes follow the
 * width, so the back row can read them. Students' names appear only in the lobby.
 */
export function Projector({ code, joinUrl, qr }: { code: string; joinUrl: string; qr: string }) {
  const { session: s, lesson, error, connected, offset } = useWatch(code);
  const [dark, setDark] = useState(false);
  /** The pictures take the code's place on the left, large (the instructor's choice on this screen). */
  const [pictures, setPictures] = useState(false);
  useEffect(() => {
    setDark(localStorage.getItem(THEME_KEY) === "dark");
    setPictures(localStorage.getItem(PICTURES_KEY) === "large");
  }, []);
  const q = s?.question ?? null;
  const host = joinUrl.replace(/^https?:\/\//, "").replace(/\/join\/.*$/, "");

  return (
    <div className={dark ? "projector-dark" : ""}>
      <main className="flex h-dvh flex-col overflow-hidden bg-white px-[2vw] py-[1.5vh] text-ink">
        <header className="flex shrink-0 items-center justify-between gap-6 border-b border-slate-200 pb-[1vh]" data-testid="projector-header">
          <div className="min-w-0">
            <p className="truncate text-[clamp(1rem,1.1vw,1.5rem)] font-semibold text-slate-600">{s?.lesson.title ?? "Descent"}</p>
            <p className="text-[clamp(1.25rem,1.6vw,2.25rem)]" data-testid="join-line">
              Join at <strong>{host}</strong> with code <strong className="font-mono tracking-widest text-descent-700">{code}</strong>
            </p>
          </div>
          <div className="flex shrink-0 items-center gap-4 text-[clamp(1rem,1.2vw,1.75rem)]">
            <p>
              <span className="font-bold tabular-nums">{s?.joined ?? 0}</span> joined
            </p>
            {!connected && <p className="text-red-700">Reconnecting…</p>}
            {s?.picture && (
              <button
                type="button"
                className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
                aria-pressed={pictures}
                onClick={() => {
                  localStorage.setItem(PICTURES_KEY, pictures ? "small" : "large");
                  setPictures(!pictures);
                }}
              >
                {pictures ? "Code on the left" : "Pictures on the left"}
              </button>
            )}
            <button
              type="button"
              className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
              onClick={() => {
                localStorage.setItem(THEME_KEY, dark ? "light" : "dark");
                setDark(!dark);
              }}
            >
              {dark ? "Light theme" : "Dark theme"}
            </button>
          </div>
        </header>

        {error && (
          <p role="alert" className="mt-4 text-xl text-red-800">
            {error}
          </p>
        )}

        {s?.status === "lobby" && <Lobby s={s} code={code} joinUrl={joinUrl} qr={qr} />}

        {s && s.status !== "lobby" && (
          <div className="mt-[1.5vh] grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-[2vw]">
            {pictures && s.picture ? (
              <section aria-label="Pictures" className="min-h-0 overflow-auto" tabIndex={0}>
                <TrainingPictures picture={s.picture} reveal={revealOf(q, lesson?.explanations ?? {})} large stacked />
              </section>
            ) : (
              <section aria-label="Code" className="flex min-h-0 flex-col gap-[1vh]">
                <CodeView source={lesson?.source ?? []} line={s.line} large className="min-h-0 flex-1" />
                <ConsoleOutput lines={s.output} large limit={3} />
              </section>
            )}
            <section aria-label="Question" className="flex min-h-0 flex-col gap-[1.2vh] overflow-hidden text-[clamp(1rem,1.25vw,1.75rem)]">
              <div aria-live="polite" className="shrink-0">
                {s.status === "ended" && <h1 className="text-[clamp(1.75rem,2.1vw,3rem)] font-bold">Session ended — thank you!</h1>}
                {s.status === "finished" && <h1 className="text-[clamp(1.75rem,2.1vw,3rem)] font-bold">Every line has run.</h1>}
                {s.paused && <p className="rounded-lg bg-amber-100 p-3 font-semibold text-amber-900">Paused</p>}
                {s.iteration && s.status === "running" && (
                  <p className="font-semibold text-slate-600" data-testid="iteration">
                    {s.iteration.label} · part {s.iteration.index} of {s.iteration.count}
                  </p>
                )}
                {q && s.status !== "ended" ? (
                  <>
                    <h1 className="text-[clamp(1.75rem,2.1vw,3rem)] leading-tight font-bold" data-testid="projector-question">
                      {q.peer === "vote" && <span className="mr-2 rounded bg-descent-100 px-2 text-[0.7em]">First vote</span>}
                      {q.round > 1 && <span className="mr-2 rounded bg-descent-100 px-2 text-[0.7em]">Vote again</span>}
                      <Prompt text={q.prompt} />
                    </h1>
                    {q.peer === "discuss" && (
                      <p className="mt-[0.5vh] rounded-lg bg-descent-50 p-3 text-[clamp(1.75rem,2.4vw,3.5rem)] font-bold" data-testid="discuss">
                        Discuss with your neighbour: convince them of your answer.
                      </p>
                    )}
                    <p className="mt-[0.5vh] text-[clamp(1.5rem,1.9vw,2.75rem)] font-bold tabular-nums" data-testid="answered-count">
                      {q.answeredCount} of {s.joined} answered
                      {q.status === "open" && q.deadline !== null && (
                        <span className="ml-4 font-semibold text-descent-700">
                          <Countdown deadline={q.deadline} offsetMs={offset} />
                        </span>
                      )}
                      {q.status === "closed" && <span className="ml-4 text-slate-700">· answers closed</span>}
                    </p>
                  </>
                ) : (
                  s.status === "running" && (
                    <p className="text-[clamp(1.5rem,1.7vw,2.5rem)] text-slate-700">
                      Next line: <code className="font-semibold">{s.statementLabel}</code>
                    </p>
                  )
                )}
              </div>
              {q?.result && (
                <div className="flex min-h-0 flex-col gap-[1vh] overflow-auto" data-testid="reveal" tabIndex={0}>
                  <p className="text-[clamp(1.5rem,1.9vw,2.75rem)]">
                    Answer: <strong className="font-mono">{formatValue(q.result.truth)}</strong>
                  </p>
                  {q.result.first ? <PeerResult result={q.result} large /> : <Histogram bars={q.result.histogram} total={q.result.answered} large />}
                  {s.picture && !pictures && <TrainingPictures picture={s.picture} reveal={revealOf(q, lesson?.explanations ?? {})} large />}
                  {s.leaderboard && <Leaderboard rows={s.leaderboard} large />}
                  {s.formula && <Formula tex={s.formula} className="text-[1.2em]" />}
                  {s.graph && (
                    <div data-testid="graph">
                      <h2 className="font-semibold text-slate-700">Computation graph</h2>
                      <ComputationGraph graph={s.graph} />
                    </div>
                  )}
                </div>
              )}
              {(s.status === "ended" || s.status === "finished") && s.summary && <Summary summary={s.summary} />}
              {(s.status === "ended" || s.status === "finished") && s.leaderboard && <Leaderboard rows={s.leaderboard} large />}
              {(s.status === "ended" || s.status === "finished") && s.picture && !pictures && (
                <div className="min-h-0 flex-1 overflow-auto" tabIndex={0} aria-label="Where the parameters went">
                  <TrainingPictures picture={s.picture} reveal={null} large />
                </div>
              )}
              {!q?.result && s.status === "running" && (
                <div className="flex min-h-0 flex-1 flex-col gap-[1vh] overflow-auto" tabIndex={0} aria-label="Values and graph">
                  {s.valuesHidden ? (
                    <p className="rounded-lg bg-slate-100 p-3 font-semibold text-slate-700">The values are hidden until the reveal.</p>
                  ) : (
                    <>
                      <ValuesTable values={s.values} withheld={s.withheld} large />
                      {s.picture && !pictures && <TrainingPictures picture={s.picture} reveal={null} large />}
                      {s.graph && (
                        <div data-testid="graph">
                          <h2 className="font-semibold text-slate-700">Computation graph</h2>
                          <ComputationGraph graph={s.graph} />
                        </div>
                      )}
                    </>
                  )}
                </div>
              )}
            </section>
          </div>
        )}
      </main>
    </div>
  );
}

function Lobby({ s, code, joinUrl, qr }: { s: PublicSession; code: string; joinUrl: string; qr: string }) {
  const names = s.participants.slice(-LOBBY_NAMES);
  const more = s.joined - names.length;
  return (
    <section className="flex min-h-0 flex-1 items-center justify-center gap-[4vw]" aria-label="Lobby">
      <div className="flex shrink-0 flex-col items-center gap-[2vh]">
        <h1 className="text-[clamp(2rem,3vw,4rem)] font-bold">Join the session</h1>
        <div className="h-[min(36vh,22vw)] w-[min(36vh,22vw)]" role="img" aria-label={`QR code for ${joinUrl}`} dangerouslySetInnerHTML={{ __html: qr }} />
        <p className="font-mono text-[clamp(2.5rem,5vw,6rem)] font-bold tracking-[0.3em] text-descent-700">{code}</p>
      </div>
      <div className="flex max-h-full min-w-0 flex-1 flex-col gap-[1vh] overflow-hidden">
        <p className="text-[clamp(1.5rem,2vw,3rem)] font-bold tabular-nums" data-testid="lobby-count">
          {s.joined} joined
        </p>
        <ul className="flex flex-wrap gap-2 overflow-hidden text-[clamp(0.9rem,1vw,1.4rem)]" aria-live="polite" aria-label="Latest to join">
          {names.map((p) => (
            <li key={p.id} className="rounded-full bg-descent-50 px-3 py-0.5">
              {p.nickname}
            </li>
          ))}
          {more > 0 && <li className="px-3 py-0.5 font-semibold text-slate-600">and {more} more</li>}
        </ul>
      </div>
    </section>
  );
}

function Summary({ summary }: { summary: NonNullable<PublicSession["summary"]> }) {
  if (summary.questions.length === 0) return <p>{summary.participants} took part.</p>;
  return (
    <div className="min-h-0 overflow-auto" tabIndex={0} data-testid="summary">
      <h2 className="font-bold">
        How the class did ({summary.participants} took part)
      </h2>
      <table className="mt-2 w-full text-left">
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col" className="text-right">
              Correct
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.questions.map((q) => (
            <tr key={q.id} className="border-t border-slate-200">
              <td className="py-1 pr-3">
                <Prompt text={q.prompt} />
              </td>
              <td className="text-right tabular-nums">
                {q.correct} of {q.answered}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

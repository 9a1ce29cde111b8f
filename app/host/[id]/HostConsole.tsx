"use client";

import { useCallback, useEffect, useId, useState } from "react";
import { CodeView } from "@/app/_components/CodeView";
import { ComputationGraph } from "@/app/_components/ComputationGraph";
import { ConsoleOutput } from "@/app/_components/ConsoleOutput";
import { Countdown } from "@/app/_components/Countdown";
import { Histogram } from "@/app/_components/Histogram";
import { Leaderboard } from "@/app/_components/Leaderboard";
import { PeerResult } from "@/app/_components/PeerResult";
import { revealOf, TrainingPictures } from "@/app/_components/pictures/TrainingPictures";
import { Prompt } from "@/app/_components/Prompt";
import { ValuesTable } from "@/app/_components/ValuesTable";
import { formatValue } from "@/app/_lib/format";
import { request, requestUntilAnswered } from "@/app/_lib/socket";
import { clockOffset, useSessionSocket } from "@/app/_lib/useSessionSocket";
import { TIMER_CHOICES_SEC } from "@/server/protocol/constants";
import type { HostCommand } from "@/server/protocol/events";
import type { HostSession } from "@/server/protocol/views";
import { HostLink } from "./HostLink";

/** The host's keyboard shortcuts (ignored while typing in a field). */
const SHORTCUTS = [
  { key: "n", label: "run the highlighted line (next line)" },
  { key: "a", label: "ask the next suggested question" },
  { key: "c", label: "close answers" },
  { key: "d", label: "peer instruction: discuss, then vote again" },
  { key: "r", label: "reveal" },
  { key: "p", label: "pause or resume" },
] as const;

export function HostConsole({ sessionId, code, joinUrl, qr }: { sessionId: string; code: string; joinUrl: string; qr: string }) {
  const [s, setS] = useState<HostSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [timer, setTimer] = useState(0);
  const [hideValues, setHideValues] = useState(false);
  const [peer, setPeer] = useState(false);
  const [ghosts, setGhosts] = useState(false);
  const [showAnswer, setShowAnswer] = useState(false);
  const [confirmRun, setConfirmRun] = useState(false);
  const [offset, setOffset] = useState(0);
  const timerId = useId();

  const adopt = useCallback((state: HostSession) => {
    setS(state);
    setOffset(clockOffset(state.serverNow));
  }, []);

  const { socket, connected } = useSessionSocket(
    {
      attach: async (sock) => {
        const r = await requestUntilAnswered(sock, "host:attach", { sessionId });
        if (r.ok) adopt(r.data);
        else setError(r.error.message);
      },
      subscribe: (sock) => sock.on("host:state", adopt),
    },
    [sessionId, adopt],
  );

  const send = useCallback(
    async (command: HostCommand) => {
      if (!socket) return;
      setBusy(true);
      setError(null);
      const r = await request(socket, "host:command", { sessionId, command });
      setBusy(false);
      if (r.ok) adopt(r.data);
      else setError(r.error.message);
      if (command.type === "ask") setShowAnswer(false);
      if (command.type === "advance" || command.type === "goto") setConfirmRun(false);
    },
    [socket, sessionId, adopt],
  );

  const q = s?.question ?? null;
  const active = s?.roster.filter((p) => !p.kicked) ?? [];
  const removed = s?.roster.filter((p) => p.kicked) ?? [];
  const pendingQuestion = q !== null && q.status !== "revealed";
  const canStep = s !== null && s.status === "running" && !pendingQuestion && !s.paused;
  const unaskedSuggested = s?.suggestions.filter((x) => x.isDefault && !x.asked) ?? [];
  const ask = useCallback(
    (quantity: string) => send({ type: "ask", quantity, durationSec: timer || null, hideValues, peer, ghosts }),
    [send, timer, hideValues, peer, ghosts],
  );
  const run = useCallback(() => {
    // Running the line with a suggested question still unasked skips it: ask first.
    if (unaskedSuggested.length > 0 && !confirmRun) setConfirmRun(true);
    else void send({ type: "advance" });
  }, [unaskedSuggested.length, confirmRun, send]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.ctrlKey || e.metaKey || e.altKey || !s || busy) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName))) return;
      const key = e.key.toLowerCase();
      if (key === "n" && canStep) run();
      else if (key === "a" && canStep && unaskedSuggested[0]) void ask(unaskedSuggested[0].quantity);
      else if (key === "c" && q?.status === "open") void send({ type: "close" });
      else if (key === "d" && q?.peer === "vote") void send({ type: "discuss" });
      else if (key === "d" && q?.peer === "discuss") void send({ type: "revote", durationSec: timer || null });
      else if (key === "r" && q && q.status !== "revealed") void send({ type: "reveal" });
      else if (key === "p" && s.status !== "lobby" && s.status !== "ended") void send({ type: s.paused ? "resume" : "pause" });
      else return;
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [s, busy, canStep, run, ask, send, q, unaskedSuggested]);

  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="text-sm font-semibold text-slate-600">Hosting{s ? ` · ${s.lesson.title}` : ""}</p>
          <h1 className="text-2xl font-bold">
            Join code <span className="font-mono tracking-widest text-descent-700">{code}</span>
          </h1>
          <p className="text-sm break-all text-slate-700">
            Join link:{" "}
            <a className="underline" href={joinUrl}>
              {joinUrl}
            </a>
          </p>
        </div>
        <div className="flex items-center gap-4">
          <div className="h-28 w-28 rounded bg-white p-1 ring-1 ring-slate-200" role="img" aria-label={`QR code for ${joinUrl}`} dangerouslySetInnerHTML={{ __html: qr }} />
          <div className="flex flex-col gap-2">
            <a href={`/present/${code}`} target="_blank" rel="noopener" className="rounded-lg bg-slate-900 px-3 py-2 text-center text-sm font-semibold text-white">
              Open projector view ↗
            </a>
            <a href={`/sessions/${sessionId}/report`} className="text-center text-sm font-semibold text-descent-700 underline">
              Session report
            </a>
            <span className={`text-center text-xs font-semibold ${connected ? "text-emerald-700" : "text-red-700"}`} role="status">
              {connected ? "● Connected" : "● Reconnecting…"}
            </span>
          </div>
        </div>
      </header>

      {error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {error}
        </p>
      )}

      {s && (
        <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <section aria-label="Lesson" className="flex flex-col gap-4">
            <CodeView source={s.lesson.source} line={s.line} />
            {s.statementLabel && (
              <p className="text-sm text-slate-700">
                {s.iteration && (
                  <span className="font-semibold">
                    {s.iteration.label} (part {s.iteration.index} of {s.iteration.count}) ·{" "}
                  </span>
                )}
                Statement {s.cursor! + 1} of {s.statementCount}: <code className="font-semibold">{s.statementLabel}</code>
              </p>
            )}
            <ConsoleOutput lines={s.output} />
            {s.picture && (
              <details className="rounded-xl bg-white p-4 ring-1 ring-slate-200" open>
                <summary className="cursor-pointer font-semibold text-slate-700">Where the parameters go</summary>
                <div className="mt-2">
                  <TrainingPictures picture={s.picture} reveal={revealOf(q, s.lesson.explanations)} />
                </div>
              </details>
            )}
            {s.leaderboard && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <Leaderboard rows={s.leaderboard} />
              </div>
            )}
            {s.graph && (
              <details className="rounded-xl bg-white p-4 ring-1 ring-slate-200" open>
                <summary className="cursor-pointer font-semibold text-slate-700">Computation graph</summary>
                <div className="mt-2">
                  <ComputationGraph graph={s.graph} />
                </div>
              </details>
            )}
            <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              {s.valuesHidden && <p className="mb-2 text-sm font-semibold text-amber-900">The class sees no values until the reveal.</p>}
              <ValuesTable values={s.values} withheld={s.withheld} />
            </div>
            {s.teacherNotes && (
              <details className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <summary className="cursor-pointer font-semibold text-slate-700">Teaching notes (they give answers: keep them off the projector)</summary>
                <p className="mt-2 text-sm whitespace-pre-line text-slate-700">{s.teacherNotes}</p>
              </details>
            )}
          </section>

          <section aria-label="Controls" className="flex flex-col gap-4">
            <div className="flex flex-wrap gap-2">
              <button type="button" className="btn-secondary" onClick={() => send({ type: "lock", locked: !s.locked })} disabled={busy || s.status === "ended"}>
                {s.locked ? "Unlock room" : "Lock room"}
              </button>
              {s.status !== "lobby" && s.status !== "ended" && (
                <button type="button" className="btn-secondary" onClick={() => send({ type: s.paused ? "resume" : "pause" })} disabled={busy}>
                  {s.paused ? "Resume" : "Pause"}
                </button>
              )}
              <button type="button" className="btn-secondary" aria-pressed={s.leaderboard !== null} onClick={() => send({ type: "leaderboard", shown: s.leaderboard === null })} disabled={busy || s.status === "ended"}>
                {s.leaderboard !== null ? "Hide leaderboard" : "Show leaderboard"}
              </button>
              {s.status !== "ended" && (
                <button
                  type="button"
                  className="btn-secondary text-red-800"
                  disabled={busy}
                  onClick={() => {
                    if (window.confirm("End this session for everyone?")) void send({ type: "end" });
                  }}
                >
                  End session
                </button>
              )}
            </div>

            {s.status === "lobby" && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <h2 className="text-lg font-semibold">Lobby</h2>
                <p className="text-slate-700">Students join with the code, the link or the QR code. Start when the class is in.</p>
                <button type="button" className="btn-primary mt-3" onClick={() => send({ type: "start" })} disabled={busy}>
                  Start the lesson
                </button>
              </div>
            )}

            {s.status === "ended" && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <h2 className="text-lg font-semibold">This session has ended</h2>
                <p className="text-slate-700">
                  Answers are saved: see the{" "}
                  <a href={`/sessions/${sessionId}/report`} className="font-semibold underline">
                    session report
                  </a>
                  .
                </p>
              </div>
            )}

            {s.status === "finished" && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <h2 className="text-lg font-semibold">Every line has run</h2>
                <p className="text-slate-700">End the session when you are done discussing, or go back to a line.</p>
              </div>
            )}

            {q && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200" aria-live="polite">
                <h2 className="text-lg font-semibold">
                  Question{q.round > 1 ? ` (vote ${q.round})` : ""}
                  {q.peer === "vote" && " · peer instruction, first vote"}
                  {q.peer === "discuss" && " · the class is discussing"}
                </h2>
                <p className="mt-1">
                  <Prompt text={q.prompt} />
                </p>
                <p className="mt-2 text-2xl font-bold tabular-nums" data-testid="answered-count">
                  {q.answeredCount} of {active.length} answered
                </p>
                <p className="text-sm text-slate-700">
                  {q.status === "open" ? "Open" : q.status === "closed" ? "Closed" : "Revealed"}
                  {q.status === "open" && q.deadline !== null && (
                    <>
                      {" · "}
                      <Countdown deadline={q.deadline} offsetMs={offset} />
                    </>
                  )}
                  {s.paused && " · paused"}
                </p>
                {q.status !== "revealed" && s.preview && (
                  <div className="mt-2 text-sm">
                    <button type="button" className="underline" onClick={() => setShowAnswer((v) => !v)} aria-expanded={showAnswer}>
                      {showAnswer ? "Hide the answer" : "Show me the answer (only on this screen)"}
                    </button>
                    {showAnswer && <p className="mt-1 font-mono">{formatValue(s.preview)}</p>}
                  </div>
                )}
                <div className="mt-3 flex flex-wrap gap-2">
                  {q.status === "open" && (
                    <button type="button" className="btn-secondary" onClick={() => send({ type: "close" })} disabled={busy}>
                      Close answers <kbd className="ml-1 text-xs text-slate-600">C</kbd>
                    </button>
                  )}
                  {q.peer === "vote" && (
                    <button type="button" className="btn-primary" onClick={() => send({ type: "discuss" })} disabled={busy}>
                      Discuss with your neighbour <kbd className="ml-1 text-xs opacity-80">D</kbd>
                    </button>
                  )}
                  {q.peer === "discuss" && (
                    <button type="button" className="btn-primary" onClick={() => send({ type: "revote", durationSec: timer || null })} disabled={busy}>
                      Vote again <kbd className="ml-1 text-xs opacity-80">D</kbd>
                    </button>
                  )}
                  {q.status !== "revealed" && (
                    <button type="button" className={q.peer ? "btn-secondary" : "btn-primary"} onClick={() => send({ type: "reveal" })} disabled={busy}>
                      {q.peer === "vote" || q.peer === "discuss" ? "Reveal without a revote" : "Reveal"} <kbd className="ml-1 text-xs opacity-80">R</kbd>
                    </button>
                  )}
                  <button type="button" className="btn-secondary" aria-pressed={q.ghosts} onClick={() => send({ type: "ghosts", shown: !q.ghosts })} disabled={busy}>
                    {q.ghosts ? "Hide misconception ghosts" : "Show misconception ghosts"}
                  </button>
                </div>
                {q.result && (
                  <div className="mt-4">
                    <p className="text-lg">
                      True value: <strong className="font-mono">{formatValue(q.result.truth)}</strong>
                    </p>
                    <div className="mt-3">
                      {q.result.first ? <PeerResult result={q.result} /> : <Histogram bars={q.result.histogram} total={q.result.answered} />}
                    </div>
                  </div>
                )}
                {s.answers && <AnswerBreakdown answers={s.answers} calibration={s.calibration} />}
              </div>
            )}

            {s.status === "running" && !pendingQuestion && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <h2 className="text-lg font-semibold">Ask the class to predict…</h2>
                <div className="mt-2 flex flex-wrap items-center gap-4 text-sm">
                  <label htmlFor={timerId} className="flex items-center gap-2">
                    Timer
                    <select id={timerId} className="rounded border border-slate-300 px-2 py-1" value={timer} onChange={(e) => setTimer(Number(e.target.value))}>
                      <option value={0}>No timer</option>
                      {TIMER_CHOICES_SEC.map((t) => (
                        <option key={t} value={t}>
                          {t < 60 ? `${t} s` : `${t / 60} min`}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" checked={hideValues} onChange={(e) => setHideValues(e.target.checked)} />
                    Hide the values on the class&apos;s screens until the reveal
                  </label>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" checked={peer} onChange={(e) => setPeer(e.target.checked)} />
                    Peer instruction: vote, discuss with a neighbour, vote again
                  </label>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" checked={ghosts} onChange={(e) => setGhosts(e.target.checked)} />
                    After the reveal, draw what each misconception would give
                  </label>
                </div>
                <SuggestionList items={s.suggestions.filter((x) => x.related)} busy={busy || s.paused} onAsk={ask} />
                {s.suggestions.some((x) => !x.related) && (
                  <details className="mt-3">
                    <summary className="cursor-pointer text-sm font-semibold text-descent-700">Other quantities</summary>
                    <SuggestionList items={s.suggestions.filter((x) => !x.related)} busy={busy || s.paused} onAsk={ask} />
                  </details>
                )}
              </div>
            )}

            {(s.status === "running" || s.status === "finished") && (
              <div className="rounded-xl border-2 border-dashed border-slate-300 bg-slate-100 p-4" aria-label="Pacing">
                <h2 className="text-lg font-semibold">Move through the code</h2>
                {s.status === "running" && (
                  <>
                    {confirmRun && unaskedSuggested.length > 0 ? (
                      <div role="alert" className="mt-2 rounded-lg bg-amber-50 p-3 text-amber-950 ring-1 ring-amber-300">
                        <p>
                          The suggested question{unaskedSuggested.length > 1 ? "s" : ""} about{" "}
                          {unaskedSuggested.map((x) => (
                            <code key={x.quantity} className="mx-0.5 font-semibold">
                              {x.quantity}
                            </code>
                          ))}{" "}
                          at this line {unaskedSuggested.length > 1 ? "have" : "has"} not been asked. Once the line runs, the class sees the
                          answer.
                        </p>
                        <div className="mt-2 flex gap-2">
                          <button type="button" className="btn-primary" onClick={() => send({ type: "advance" })} disabled={busy}>
                            Run it anyway
                          </button>
                          <button type="button" className="btn-secondary" onClick={() => setConfirmRun(false)}>
                            Cancel
                          </button>
                        </div>
                      </div>
                    ) : (
                      <button type="button" className="btn-secondary mt-2 w-full" onClick={run} disabled={!canStep || busy}>
                        Run this line ▶ <kbd className="ml-1 text-xs text-slate-600">N</kbd>
                      </button>
                    )}
                  </>
                )}
                {(() => {
                  // Lines with nothing to ask (prints, setup) can be run in one go, up to the next suggested question.
                  const stop = s.questionStops.find((c) => c > (s.cursor ?? s.statementCount));
                  return stop !== undefined && stop > (s.cursor ?? 0) + 1 ? (
                    <button type="button" className="btn-secondary mt-2 w-full" disabled={busy || pendingQuestion || s.paused || unaskedSuggested.length > 0} onClick={() => send({ type: "goto", cursor: stop })}>
                      Run up to the next suggested question » (statement {stop + 1})
                    </button>
                  ) : null;
                })()}
                <GoToLine key={s.cursor ?? "end"} s={s} disabled={busy || pendingQuestion || s.paused} onGo={(cursor) => send({ type: "goto", cursor })} />
                {s.paused && <p className="mt-2 text-sm text-slate-700">Resume the session to go on.</p>}
              </div>
            )}

            <details className="rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200">
              <summary className="cursor-pointer font-semibold">Keyboard shortcuts</summary>
              <ul className="mt-2">
                {SHORTCUTS.map((k) => (
                  <li key={k.key}>
                    <kbd className="rounded border border-slate-300 px-1 font-mono">{k.key.toUpperCase()}</kbd> {k.label}
                  </li>
                ))}
              </ul>
            </details>

            <HostLink sessionId={sessionId} />

            <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <h2 className="text-lg font-semibold">
                Participants <span className="text-slate-600">({active.length})</span>
              </h2>
              {active.length === 0 ? (
                <p className="text-slate-700">Nobody yet.</p>
              ) : (
                <ul className="mt-2 flex max-h-96 flex-col gap-1 overflow-auto" aria-live="polite">
                  {active.map((p) => (
                    <li key={p.id} className="flex items-center justify-between gap-2">
                      <span>
                        {p.nickname}
                        {q && q.status !== "revealed" && p.answered && (
                          <span className="ml-2 text-emerald-700" aria-label="answered">
                            ✓
                          </span>
                        )}
                        {p.profile.bugs.map((b) => (
                          <span key={b.id} className="ml-2 rounded bg-amber-100 px-1 text-xs font-semibold text-amber-900" title={`Seen on ${b.count} questions`}>
                            {b.title}
                          </span>
                        ))}
                      </span>
                      <span className="flex shrink-0 gap-3">
                        <button
                          type="button"
                          className="text-sm text-slate-700 underline"
                          onClick={() => {
                            if (window.confirm(`Release ${p.nickname}'s seat? They leave the session, and their nickname and name or ID are free to join with again (from a new device, say).`)) {
                              void send({ type: "release", participantId: p.id });
                            }
                          }}
                          aria-label={`Release seat of ${p.nickname}`}
                        >
                          Release seat
                        </button>
                        <button
                          type="button"
                          className="text-sm text-red-800 underline"
                          onClick={() => {
                            if (window.confirm(`Remove ${p.nickname} from the session?`)) void send({ type: "kick", participantId: p.id });
                          }}
                          aria-label={`Remove ${p.nickname}`}
                        >
                          Remove
                        </button>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {removed.length > 0 && (
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-semibold text-slate-700">Removed ({removed.length})</summary>
                  <ul className="mt-2 flex flex-col gap-1">
                    {removed.map((p) => (
                      <li key={p.id} className="flex items-center justify-between gap-2 text-slate-700">
                        <span>{p.nickname}</span>
                        {p.released ? (
                          <span className="text-sm">seat released</span>
                        ) : (
                          <button type="button" className="text-sm underline" onClick={() => void send({ type: "readmit", participantId: p.id })} aria-label={`Let ${p.nickname} back in`}>
                            Let back in
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </div>
          </section>
        </div>
      )}
    </main>
  );
}

/** Step back (or ahead) to any line: the class then sees the state at that line, and the host can ask about it. */
function GoToLine({ s, disabled, onGo }: { s: HostSession; disabled: boolean; onGo: (cursor: number) => void }) {
  const id = useId();
  const [target, setTarget] = useState<number>(Math.max(0, (s.cursor ?? s.statementCount) - 1));
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={id}>Go to statement</label>
      <select id={id} className="max-w-full min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 font-mono" value={target} onChange={(e) => setTarget(Number(e.target.value))}>
        {s.statements.map((label, i) => (
          <option key={i} value={i}>
            {i + 1}. {label}
          </option>
        ))}
      </select>
      <button type="button" className="btn-secondary" disabled={disabled} onClick={() => onGo(target)}>
        Go
      </button>
    </div>
  );
}

function AnswerBreakdown({ answers, calibration }: { answers: NonNullable<HostSession["answers"]>; calibration: HostSession["calibration"] }) {
  if (answers.length === 0) return <p className="mt-3 text-sm text-slate-700">No answers.</p>;
  return (
    <div className="mt-4 text-sm" data-testid="answer-breakdown">
      <h3 className="font-semibold">What they answered</h3>
      <ul className="mt-1 flex flex-col gap-1">
        {answers.map((g) => (
          <li key={g.key}>
            <span className="font-medium">{g.label}</span> <span className="text-slate-600">({g.count})</span>:{" "}
            <span className="font-mono">{g.values.map((v) => `${v.text} × ${v.count}`).join(", ")}</span>
          </li>
        ))}
      </ul>
      {calibration && (
        <table className="mt-3 w-full text-left">
          <caption className="text-left font-semibold">Confidence and correctness</caption>
          <thead>
            <tr>
              <th scope="col">How sure</th>
              <th scope="col">Wrong</th>
              <th scope="col">Correct</th>
            </tr>
          </thead>
          <tbody>
            {calibration.map((row) => (
              <tr key={row.confidence} className={row.confidence === "high" && row.wrong > 0 ? "bg-red-50 font-semibold text-red-900" : ""}>
                <th scope="row">{row.confidence === "none" ? "not said" : row.confidence}</th>
                <td className="tabular-nums">{row.wrong}</td>
                <td className="tabular-nums">{row.correct}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function SuggestionList({ items, busy, onAsk }: { items: HostSession["suggestions"]; busy: boolean; onAsk: (quantity: string) => void }) {
  return (
    <ul className="mt-3 flex flex-col gap-2">
      {items.map((sug) => (
        <li key={sug.quantity} className="flex items-center justify-between gap-3">
          <span className="text-sm">
            {sug.isDefault && (
              <span className="mr-1 rounded bg-amber-100 px-1 text-xs font-semibold text-amber-900" title="Suggested by the lesson">
                suggested
              </span>
            )}
            <code className="font-semibold">{sug.quantity}</code>
            {sug.asked && <span className="ml-1 text-slate-600">(asked{sug.rounds > 1 ? ` ${sug.rounds}×` : ""})</span>}
          </span>
          <button type="button" className="btn-secondary" disabled={busy} aria-label={`${sug.asked ? "Ask again" : "Ask"} about ${sug.quantity}`} onClick={() => onAsk(sug.quantity)}>
            {sug.asked ? "Ask again" : "Ask"}
          </button>
        </li>
      ))}
    </ul>
  );
}

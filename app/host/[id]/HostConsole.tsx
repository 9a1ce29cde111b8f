"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { CodeView } from "@/app/_components/CodeView";
import { ComputationGraph } from "@/app/_components/ComputationGraph";
import { Countdown } from "@/app/_components/Countdown";
import { Histogram } from "@/app/_components/Histogram";
import { Prompt } from "@/app/_components/Prompt";
import { ValuesTable } from "@/app/_components/ValuesTable";
import { formatValue } from "@/app/_lib/format";
import { connect, request, type DescentSocket } from "@/app/_lib/socket";
import type { HostCommand } from "@/server/protocol/events";
import type { HostSession } from "@/server/protocol/views";

const TIMERS = [
  { label: "No timer", value: 0 },
  { label: "15 s", value: 15 },
  { label: "30 s", value: 30 },
  { label: "60 s", value: 60 },
  { label: "2 min", value: 120 },
];

export function HostConsole({ sessionId, code, joinUrl, qr }: { sessionId: string; code: string; joinUrl: string; qr: string }) {
  const socketRef = useRef<DescentSocket | null>(null);
  const [s, setS] = useState<HostSession | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [timer, setTimer] = useState(0);
  const [showAnswer, setShowAnswer] = useState(false);
  const [offset, setOffset] = useState(0);

  useEffect(() => {
    const socket = connect();
    socketRef.current = socket;
    const attach = async () => {
      const r = await request(socket, "host:attach", { sessionId });
      if (r.ok) {
        setS(r.data);
        setOffset(r.data.serverNow - Date.now());
      } else setError(r.error.message);
    };
    socket.on("connect", () => {
      setConnected(true);
      if (!socket.recovered) void attach();
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("host:state", (state) => {
      setS(state);
      setOffset(state.serverNow - Date.now());
    });
    return () => {
      socket.disconnect();
    };
  }, [sessionId]);

  const send = useCallback(
    async (command: HostCommand) => {
      const socket = socketRef.current;
      if (!socket) return;
      setBusy(true);
      setError(null);
      const r = await request(socket, "host:command", { sessionId, command });
      setBusy(false);
      if (r.ok) setS(r.data);
      else setError(r.error.message);
      if (command.type === "ask") setShowAnswer(false);
    },
    [sessionId],
  );

  const q = s?.question ?? null;
  const active = s?.roster.filter((p) => !p.kicked) ?? [];
  const removed = s?.roster.filter((p) => p.kicked) ?? [];
  const pendingQuestion = q !== null && q.status !== "revealed";

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
                Statement {s.cursor! + 1} of {s.statementCount}: <code className="font-semibold">{s.statementLabel}</code>
              </p>
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
              <ValuesTable values={s.values} />
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
                <p className="text-slate-700">Answers are saved.</p>
              </div>
            )}

            {s.status === "finished" && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <h2 className="text-lg font-semibold">Every line has run</h2>
                <p className="text-slate-700">End the session when you are done discussing.</p>
              </div>
            )}

            {q && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200" aria-live="polite">
                <h2 className="text-lg font-semibold">Question</h2>
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
                      Close answers
                    </button>
                  )}
                  {q.status !== "revealed" && (
                    <button type="button" className="btn-primary" onClick={() => send({ type: "reveal" })} disabled={busy}>
                      Reveal
                    </button>
                  )}
                </div>
                {q.result && (
                  <div className="mt-4">
                    <p className="text-lg">
                      True value: <strong className="font-mono">{formatValue(q.result.truth)}</strong>
                    </p>
                    <div className="mt-3">
                      <Histogram bars={q.result.histogram} total={q.result.answered} />
                    </div>
                  </div>
                )}
              </div>
            )}

            {s.status === "running" && !pendingQuestion && (
              <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <h2 className="text-lg font-semibold">Ask the class to predict…</h2>
                <label className="mt-2 flex items-center gap-2 text-sm">
                  Timer
                  <select className="rounded border border-slate-300 px-2 py-1" value={timer} onChange={(e) => setTimer(Number(e.target.value))}>
                    {TIMERS.map((t) => (
                      <option key={t.value} value={t.value}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                </label>
                <SuggestionList items={s.suggestions.filter((x) => x.related)} busy={busy || s.paused} onAsk={(quantity) => send({ type: "ask", quantity, durationSec: timer || null })} />
                {s.suggestions.some((x) => !x.related) && (
                  <details className="mt-3">
                    <summary className="cursor-pointer text-sm font-semibold text-descent-700">Other quantities</summary>
                    <SuggestionList items={s.suggestions.filter((x) => !x.related)} busy={busy || s.paused} onAsk={(quantity) => send({ type: "ask", quantity, durationSec: timer || null })} />
                  </details>
                )}
                <button type="button" className="btn-primary mt-4 w-full" onClick={() => send({ type: "advance" })} disabled={busy || s.paused}>
                  Run this line ▶
                </button>
                {s.paused && <p className="mt-2 text-sm text-slate-700">Resume the session to go on.</p>}
              </div>
            )}

            <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <h2 className="text-lg font-semibold">
                Participants <span className="text-slate-600">({active.length})</span>
              </h2>
              {active.length === 0 ? (
                <p className="text-slate-700">Nobody yet.</p>
              ) : (
                <ul className="mt-2 flex flex-col gap-1" aria-live="polite">
                  {active.map((p) => (
                    <li key={p.id} className="flex items-center justify-between gap-2">
                      <span>
                        {p.nickname}
                        {q && q.status !== "revealed" && p.answered && <span className="ml-2 text-emerald-700" aria-label="answered">✓</span>}
                        {p.profile.bugs.map((b) => (
                          <span key={b.id} className="ml-2 rounded bg-amber-100 px-1 text-xs font-semibold text-amber-900" title={`Seen on ${b.count} questions`}>
                            {b.title}
                          </span>
                        ))}
                      </span>
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
                        <button type="button" className="text-sm underline" onClick={() => void send({ type: "readmit", participantId: p.id })} aria-label={`Let ${p.nickname} back in`}>
                          Let back in
                        </button>
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
            {sug.asked && <span className="ml-1 text-slate-600">(asked)</span>}
          </span>
          <button type="button" className="btn-secondary" disabled={busy || sug.asked} aria-label={`Ask about ${sug.quantity}`} onClick={() => onAsk(sug.quantity)}>
            Ask
          </button>
        </li>
      ))}
    </ul>
  );
}

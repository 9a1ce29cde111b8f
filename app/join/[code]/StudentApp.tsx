"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { adjectives, animals, uniqueNamesGenerator } from "unique-names-generator";
import { Prompt } from "@/app/_components/Prompt";
import { formatAnswer, formatValue, NUMBER_EXAMPLES, parseNumber, parseVector, VECTOR_EXAMPLE } from "@/app/_lib/format";
import { connect, request, type DescentSocket } from "@/app/_lib/socket";
import type { AnswerInput, JoinResult, SubmitResult } from "@/server/protocol/events";
import type { ParticipantView, PublicQuestion, PublicSession } from "@/server/protocol/views";

const tokenKey = (code: string) => `descent:resume:${code}`;

function anotherNickname(): string {
  return uniqueNamesGenerator({ dictionaries: [adjectives, animals], separator: " ", style: "capital", length: 2 });
}

type Status = "connecting" | "nickname" | "joined" | "kicked";

export function StudentApp({ code, suggestion }: { code: string; suggestion: string }) {
  const socketRef = useRef<DescentSocket | null>(null);
  const [status, setStatus] = useState<Status>("connecting");
  const [connected, setConnected] = useState(false);
  const [session, setSession] = useState<PublicSession | null>(null);
  const [you, setYou] = useState<ParticipantView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kickedMessage, setKickedMessage] = useState("");

  const adopt = useCallback((r: JoinResult) => {
    localStorage.setItem(tokenKey(code), r.resumeToken);
    setSession(r.session);
    setYou(r.you);
    setStatus("joined");
    setError(null);
  }, [code]);

  useEffect(() => {
    const socket = connect();
    socketRef.current = socket;
    socket.on("connect", async () => {
      setConnected(true);
      if (socket.recovered) return;
      // A new connection (first visit, reload, or the server restarted): resume with the stored token if any.
      const token = localStorage.getItem(tokenKey(code));
      if (!token) {
        setStatus((s) => (s === "connecting" ? "nickname" : s));
        return;
      }
      const r = await request(socket, "session:join", { code, resumeToken: token });
      if (r.ok) adopt(r.data);
      else {
        if (r.error.code === "NOT_JOINED" || r.error.code === "KICKED") localStorage.removeItem(tokenKey(code));
        setError(r.error.code === "NOT_JOINED" ? null : r.error.message);
        setStatus("nickname");
      }
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("session:state", setSession);
    socket.on("session:you", setYou);
    socket.on("session:kicked", ({ message }) => {
      localStorage.removeItem(tokenKey(code));
      setKickedMessage(message);
      setStatus("kicked");
    });
    return () => {
      socket.disconnect();
    };
  }, [code, adopt]);

  if (status === "kicked") {
    return (
      <Shell connected={connected}>
        <h1 className="text-2xl font-bold">Removed from the session</h1>
        <p className="mt-2">{kickedMessage}</p>
      </Shell>
    );
  }

  if (status === "connecting") {
    return (
      <Shell connected={connected}>
        <p role="status">Connecting…</p>
      </Shell>
    );
  }

  if (status === "nickname" || !session || !you) {
    return (
      <Shell connected={connected}>
        <NicknameForm
          code={code}
          suggestion={suggestion}
          error={error}
          onJoin={async (nickname) => {
            const socket = socketRef.current;
            if (!socket) return;
            const r = await request(socket, "session:join", { code, nickname });
            if (r.ok) adopt(r.data);
            else setError(r.error.message);
          }}
        />
      </Shell>
    );
  }

  return (
    <Shell connected={connected} nickname={you.nickname} score={you.score}>
      <Play socket={socketRef.current!} session={session} you={you} onYou={setYou} />
    </Shell>
  );
}

function Shell({
  children,
  connected,
  nickname,
  score,
}: {
  children: React.ReactNode;
  connected: boolean;
  nickname?: string;
  score?: ParticipantView["score"];
}) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-lg flex-col px-4 py-4">
      <header className="mb-4 flex items-center justify-between gap-3 text-sm">
        <span className="font-mono font-semibold tracking-widest text-descent-700">∇ DESCENT</span>
        {nickname && <span className="font-semibold">{nickname}</span>}
        {score && (
          <span data-testid="score" className="tabular-nums">
            {score.correct}/{score.asked} correct
          </span>
        )}
        <span className={connected ? "text-emerald-700" : "text-red-700"} role="status">
          {connected ? "●" : "● offline"}
          <span className="sr-only">{connected ? "connected" : "reconnecting"}</span>
        </span>
      </header>
      {children}
    </main>
  );
}

function NicknameForm({
  code,
  suggestion,
  error,
  onJoin,
}: {
  code: string;
  suggestion: string;
  error: string | null;
  onJoin: (nickname: string) => Promise<void>;
}) {
  const id = useId();
  const [nickname, setNickname] = useState(suggestion);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        await onJoin(nickname);
        setBusy(false);
      }}
    >
      <h1 className="text-2xl font-bold">
        Join session <span className="font-mono tracking-widest text-descent-700">{code}</span>
      </h1>
      <label htmlFor={id} className="font-semibold">
        Your nickname
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          maxLength={24}
          minLength={2}
          required
          autoComplete="off"
          className="min-w-0 flex-1 rounded-xl border-2 border-slate-300 px-3 py-2 text-lg focus:border-descent-600 focus:outline-none"
        />
        <button type="button" className="btn-secondary" onClick={() => setNickname(anotherNickname())}>
          Another
        </button>
      </div>
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="btn-primary py-3 text-lg">
        {busy ? "Joining…" : "Join"}
      </button>
    </form>
  );
}

function CodeSnippet({ source, line }: { source: string[]; line: number | null }) {
  if (line === null) return null;
  const from = Math.max(0, line - 2);
  const to = Math.min(source.length, line + 3);
  return (
    <pre tabIndex={0} className="overflow-x-auto rounded-xl bg-slate-900 py-2 text-sm leading-6 text-slate-100" aria-label="Current line of code">
      <code>
        {source.slice(from, to).map((text, k) => {
          const i = from + k;
          const current = i === line;
          return (
            <div key={i} aria-current={current ? "step" : undefined} className={`px-3 whitespace-pre ${current ? "bg-amber-300 font-semibold text-slate-950" : ""}`}>
              {text || " "}
            </div>
          );
        })}
      </code>
    </pre>
  );
}

function Play({ socket, session, you, onYou }: { socket: DescentSocket; session: PublicSession; you: ParticipantView; onYou: (v: ParticipantView) => void }) {
  const q = session.question;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-700">{session.lesson.title}</p>
      {session.status === "lobby" && (
        <p className="rounded-xl bg-descent-50 p-4 text-lg" role="status">
          You&apos;re in, {you.nickname}! Waiting for the host to start…
        </p>
      )}
      {session.status === "ended" && (
        <div className="rounded-xl bg-descent-50 p-4" role="status">
          <h1 className="text-xl font-bold">The session has ended</h1>
          <p>
            You predicted {you.score.correct} of {you.score.asked} values correctly.
          </p>
          <ProfileSummary profile={you.profile} />
        </div>
      )}
      {session.status === "finished" && (
        <div className="rounded-xl bg-descent-50 p-4" role="status">
          <p className="font-semibold">Every line has run. Your instructor will wrap up.</p>
          <ProfileSummary profile={you.profile} />
        </div>
      )}
      {session.status !== "lobby" && session.status !== "ended" && <CodeSnippet source={session.lesson.source} line={session.line} />}
      {session.paused && <p className="rounded-lg bg-amber-100 p-3 font-semibold text-amber-900">The host paused the session.</p>}
      {q && session.status !== "ended" ? (
        <QuestionCard key={q.id} socket={socket} q={q} you={you} onYou={onYou} paused={session.paused} />
      ) : (
        session.status === "running" && <p className="text-slate-700">Watch the big screen: the next question is coming.</p>
      )}
    </div>
  );
}

type Kind = AnswerInput["kind"];

function QuestionCard({ socket, q, you, onYou, paused }: { socket: DescentSocket; q: PublicQuestion; you: ParticipantView; onYou: (v: ParticipantView) => void; paused: boolean }) {
  const mine = you.answer && you.answer.questionId === q.id ? you.answer : null;
  const numeric: Kind = q.accepts.includes("vector") ? "vector" : "number";
  const [kind, setKind] = useState<Kind>(mine?.answer.kind ?? numeric);
  const [text, setText] = useState(mine && (mine.answer.kind === "number" || mine.answer.kind === "vector") ? formatAnswer(mine.answer) : "");
  const [confidence, setConfidence] = useState<"low" | "medium" | "high" | null>(mine?.confidence ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const open = q.status === "open" && !paused;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    let answer: AnswerInput;
    if (kind === "number") {
      const n = parseNumber(text);
      if (n === null) return setError(`Type a number, e.g. ${NUMBER_EXAMPLES.join(" or ")}.`);
      answer = { kind, value: n };
    } else if (kind === "vector") {
      const v = parseVector(text);
      if (v === null) return setError(`Type numbers separated by commas, e.g. ${VECTOR_EXAMPLE.join(", ")}.`);
      if (q.vectorLength !== null && v.length !== q.vectorLength) return setError(`Give ${q.vectorLength} numbers.`);
      answer = { kind, value: v };
    } else answer = { kind };
    setBusy(true);
    setError(null);
    const r = await request(socket, "answer:submit", { questionId: q.id, answer, confidence });
    setBusy(false);
    if (r.ok) onYou({ ...you, answer: { questionId: q.id, answer: r.data.answer, confidence: r.data.confidence } });
    else setError(r.error.message);
  }

  const kinds: { kind: Kind; label: string }[] = [
    ...(q.accepts.includes("number") ? [{ kind: "number" as const, label: "A number" }] : []),
    ...(q.accepts.includes("vector") ? [{ kind: "vector" as const, label: `Numbers${q.vectorLength ? ` (${q.vectorLength})` : ""}` }] : []),
    ...(q.accepts.includes("none") ? [{ kind: "none" as const, label: "None" }] : []),
    ...(q.accepts.includes("error") ? [{ kind: "error" as const, label: "Raises an error" }] : []),
  ];

  return (
    <section className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby={`${inputId}-prompt`}>
      <h1 id={`${inputId}-prompt`} className="text-xl font-bold">
        <Prompt text={q.prompt} />
      </h1>

      {q.status !== "revealed" && (
        <form onSubmit={submit} className="mt-3 flex flex-col gap-3">
          <fieldset disabled={!open || busy} className="flex flex-col gap-3">
            <legend className="sr-only">Your prediction</legend>
            <div role="radiogroup" aria-label="Kind of answer" className="flex flex-wrap gap-2">
              {kinds.map((k) => (
                <label key={k.kind} className={`cursor-pointer rounded-full border-2 px-3 py-1 text-sm font-semibold ${kind === k.kind ? "border-descent-700 bg-descent-50" : "border-slate-300"}`}>
                  <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} className="sr-only" />
                  {k.label}
                </label>
              ))}
            </div>
            {(kind === "number" || kind === "vector") && (
              <div className="flex flex-col gap-1">
                <label htmlFor={inputId} className="text-sm font-semibold">
                  {kind === "number" ? "Your prediction" : "Your prediction (comma-separated)"}
                </label>
                <input
                  id={inputId}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  inputMode={kind === "number" ? "decimal" : "text"}
                  autoComplete="off"
                  className="rounded-xl border-2 border-slate-300 px-3 py-2 font-mono text-lg focus:border-descent-600 focus:outline-none"
                />
              </div>
            )}
            <div role="radiogroup" aria-label="How sure are you? (optional)" className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-semibold">How sure?</span>
              {(["low", "medium", "high"] as const).map((c) => (
                <label key={c} className={`cursor-pointer rounded-full border-2 px-3 py-1 ${confidence === c ? "border-descent-700 bg-descent-50" : "border-slate-300"}`}>
                  {/* Clicking the chosen level again clears it: confidence is optional. */}
                  <input
                    type="radio"
                    name="confidence"
                    value={c}
                    checked={confidence === c}
                    onChange={() => setConfidence(c)}
                    onClick={() => {
                      if (confidence === c) setConfidence(null);
                    }}
                    className="sr-only"
                  />
                  {c}
                </label>
              ))}
            </div>
            <button type="submit" className="btn-primary py-3 text-lg">
              {mine ? "Change my answer" : "Submit"}
            </button>
          </fieldset>
          {error && (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          )}
          <div aria-live="polite">
            {mine && (
              <p className="rounded-lg bg-emerald-50 p-2 text-emerald-900" data-testid="ack">
                ✓ Received: <strong className="font-mono">{formatAnswer(mine.answer)}</strong>
                {q.status === "open" ? " — you can change it until the question closes." : ""}
              </p>
            )}
            {q.status === "closed" && <p className="mt-2 text-slate-700">Answers are closed. Waiting for the reveal…</p>}
          </div>
        </form>
      )}

      <div aria-live="assertive">{q.status === "revealed" && you.feedback && <FeedbackCard feedback={you.feedback} mine={mine?.answer ?? null} />}</div>
    </section>
  );
}

function ProfileSummary({ profile }: { profile: ParticipantView["profile"] }) {
  if (profile.bugs.length === 0 && profile.slips.length === 0) return null;
  return (
    <div className="mt-3 text-sm">
      {profile.bugs.length > 0 && (
        <>
          <p className="font-semibold">Patterns to work on (seen more than once):</p>
          <ul className="list-disc pl-5">
            {profile.bugs.map((b) => (
              <li key={b.id}>
                {b.title} — {b.count} questions
              </li>
            ))}
          </ul>
        </>
      )}
      {profile.slips.length > 0 && (
        <p className="mt-1">Once only (probably a slip): {profile.slips.map((s) => s.title).join("; ")}</p>
      )}
    </div>
  );
}

function FeedbackCard({ feedback, mine }: { feedback: NonNullable<ParticipantView["feedback"]>; mine: AnswerInput | null }) {
  const styles = {
    correct: "bg-emerald-50 text-emerald-950 ring-emerald-300",
    misconception: "bg-amber-50 text-amber-950 ring-amber-300",
    unclassified: "bg-slate-100 text-slate-900 ring-slate-300",
    unanswered: "bg-slate-100 text-slate-900 ring-slate-300",
  } as const;
  return (
    <div className={`mt-3 rounded-xl p-4 ring-1 ${styles[feedback.outcome]}`} data-testid="feedback" data-outcome={feedback.outcome}>
      <p className="text-lg font-bold">
        {feedback.outcome === "correct" && "✓ Correct!"}
        {feedback.outcome === "misconception" && "Not quite — a known pattern"}
        {feedback.outcome === "unclassified" && "Not quite — not a known pattern"}
        {feedback.outcome === "unanswered" && "You did not answer this one"}
      </p>
      <p className="mt-1">
        The value is <strong className="font-mono">{formatValue(feedback.truth)}</strong>
        {mine && (
          <>
            ; you said <strong className="font-mono">{formatAnswer(mine)}</strong>
          </>
        )}
        .
      </p>
      {feedback.misconceptions.map((m) => (
        <div key={m.id} className="mt-3">
          <p className="font-semibold">{m.title}</p>
          <p>{m.studentExplanation}</p>
        </div>
      ))}
    </div>
  );
}

"use client";

import { useCallback, useId, useRef, useState } from "react";
import { Countdown } from "@/app/_components/Countdown";
import { Prompt } from "@/app/_components/Prompt";
import { formatAnswer, formatValue, readNumber, toggleSign } from "@/app/_lib/format";
import { request, type DescentSocket } from "@/app/_lib/socket";
import { clockOffset, useSessionSocket } from "@/app/_lib/useSessionSocket";
import { CONFIDENCE_LEVELS, NICKNAME_MAX, NICKNAME_MIN, type Confidence } from "@/server/protocol/constants";
import type { AnswerInput, JoinResult } from "@/server/protocol/events";
import type { Feedback, HistoryEntry, ParticipantView, PublicQuestion, PublicSession } from "@/server/protocol/views";

const tokenKey = (code: string) => `descent:resume:${code}`;

type Status = "connecting" | "nickname" | "joined" | "kicked";

/**
 * The student's phone: join with a nickname (the server's suggestions first), then predict each value, see the
 * feedback after each reveal, and keep every answer in a list.
 */
export function StudentApp({ code, suggestions, askIdentifier = false }: { code: string; suggestions: string[]; askIdentifier?: boolean }) {
  const [status, setStatus] = useState<Status>("connecting");
  const [session, setSession] = useState<PublicSession | null>(null);
  const [you, setYou] = useState<ParticipantView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kickedMessage, setKickedMessage] = useState("");
  const [offset, setOffset] = useState(0);

  const adopt = useCallback(
    (r: JoinResult) => {
      localStorage.setItem(tokenKey(code), r.resumeToken);
      setSession(r.session);
      setOffset(clockOffset(r.session.serverNow));
      setYou(r.you);
      setStatus("joined");
      setError(null);
    },
    [code],
  );

  const { socket, connected } = useSessionSocket(
    {
      attach: async (s) => {
        // A new connection (first visit, reload, or the server restarted): resume with the stored token if any.
        const token = localStorage.getItem(tokenKey(code));
        if (!token) {
          setStatus((st) => (st === "connecting" ? "nickname" : st));
          return;
        }
        const r = await request(s, "session:join", { code, resumeToken: token });
        if (r.ok) adopt(r.data);
        else {
          if (r.error.code === "NOT_JOINED" || r.error.code === "KICKED") localStorage.removeItem(tokenKey(code));
          setError(r.error.code === "NOT_JOINED" ? null : r.error.message);
          setStatus("nickname");
        }
      },
      subscribe: (s) => {
        s.on("session:state", (state) => {
          setSession(state);
          setOffset(clockOffset(state.serverNow));
        });
        s.on("session:you", setYou);
        s.on("session:kicked", ({ message }) => {
          localStorage.removeItem(tokenKey(code));
          setKickedMessage(message);
          setStatus("kicked");
        });
      },
    },
    [code, adopt],
  );

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

  if (status === "nickname" || !session || !you || !socket) {
    return (
      <Shell connected={connected}>
        <NicknameForm
          code={code}
          suggestions={suggestions}
          askIdentifier={askIdentifier}
          error={error}
          onJoin={async (nickname, identifier) => {
            if (!socket) return;
            const r = await request(socket, "session:join", { code, nickname, ...(identifier !== null ? { identifier } : {}) });
            if (r.ok) adopt(r.data);
            else setError(r.error.message);
          }}
        />
      </Shell>
    );
  }

  return (
    <Shell connected={connected} nickname={you.nickname} score={you.score}>
      <Play socket={socket} session={session} you={you} onYou={setYou} offset={offset} />
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
    <main className="mx-auto flex min-h-dvh max-w-lg flex-col px-4 py-3">
      <header className="mb-3 flex items-center justify-between gap-3 text-sm">
        <span className="font-mono font-semibold tracking-widest text-descent-700">∇ DESCENT</span>
        {nickname && <span className="truncate font-semibold">{nickname}</span>}
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
  suggestions,
  askIdentifier,
  error,
  onJoin,
}: {
  code: string;
  suggestions: string[];
  askIdentifier: boolean;
  error: string | null;
  onJoin: (nickname: string, identifier: string | null) => Promise<void>;
}) {
  const id = useId();
  const identifierId = useId();
  const [identifier, setIdentifier] = useState("");
  const [next, setNext] = useState(1);
  const [nickname, setNickname] = useState(suggestions[0] ?? "");
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        await onJoin(nickname, askIdentifier ? identifier : null);
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
          maxLength={NICKNAME_MAX * 2}
          minLength={NICKNAME_MIN}
          required
          autoComplete="off"
          className="min-w-0 flex-1 rounded-xl border-2 border-slate-300 px-3 py-2 text-lg focus:border-descent-600 focus:outline-none"
        />
        {suggestions.length > 1 && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              // The server's own suggestions: every one passes its checks.
              setNickname(suggestions[next % suggestions.length]!);
              setNext((n) => n + 1);
            }}
          >
            Another
          </button>
        )}
      </div>
      {askIdentifier && (
        <div className="flex flex-col gap-1">
          <label htmlFor={identifierId} className="font-semibold">
            Your name or student ID
          </label>
          <input
            id={identifierId}
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
            required
            maxLength={80}
            autoComplete="name"
            className="rounded-xl border-2 border-slate-300 px-3 py-2 text-lg focus:border-descent-600 focus:outline-none"
          />
          <p className="text-sm text-slate-600">Only your teacher sees it (the big screen shows your nickname).</p>
        </div>
      )}
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

function Play({
  socket,
  session,
  you,
  onYou,
  offset,
}: {
  socket: DescentSocket;
  session: PublicSession;
  you: ParticipantView;
  onYou: (v: ParticipantView) => void;
  offset: number;
}) {
  const q = session.question;
  // The last feedback stays on screen until the next question opens.
  const last = you.history.at(-1) ?? null;
  const showLast = last !== null && (!q || q.id === last.questionId);
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-700">
        {session.lesson.title}
        {session.iteration && session.status === "running" && (
          <span className="ml-1 font-semibold">
            · {session.iteration.label} (part {session.iteration.index} of {session.iteration.count})
          </span>
        )}
      </p>
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
      {session.paused && <p className="rounded-lg bg-amber-100 p-3 font-semibold text-amber-900">The host paused the session.</p>}
      {q && q.status !== "revealed" && session.status !== "ended" ? (
        <QuestionCard key={q.id} socket={socket} q={q} you={you} onYou={onYou} paused={session.paused} offset={offset} source={session.lesson.source} line={session.line} />
      ) : (
        <>
          <div aria-live="assertive">{showLast && <FeedbackCard entry={last} heading="The answer" />}</div>
          {session.status === "running" && <p className="text-slate-700">Watch the big screen: the next question is coming.</p>}
          {session.status === "running" && <CodeSnippet source={session.lesson.source} line={session.line} />}
        </>
      )}
      <AnswersList history={you.history} />
    </div>
  );
}

type Kind = AnswerInput["kind"];

/** The answer grid's layout: rows × columns of a matrix, or one row of n for a vector. */
function gridOf(q: PublicQuestion): { rows: number; cols: number } {
  const shape = q.shape ?? (q.vectorLength ? [q.vectorLength] : [1]);
  return shape.length === 2 ? { rows: shape[0]!, cols: shape[1]! } : { rows: 1, cols: shape[0] ?? 1 };
}

function QuestionCard({
  socket,
  q,
  you,
  onYou,
  paused,
  offset,
  source,
  line,
}: {
  socket: DescentSocket;
  q: PublicQuestion;
  you: ParticipantView;
  onYou: (v: ParticipantView) => void;
  paused: boolean;
  offset: number;
  source: string[];
  line: number | null;
}) {
  const mine = you.answer && you.answer.questionId === q.id ? you.answer : null;
  const numeric: Kind = q.accepts.includes("vector") ? "vector" : "number";
  const grid = gridOf(q);
  const cells = grid.rows * grid.cols;
  const [kind, setKind] = useState<Kind>(mine?.answer.kind ?? numeric);
  const [text, setText] = useState(mine?.answer.kind === "number" ? formatAnswer(mine.answer) : "");
  const [cellsText, setCellsText] = useState<string[]>(() =>
    mine?.answer.kind === "vector" ? mine.answer.value.map(String) : new Array<string>(cells).fill(""),
  );
  const [confidence, setConfidence] = useState<Confidence | null>(mine?.confidence ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const numberRef = useRef<HTMLInputElement | null>(null);
  const open = q.status === "open" && !paused;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    let answer: AnswerInput;
    if (kind === "number") {
      const r = readNumber(text);
      if (!r.ok) return setError(r.message);
      answer = { kind, value: r.value };
    } else if (kind === "vector") {
      const values: number[] = [];
      for (let i = 0; i < cells; i++) {
        const r = readNumber(cellsText[i] ?? "");
        const where = grid.rows > 1 ? `row ${Math.floor(i / grid.cols) + 1}, column ${(i % grid.cols) + 1}` : `box ${i + 1}`;
        if (!r.ok) return setError(`${where}: ${r.message}`);
        values.push(r.value);
      }
      answer = { kind, value: values };
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
    ...(q.accepts.includes("vector") ? [{ kind: "vector" as const, label: grid.rows > 1 ? `A ${grid.rows}×${grid.cols} matrix` : `${cells} numbers` }] : []),
    ...(q.accepts.includes("none") ? [{ kind: "none" as const, label: "None" }] : []),
    ...(q.accepts.includes("error") ? [{ kind: "error" as const, label: "Raises an error" }] : []),
  ];

  return (
    <section className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby={`${inputId}-prompt`}>
      {/* What changed first: on a small phone the end of the card may be below the fold. */}
      <div aria-live="polite">
        {q.status === "closed" && (
          <p className="mb-2 rounded-lg bg-slate-800 p-2 font-semibold text-white" role="status">
            Answers are closed{mine ? "" : " — you did not answer in time"}. Waiting for the reveal…
          </p>
        )}
        {q.status === "open" && q.deadline !== null && !paused && (
          <p className="mb-2 text-right text-lg font-bold" data-testid="countdown">
            <Countdown deadline={q.deadline} offsetMs={offset} />
          </p>
        )}
      </div>
      <h1 id={`${inputId}-prompt`} className="text-xl font-bold">
        {q.round > 1 && <span className="mr-2 rounded bg-descent-100 px-2 py-0.5 text-sm">Vote again</span>}
        <Prompt text={q.prompt} />
      </h1>
      <div className="mt-2">
        <CodeSnippet source={source} line={line} />
      </div>

      <form onSubmit={submit} className="mt-3 flex flex-col gap-3" noValidate>
        <fieldset disabled={!open || busy} className="flex min-w-0 flex-col gap-3">
          <legend className="sr-only">Your prediction</legend>
          <div role="radiogroup" aria-label="Kind of answer" className="flex flex-wrap gap-2">
            {kinds.map((k) => (
              <label
                key={k.kind}
                className={`cursor-pointer rounded-full border-2 px-3 py-1 text-sm font-semibold has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-descent-600 ${kind === k.kind ? "border-descent-700 bg-descent-50" : "border-slate-300"}`}
              >
                <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} className="sr-only" />
                {k.label}
              </label>
            ))}
          </div>
          {kind === "number" && (
            <div className="flex flex-col gap-1">
              <label htmlFor={inputId} className="text-sm font-semibold">
                Your prediction
              </label>
              <div className="flex gap-2">
                <button
                  type="button"
                  className="btn-secondary min-w-12 font-mono text-xl"
                  aria-label="Change the sign (plus or minus)"
                  onClick={() => {
                    setText((t) => toggleSign(t));
                    numberRef.current?.focus();
                  }}
                >
                  ±
                </button>
                <input
                  id={inputId}
                  ref={numberRef}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  // "decimal" opens a number pad; the ± key gives the minus sign iOS's pad lacks.
                  inputMode="decimal"
                  autoComplete="off"
                  aria-describedby={error ? errorId : undefined}
                  aria-invalid={error !== null}
                  className="min-w-0 flex-1 rounded-xl border-2 border-slate-300 px-3 py-2 font-mono text-lg focus:border-descent-600 focus:outline-none"
                />
              </div>
              <p className="text-xs text-slate-600">A decimal point or comma both work; 1.5e-3 for scientific notation.</p>
            </div>
          )}
          {kind === "vector" && (
            <TensorGrid rows={grid.rows} cols={grid.cols} values={cellsText} onChange={setCellsText} describedBy={error ? errorId : undefined} />
          )}
          <div role="radiogroup" aria-label="How sure are you? (optional)" className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">How sure?</span>
            {CONFIDENCE_LEVELS.map((c) => (
              <label
                key={c}
                className={`cursor-pointer rounded-full border-2 px-3 py-1 has-[:focus-visible]:outline has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-descent-600 ${confidence === c ? "border-descent-700 bg-descent-50" : "border-slate-300"}`}
              >
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
          <p id={errorId} role="alert" className="text-red-700">
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
        </div>
      </form>
    </section>
  );
}

/** One box per element, laid out as the tensor is (rows × columns), read row by row. */
function TensorGrid({
  rows,
  cols,
  values,
  onChange,
  describedBy,
}: {
  rows: number;
  cols: number;
  values: string[];
  onChange: (v: string[]) => void;
  describedBy: string | undefined;
}) {
  const helpId = useId();
  return (
    <fieldset className="flex min-w-0 flex-col gap-1" aria-describedby={[helpId, describedBy].filter(Boolean).join(" ")}>
      <legend className="text-sm font-semibold">
        Your prediction: {rows > 1 ? `${rows} rows × ${cols} columns` : `${cols} numbers`}
      </legend>
      <p id={helpId} className="text-xs text-slate-600">
        {rows > 1 ? "Row by row, as PyTorch prints it: the first row is the first line of boxes." : "In order, as PyTorch prints it."} Use ± to
        change a sign.
      </p>
      <div className="grid gap-1" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
        {Array.from({ length: rows * cols }, (_, i) => {
          const label = rows > 1 ? `Row ${Math.floor(i / cols) + 1}, column ${(i % cols) + 1}` : `Number ${i + 1} of ${cols}`;
          return (
            <div key={i} className="flex min-w-0">
              <input
                aria-label={label}
                value={values[i] ?? ""}
                inputMode="decimal"
                autoComplete="off"
                onChange={(e) => {
                  const next = [...values];
                  next[i] = e.target.value;
                  onChange(next);
                }}
                className="w-full min-w-0 rounded-lg border-2 border-slate-300 px-2 py-2 text-center font-mono focus:border-descent-600 focus:outline-none"
              />
              <button
                type="button"
                aria-label={`Change the sign of ${label.toLowerCase()}`}
                className="px-1 font-mono text-slate-700"
                onClick={() => {
                  const next = [...values];
                  next[i] = toggleSign(next[i] ?? "");
                  onChange(next);
                }}
              >
                ±
              </button>
            </div>
          );
        })}
      </div>
    </fieldset>
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
      {profile.slips.length > 0 && <p className="mt-1">Once only (probably a slip): {profile.slips.map((s) => s.title).join("; ")}</p>}
    </div>
  );
}

const outcomeStyles = {
  correct: "bg-emerald-50 text-emerald-950 ring-emerald-300",
  misconception: "bg-amber-50 text-amber-950 ring-amber-300",
  unclassified: "bg-slate-100 text-slate-900 ring-slate-300",
  unanswered: "bg-slate-100 text-slate-900 ring-slate-300",
} as const;

function FeedbackBody({ feedback, mine }: { feedback: Feedback; mine: AnswerInput | null }) {
  const many = feedback.misconceptions.length > 1;
  return (
    <>
      <p className="mt-1">
        The value is <strong className="font-mono">{formatValue(feedback.truth)}</strong>
        {mine && (
          <>
            ; you said <strong className="font-mono">{formatAnswer(mine)}</strong>
          </>
        )}
        .
      </p>
      {many && (
        // Several misconceptions predict this same value: one sentence says so, then each is explained.
        <p className="mt-2">
          Your answer is what {feedback.misconceptions.length} different mistakes give here:{" "}
          {feedback.misconceptions.map((m) => m.title).join("; ")}. Which one was yours?
        </p>
      )}
      {feedback.misconceptions.map((m) => (
        <div key={m.id} className="mt-3">
          <p className="font-semibold">{m.title}</p>
          <p>{m.studentExplanation}</p>
        </div>
      ))}
    </>
  );
}

function outcomeTitle(outcome: Feedback["outcome"]): string {
  switch (outcome) {
    case "correct":
      return "✓ Correct!";
    case "misconception":
      return "Not quite — a known pattern";
    case "unclassified":
      return "Not quite — not a known pattern";
    case "unanswered":
      return "You did not answer this one";
  }
}

function FeedbackCard({ entry, heading }: { entry: HistoryEntry; heading: string }) {
  const { feedback } = entry;
  return (
    <section className={`rounded-xl p-4 ring-1 ${outcomeStyles[feedback.outcome]}`} data-testid="feedback" data-outcome={feedback.outcome} aria-label={heading}>
      <p className="text-sm">
        <Prompt text={entry.prompt} />
      </p>
      <p className="mt-1 text-lg font-bold">{outcomeTitle(feedback.outcome)}</p>
      <FeedbackBody feedback={feedback} mine={entry.answer} />
    </section>
  );
}

/** Every revealed question with the student's answer, the truth and what it showed; open at any time. */
function AnswersList({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return null;
  return (
    <details className="rounded-xl bg-white p-3 ring-1 ring-slate-200" data-testid="answers-list">
      <summary className="cursor-pointer font-semibold">Your answers ({history.length})</summary>
      <ol className="mt-2 flex flex-col gap-3">
        {[...history].reverse().map((h) => (
          <li key={h.questionId} className="border-t border-slate-200 pt-2 text-sm">
            <p>
              <Prompt text={h.prompt} />
              {h.round > 1 && <span className="ml-1 text-slate-600">(vote {h.round})</span>}
            </p>
            <p className="font-semibold">{outcomeTitle(h.feedback.outcome)}</p>
            <FeedbackBody feedback={h.feedback} mine={h.answer} />
          </li>
        ))}
      </ol>
    </details>
  );
}

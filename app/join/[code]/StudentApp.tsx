"use client";

import { useCallback, useId, useRef, useState } from "react";
import { AnswerEntry } from "@/app/_components/AnswerEntry";
import { Countdown } from "@/app/_components/Countdown";
import { FeedbackBody, outcomeStyles, outcomeTitle } from "@/app/_components/FeedbackBody";
import { Leaderboard } from "@/app/_components/Leaderboard";
import { revealOf, TrainingPictures } from "@/app/_components/pictures/TrainingPictures";
import { Prompt } from "@/app/_components/Prompt";
import { formatAnswer } from "@/app/_lib/format";
import { request, requestUntilAnswered, type DescentSocket } from "@/app/_lib/socket";
import { clockOffset, useSessionSocket } from "@/app/_lib/useSessionSocket";
import { NICKNAME_MAX, NICKNAME_MIN, type Confidence } from "@/server/protocol/constants";
import type { AnswerInput, JoinResult } from "@/server/protocol/events";
import { withQuestion, withReveal, type Explanations } from "@/server/protocol/feedback";
import type { HistoryEntry, LessonInfo, ParticipantView, PublicQuestion, PublicSession } from "@/server/protocol/views";

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
  const [lesson, setLesson] = useState<LessonInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kickedMessage, setKickedMessage] = useState("");
  const [offset, setOffset] = useState(0);
  const explanations = useRef<Explanations>({});

  const adopt = useCallback(
    (r: JoinResult) => {
      localStorage.setItem(tokenKey(code), r.resumeToken);
      setLesson(r.lesson);
      explanations.current = r.lesson.explanations;
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
        const r = await requestUntilAnswered(s, "session:join", { code, resumeToken: token });
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
          // A reveal is the same message for everyone: this browser grades its own answer against its key.
          const q = state.question;
          if (q) setYou((y) => (y ? withQuestion(y, q) : y));
          if (q?.status === "revealed") setYou((y) => (y ? withReveal(y, q, explanations.current) : y));
        });
        s.on("session:answer", (a) =>
          setYou((y) => (y ? { ...y, answer: { questionId: a.questionId, answer: a.answer, confidence: a.confidence } } : y)),
        );
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

  if (status === "nickname" || !session || !you || !lesson || !socket) {
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
      <Play socket={socket} session={session} lesson={lesson} you={you} onYou={setYou} offset={offset} />
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
            <div key={i} aria-current={current ? "step" : undefined} className={`w-max min-w-full px-3 whitespace-pre ${current ? "bg-amber-300 font-semibold text-slate-950" : ""}`}>
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
  lesson,
  you,
  onYou,
  offset,
}: {
  socket: DescentSocket;
  session: PublicSession;
  lesson: LessonInfo;
  you: ParticipantView;
  onYou: (v: ParticipantView) => void;
  offset: number;
}) {
  const q = session.question;
  const { source } = lesson;
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
        <QuestionCard key={q.id} socket={socket} q={q} you={you} onYou={onYou} paused={session.paused} offset={offset} source={source} line={session.line} />
      ) : (
        <>
          <div aria-live="assertive">{showLast && <FeedbackCard entry={last} heading="The answer" />}</div>
          {session.picture && q?.result && <PicturesOnDemand key={q.id} session={session} lesson={lesson} />}
          {session.leaderboard && (session.status !== "running" || q?.result) && <Leaderboard rows={session.leaderboard} you={you.nickname} />}
          {session.status === "running" && <p className="text-slate-700">Watch the big screen: the next question is coming.</p>}
          {session.status === "running" && <CodeSnippet source={source} line={session.line} />}
        </>
      )}
      <AnswersList history={you.history} />
    </div>
  );
}

/** The projector's pictures on the phone, after a reveal: the chart code is fetched only when opened. */
function PicturesOnDemand({ session, lesson }: { session: PublicSession; lesson: LessonInfo }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="rounded-xl bg-white p-3 ring-1 ring-slate-200" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="student-pictures">
      <summary className="cursor-pointer font-semibold">See where the parameters go</summary>
      {open && session.picture && (
        <div className="mt-2">
          <TrainingPictures picture={session.picture} reveal={revealOf(session.question, lesson.explanations)} />
        </div>
      )}
    </details>
  );
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
  const promptId = useId();
  const open = q.status === "open" && !paused;

  async function submit(answer: AnswerInput, confidence: Confidence | null): Promise<string | null> {
    const r = await request(socket, "answer:submit", { questionId: q.id, answer, confidence });
    if (!r.ok) return r.error.message;
    onYou({ ...you, answer: { questionId: q.id, answer: r.data.answer, confidence: r.data.confidence } });
    return null;
  }

  return (
    <section className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby={promptId}>
      {/* What changed first: on a small phone the end of the card may be below the fold. */}
      <div aria-live="polite">
        {q.status === "closed" && q.peer === "discuss" && (
          <div className="mb-2 rounded-lg bg-descent-50 p-3" role="status" data-testid="discuss">
            <p className="text-lg font-bold">Discuss with your neighbour</p>
            <p>
              {mine ? (
                <>
                  You answered <strong className="font-mono">{formatAnswer(mine.answer)}</strong>. Convince your neighbour, or let them convince you: you
                  will vote again.
                </>
              ) : (
                "You did not vote. Talk it through with your neighbour: you will vote again."
              )}
            </p>
          </div>
        )}
        {q.status === "closed" && q.peer !== "discuss" && (
          <p className="mb-2 rounded-lg bg-slate-800 p-2 font-semibold text-white" role="status">
            Answers are closed{mine ? "" : " — you did not answer in time"}. Waiting for the reveal…
          </p>
        )}
        {q.peer === "revote" && you.firstAnswer && (
          <p className="mb-2 text-sm" data-testid="first-answer">
            Your first vote: <strong className="font-mono">{formatAnswer(you.firstAnswer)}</strong>
          </p>
        )}
        {q.status === "open" && q.deadline !== null && !paused && (
          <p className="mb-2 text-right text-lg font-bold" data-testid="countdown">
            <Countdown deadline={q.deadline} offsetMs={offset} />
          </p>
        )}
      </div>
      <h1 id={promptId} className="text-xl font-bold">
        {q.round > 1 && <span className="mr-2 rounded bg-descent-100 px-2 py-0.5 text-sm">Vote again</span>}
        <Prompt text={q.prompt} />
      </h1>
      <div className="mt-2">
        <CodeSnippet source={source} line={line} />
      </div>
      <AnswerEntry
        accepts={q.accepts}
        shape={q.shape ?? (q.vectorLength ? [q.vectorLength] : null)}
        initial={mine ? { answer: mine.answer, confidence: mine.confidence } : null}
        disabled={!open}
        submitLabel={mine ? "Change my answer" : "Submit"}
        onSubmit={submit}
      >
        <div aria-live="polite">
          {mine && (
            <p className="rounded-lg bg-emerald-50 p-2 text-emerald-900" data-testid="ack">
              ✓ Received: <strong className="font-mono">{formatAnswer(mine.answer)}</strong>
              {q.status === "open" ? " — you can change it until the question closes." : ""}
            </p>
          )}
        </div>
      </AnswerEntry>
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
      {profile.slips.length > 0 && <p className="mt-1">Once only (probably a slip): {profile.slips.map((s) => s.title).join("; ")}</p>}
    </div>
  );
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

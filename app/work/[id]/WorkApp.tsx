"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import Link from "next/link";
import { AnswerEntry } from "@/app/_components/AnswerEntry";
import { CodeView } from "@/app/_components/CodeView";
import { FeedbackBody, outcomeStyles, outcomeTitle } from "@/app/_components/FeedbackBody";
import { Formula } from "@/app/_components/Formula";
import { Prompt } from "@/app/_components/Prompt";
import { ValuesTable } from "@/app/_components/ValuesTable";
import type { Feedback, WorkView } from "@/server/assignments/service";
import type { Confidence } from "@/server/protocol/constants";
import type { AnswerInput } from "@/server/protocol/events";

type ApiError = { error: { code: string; message: string } };

/** Sends a request, retrying a lost connection a few times (the same body: a retried submit is harmless). */
async function send<T>(url: string, init?: RequestInit): Promise<{ ok: true; data: T } | { ok: false; status: number; code: string; message: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, { ...init, headers: { "content-type": "application/json" }, cache: "no-store" });
      const body = (await res.json()) as T | ApiError;
      if (res.ok) return { ok: true, data: body as T };
      const { code, message } = (body as ApiError).error;
      return { ok: false, status: res.status, code, message };
    } catch {
      if (attempt >= 4) return { ok: false, status: 0, code: "OFFLINE", message: "No connection: check your network and try again. Your answers so far are saved." };
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}

const newSubmissionId = () => crypto.randomUUID().replaceAll("-", "");

/**
 * A student's self-paced run: the code with the current line, the values it starts from, the question, instant
 * feedback naming the misconception behind a wrong answer, and progress towards mastery of each concept.
 */
export function WorkApp({ workId }: { workId: string }) {
  const [view, setView] = useState<WorkView | null>(null);
  const [shown, setShown] = useState<{ feedback: Feedback; next: WorkView } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nextRef = useRef<HTMLButtonElement | null>(null);
  const headingRef = useRef<HTMLHeadingElement | null>(null);

  const load = useCallback(async () => {
    const r = await send<WorkView>(`/api/work/${workId}`);
    if (r.ok) setView(r.data);
    else setError(r.message);
  }, [workId]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (shown) nextRef.current?.focus();
  }, [shown]);

  async function submit(answer: AnswerInput, confidence: Confidence | null): Promise<string | null> {
    const item = view!.item!;
    // One id per question and variant, kept until the server has answered: a retry after a lost connection,
    // or a reload mid-submit, cannot store the answer twice.
    const key = `descent:submit:${workId}:${item.questionId}:${item.variant}`;
    const submissionId = sessionStorage.getItem(key) ?? newSubmissionId();
    sessionStorage.setItem(key, submissionId);
    const r = await send<{ feedback: Feedback; view: WorkView }>(`/api/work/${workId}/answer`, {
      method: "POST",
      body: JSON.stringify({ submissionId, questionId: item.questionId, variant: item.variant, answer, confidence }),
    });
    if (!r.ok) {
      if (r.code === "STALE") await load();
      return r.message;
    }
    sessionStorage.removeItem(key);
    setShown({ feedback: r.data.feedback, next: r.data.view });
    return null;
  }

  async function choose(kind: "retry" | "next" | "restart" | "finish") {
    setBusy(true);
    const version = (shown?.next ?? view!).version;
    const r = await send<WorkView>(`/api/work/${workId}/choice`, { method: "POST", body: JSON.stringify({ submissionId: newSubmissionId(), kind, version }) });
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      if (r.code === "STALE") await load();
      return;
    }
    setShown(null);
    setView(r.data);
    headingRef.current?.focus();
  }

  function goOn() {
    setShown(null);
    setView(shown!.next);
    headingRef.current?.focus();
  }

  if (!view) {
    return (
      <div role="status" className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        {error ?? "Loading your work…"}
        {error && (
          <p className="mt-2">
            <Link href="/" className="font-semibold text-descent-700 underline">
              Back to Descent
            </Link>
          </p>
        )}
      </div>
    );
  }

  // After a miss in practice, the feedback stays until the student chooses (also after a reload).
  const feedback = shown?.feedback ?? (view.phase === "missed" ? view.lastFeedback : null);
  const after = shown?.next ?? view;
  const item = view.item;
  const closed = view.closesAt !== null && Date.parse(view.closesAt) <= Date.now();

  return (
    <>
      <header className="flex flex-col gap-2">
        <p className="text-sm text-slate-700">
          {view.mode === "assignment" ? `Assignment · ${view.lessonTitle}` : "Practice"}
          {view.label && <> · {view.label}</>}
          {view.attempts !== null && view.attempts > 1 && (
            <>
              {" "}
              · attempt {view.attempt} of {view.attempts}
            </>
          )}
        </p>
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold">
          {view.title}
        </h1>
        <Progress view={after} />
      </header>

      {error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-800">
          {error}
        </p>
      )}

      {feedback ? (
        <section className={`rounded-xl p-4 ring-1 ${outcomeStyles[feedback.outcome]}`} data-testid="feedback" data-outcome={feedback.outcome} aria-live="assertive">
          <p className="text-sm">
            <Prompt text={feedback.prompt} />
          </p>
          <p className="mt-1 text-lg font-bold">{outcomeTitle(feedback.outcome)}</p>
          <FeedbackBody feedback={feedback} mine={feedback.answer} />
          {feedback.formula && (
            <div className="mt-3 rounded-lg bg-white/70 p-2">
              <p className="text-sm font-semibold">The rule of this line</p>
              <Formula tex={feedback.formula} />
            </div>
          )}
          <div className="mt-4 flex flex-wrap gap-2">
            {after.phase === "missed" ? (
              <>
                <button ref={nextRef} type="button" className="btn-primary" disabled={busy} onClick={() => void choose("retry")}>
                  Try it again on fresh numbers
                </button>
                <button type="button" className="btn-secondary" disabled={busy} onClick={() => void choose("next")}>
                  Move on
                </button>
              </>
            ) : after.phase === "between" ? (
              <>
                <button ref={nextRef} type="button" className="btn-primary" disabled={busy} onClick={goOn}>
                  Continue
                </button>
              </>
            ) : (
              <button ref={nextRef} type="button" className="btn-primary" onClick={goOn}>
                {after.phase === "done" ? "See your results" : "Next question"}
              </button>
            )}
          </div>
        </section>
      ) : view.phase === "between" ? (
        <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200" aria-labelledby="between-heading">
          <h2 id="between-heading" className="text-xl font-bold">
            Attempt {view.attempt} done
          </h2>
          <p className="mt-1">
            You may try the questions again on fresh numbers ({view.attempts! - view.attempt} attempt{view.attempts! - view.attempt === 1 ? "" : "s"} left).
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className="btn-primary" disabled={busy} onClick={() => void choose("restart")}>
              Start attempt {view.attempt + 1}
            </button>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => void choose("finish")}>
              Stop here
            </button>
          </div>
        </section>
      ) : view.phase === "done" ? (
        <Done view={view} />
      ) : closed ? (
        <p role="status" className="rounded-xl bg-slate-100 p-4 font-semibold ring-1 ring-slate-300">
          This assignment is closed: answers are no longer taken. Your teacher sees what you did.
        </p>
      ) : item ? (
        <section className="flex flex-col gap-3" aria-labelledby="question-heading">
          <div className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <h2 id="question-heading" className="text-xl font-bold">
              <Prompt text={item.prompt} />
            </h2>
            <p className="mt-1 text-sm text-slate-700">Numbers of your own: work them out from this code.</p>
            <CodeView source={item.code} line={item.line} className="mt-2 max-h-[45vh]" />
            <div className="mt-3">
              <ValuesTable values={item.before} caption="Before this line runs" />
            </div>
            <AnswerEntry
              key={`${item.questionId}#${item.variant}`}
              accepts={item.accepts}
              shape={item.vectorLength ? [item.vectorLength] : null}
              initial={null}
              disabled={false}
              submitLabel="Check my answer"
              onSubmit={submit}
            />
          </div>
        </section>
      ) : null}
    </>
  );
}

function Progress({ view }: { view: WorkView }) {
  const mastered = view.concepts.filter((c) => c.mastered).length;
  return (
    <div className="flex flex-col gap-2 rounded-xl bg-white p-3 ring-1 ring-slate-200" data-testid="progress">
      <label className="flex flex-col gap-1 text-sm font-semibold">
        <span>
          Questions done: {view.progress.done} of {view.progress.total}
        </span>
        <progress className="h-3 w-full accent-descent-700" max={view.progress.total} value={view.progress.done} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-semibold">
        <span>
          Concepts mastered: {mastered} of {view.concepts.length}{" "}
          <span className="font-normal text-slate-700">({view.mastery} correct in a row, each on fresh numbers)</span>
        </span>
        <progress className="h-3 w-full accent-emerald-700" max={view.concepts.length} value={mastered} />
      </label>
      <ul className="flex flex-wrap gap-2 text-xs" aria-label="Concepts">
        {view.concepts.map((c) => (
          <li key={c.id} className={`rounded-full px-2 py-1 ring-1 ${c.mastered ? "bg-emerald-50 text-emerald-900 ring-emerald-300" : "bg-slate-50 text-slate-800 ring-slate-300"}`} data-concept={c.id} data-mastered={c.mastered}>
            {c.mastered ? "✓ " : ""}
            {c.title}
            {!c.mastered && (
              <span className="ml-1 text-slate-700">
                ({c.streak}/{view.mastery})
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Done({ view }: { view: WorkView }) {
  const open = view.concepts.filter((c) => !c.mastered);
  return (
    <section className="rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-300" aria-labelledby="done-heading" data-testid="done">
      <h2 id="done-heading" className="text-xl font-bold">
        {open.length === 0 ? "Every concept mastered!" : "All done"}
      </h2>
      <p className="mt-1">
        You answered {view.progress.answered} questions, {view.progress.correct} of them correctly.
      </p>
      {open.length > 0 && <p className="mt-1">Still to master: {open.map((c) => c.title).join("; ")}.</p>}
      {view.mode === "assignment" ? (
        <p className="mt-2">Your teacher sees your progress. You can close this page.</p>
      ) : (
        <p className="mt-2">
          <Link href="/practice" className="font-semibold text-descent-800 underline">
            Practise another lesson
          </Link>
        </p>
      )}
    </section>
  );
}

"use client";

import { useActionState, useId, useState } from "react";
import { createAssignment, type ActionState } from "@/server/teacher-actions";

export type LessonChoice = {
  id: string;
  title: string;
  /** The lesson has nothing a variant can change (or its own numbers are not humane): everyone gets its own. */
  fixedNumbers: boolean;
  lines: { label: string; questions: { id: string; quantity: string; suggested: boolean }[] }[];
};

/** A date-time typed in the teacher's own time zone, sent as an instant. */
function toIso(local: string): string {
  return local ? new Date(local).toISOString() : "";
}

export function AssignForm({ classId, lessons, initialLessonId }: { classId: string; lessons: LessonChoice[]; initialLessonId?: string }) {
  const first = lessons.find((l) => l.id === initialLessonId) ?? lessons[0];
  const [state, action, pending] = useActionState<ActionState, FormData>(createAssignment, { error: null });
  const [lessonId, setLessonId] = useState(first?.id ?? "");
  const [title, setTitle] = useState(first?.title ?? "");
  const [opens, setOpens] = useState("");
  const [closes, setCloses] = useState("");
  const [retries, setRetries] = useState<"practice" | "attempts">("practice");
  const lesson = lessons.find((l) => l.id === lessonId);
  const ids = { lesson: useId(), title: useId(), opens: useId(), closes: useId(), attempts: useId(), mastery: useId() };

  return (
    <form action={action} className="flex flex-col gap-5 rounded-2xl bg-white p-5 ring-1 ring-slate-200">
      <input type="hidden" name="classId" value={classId} />
      <input type="hidden" name="opensAt" value={toIso(opens)} />
      <input type="hidden" name="closesAt" value={toIso(closes)} />
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.lesson} className="font-semibold">
          Lesson
        </label>
        <select
          id={ids.lesson}
          name="lessonId"
          value={lessonId}
          onChange={(e) => {
            const next = lessons.find((l) => l.id === e.target.value);
            if (title === lesson?.title) setTitle(next?.title ?? "");
            setLessonId(e.target.value);
          }}
          className="rounded-xl border-2 border-slate-300 px-3 py-2"
        >
          {lessons.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </select>
      </div>
      {lesson?.fixedNumbers && (
        <p role="note" className="rounded-lg bg-amber-50 p-3 text-amber-950 ring-1 ring-amber-300">
          This lesson&apos;s numbers are fixed: every student, and every retry, gets the same numbers, so a retry right after
          seeing the truth proves little. Prefer one attempt, or a lesson with numbers of each student&apos;s own.
        </p>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.title} className="font-semibold">
          Title students see
        </label>
        <input id={ids.title} name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} className="rounded-xl border-2 border-slate-300 px-3 py-2" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.opens} className="font-semibold">
            Opens (optional)
          </label>
          <input id={ids.opens} type="datetime-local" value={opens} onChange={(e) => setOpens(e.target.value)} className="rounded-xl border-2 border-slate-300 px-3 py-2" />
          <p className="text-sm text-slate-700">Empty: open now.</p>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.closes} className="font-semibold">
            Closes (optional)
          </label>
          <input id={ids.closes} type="datetime-local" value={closes} onChange={(e) => setCloses(e.target.value)} className="rounded-xl border-2 border-slate-300 px-3 py-2" />
          <p className="text-sm text-slate-700">Empty: never closes. Your time zone.</p>
        </div>
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="font-semibold">Retries</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="retries" value="practice" checked={retries === "practice"} onChange={() => setRetries("practice")} />
          Practice: unlimited; a missed question can be tried again on fresh numbers
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="retries" value="attempts" checked={retries === "attempts"} onChange={() => setRetries("attempts")} />A fixed number of attempts, each on fresh numbers
        </label>
        {retries === "attempts" && (
          <div className="ml-6 flex items-center gap-2">
            <label htmlFor={ids.attempts}>Attempts</label>
            <input id={ids.attempts} name="attempts" type="number" min={1} max={10} defaultValue={3} className="w-20 rounded-lg border-2 border-slate-300 px-2 py-1" />
          </div>
        )}
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.mastery} className="font-semibold">
          Mastery: correct answers in a row, each on fresh numbers
        </label>
        <select id={ids.mastery} name="mastery" defaultValue="3" className="w-32 rounded-xl border-2 border-slate-300 px-3 py-2">
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      {lesson && (
        <fieldset className="flex flex-col gap-2" key={lesson.id}>
          <legend className="font-semibold">Questions</legend>
          <p className="text-sm text-slate-700">The lesson&apos;s suggested questions are ticked; choose any others.</p>
          <div className="flex max-h-96 flex-col gap-2 overflow-y-auto rounded-xl border border-slate-200 p-3" tabIndex={0} role="group" aria-label="Questions by line">
            {lesson.lines.map((l) => (
              <div key={l.label}>
                <p className="font-mono text-sm">{l.label}</p>
                <div className="flex flex-wrap gap-3 pl-3">
                  {l.questions.map((q) => (
                    <label key={q.id} className="flex items-center gap-1 font-mono text-sm">
                      <input type="checkbox" name="question" value={q.id} defaultChecked={q.suggested} />
                      {q.quantity}
                    </label>
                  ))}
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      <button type="submit" className="btn-primary self-start" disabled={pending}>
        Assign and get the link
      </button>
      {state.error && (
        <p role="alert" className="text-red-800">
          {state.error}
        </p>
      )}
    </form>
  );
}

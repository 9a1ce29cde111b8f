"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { parseLesson } from "@descent/autograd/schema";
import { chosenClass } from "./ClassChoice";

type Issue = { path: string; message: string };

/** A teacher's own lesson, as JSON: checked in the browser (every error by path), checked again by the server. */
export function CustomLessonForm({ example }: { example: string }) {
  const router = useRouter();
  const textId = useId();
  const [text, setText] = useState("");
  const [issues, setIssues] = useState<Issue[] | null>(null);
  const [ready, setReady] = useState<{ title: string; statements: number } | null>(null);
  const [busy, setBusy] = useState(false);

  function check(json: string) {
    setReady(null);
    const r = parseLesson(json);
    if (!r.ok) {
      setIssues(r.errors);
      return null;
    }
    setIssues([]);
    setReady({ title: r.lesson.title, statements: r.lesson.iterations.reduce((n, it) => n + it.statements.length, 0) });
    return r.lesson;
  }

  async function host() {
    const lesson = check(text);
    if (!lesson) return;
    setBusy(true);
    const res = await fetch("/api/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ lesson, ...(chosenClass() ? { classId: chosenClass() } : {}) }) });
    const body = (await res.json()) as { hostPath?: string; error?: { message: string; issues?: Issue[] } };
    if (res.ok && body.hostPath) {
      router.push(body.hostPath);
      return;
    }
    setBusy(false);
    setReady(null);
    setIssues(body.error?.issues ?? [{ path: "", message: body.error?.message ?? "The server refused this lesson." }]);
  }

  return (
    <div className="flex flex-col gap-3">
      <label htmlFor={textId} className="font-semibold">
        Lesson JSON
      </label>
      <textarea
        id={textId}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setIssues(null);
          setReady(null);
        }}
        rows={10}
        spellCheck={false}
        placeholder='{ "id": "my-lesson", "title": "…", … }'
        className="w-full rounded-xl border-2 border-slate-300 p-3 font-mono text-xs focus:border-descent-600 focus:outline-none"
      />
      <div className="flex flex-wrap items-center gap-2">
        <label className="btn-secondary cursor-pointer">
          Open a .json file
          <input
            type="file"
            accept="application/json,.json"
            className="sr-only"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              const content = await file.text();
              setText(content);
              check(content);
            }}
          />
        </label>
        <button type="button" className="btn-secondary" onClick={() => setText(example)}>
          Start from the first lesson
        </button>
        <button type="button" className="btn-secondary" onClick={() => check(text)} disabled={text.trim() === ""}>
          Check
        </button>
        <button type="button" className="btn-primary" onClick={host} disabled={busy || text.trim() === ""}>
          {busy ? "Starting…" : "Host this lesson"}
        </button>
      </div>
      <div aria-live="polite">
        {issues && issues.length > 0 && (
          <div role="alert" className="rounded-lg bg-red-50 p-3 text-red-900 ring-1 ring-red-200">
            <p className="font-semibold">
              {issues.length} problem{issues.length === 1 ? "" : "s"} to fix:
            </p>
            <ul className="mt-1 list-disc pl-5 text-sm" data-testid="lesson-issues">
              {issues.map((i, k) => (
                <li key={k}>
                  <code className="font-semibold">{i.path || "(the lesson)"}</code>: {i.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {ready && (
          <p className="rounded-lg bg-emerald-50 p-3 text-emerald-900 ring-1 ring-emerald-200">
            ✓ “{ready.title}” is valid: {ready.statements} statements.
          </p>
        )}
      </div>
    </div>
  );
}

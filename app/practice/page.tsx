import type { Metadata } from "next";
import Link from "next/link";
import { hasVariants, lessons } from "@descent/autograd";
import { PractiseButton } from "./PractiseButton";

export const metadata: Metadata = { title: "Practise alone" };

/** The lesson library for practice on one's own: no session, no account. */
export default function PracticePage() {
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-5 px-5 py-10">
      <p className="font-mono text-sm font-semibold tracking-widest text-descent-700 uppercase">
        <Link href="/">∇ Descent</Link>
      </p>
      <h1 className="text-3xl font-bold">Practise alone</h1>
      <p className="text-slate-700">
        Work through a lesson at your own pace: predict each value, get instant feedback that names the mistake behind a wrong answer, and try
        again on fresh numbers until each concept is mastered (three correct in a row). Nothing to sign up for; your progress stays in this
        browser.
      </p>
      <ul className="flex flex-col gap-4">
        {lessons.map((lesson) => (
          <li key={lesson.id} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 className="text-xl font-semibold" id={`practice-${lesson.id}`}>
              {lesson.title}
            </h2>
            <p className="mt-1 text-slate-700">{lesson.summary}</p>
            {!hasVariants(lesson) && <p className="mt-1 text-sm text-slate-700">Its numbers are fixed: every run uses the lesson&apos;s own.</p>}
            <div className="mt-3">
              <PractiseButton lessonId={lesson.id} describedBy={`practice-${lesson.id}`} />
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}

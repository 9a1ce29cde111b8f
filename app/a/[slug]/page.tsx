import type { Metadata } from "next";
import Link from "next/link";
import { deviceKey } from "@/server/assignments/http";
import { windowOf } from "@/server/assignments/service";
import { services } from "@/server/runtime";
import { StartWork } from "./StartWork";

export const metadata: Metadata = { title: "Assignment" };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "full", timeStyle: "short", timeZone: "UTC" }) + " UTC";

/** A student opens the assignment link: what it is, until when, and (if open) how to start or resume. */
export default async function AssignmentPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { works, sessions } = services();
  const a = await works.assignmentBySlug(slug);
  if (!a) {
    return (
      <main className="mx-auto max-w-md px-5 py-16">
        <h1 className="text-2xl font-bold">No such assignment</h1>
        <p className="mt-3 text-slate-700">Check the link your teacher gave you.</p>
        <Link href="/" className="mt-6 inline-block font-semibold text-descent-700 underline">
          Back to Descent
        </Link>
      </main>
    );
  }
  const state = windowOf(a, Date.now());
  const device = await deviceKey();
  // Works started in this browser: continue one (a lab computer may hold several students'), or start anew.
  const mine = device ? await works.worksOnDevice(a.id, device) : [];
  const lesson = (await sessions.catalog.load(a.lessonId).catch(() => undefined))?.lesson;
  const count = (JSON.parse(a.questions) as unknown[]).length;
  return (
    <main className="mx-auto flex max-w-md flex-col gap-4 px-5 py-10">
      <p className="font-mono text-sm font-semibold tracking-widest text-descent-700 uppercase">∇ Descent · {a.class.name}</p>
      <h1 className="text-3xl font-bold">{a.title}</h1>
      <p className="text-slate-700">
        {lesson?.title ?? a.lessonId}: {count} question{count === 1 ? "" : "s"}, each on numbers of your own.{" "}
        {a.attempts === null ? "Practice: a missed question can be tried again on fresh numbers, as often as you like." : `${a.attempts} attempt${a.attempts === 1 ? "" : "s"}.`}{" "}
        A concept is mastered after {a.mastery} correct answer{a.mastery === 1 ? "" : "s"} in a row.
      </p>
      {a.closesAt && state !== "closed" && <p className="text-slate-700">Closes {when(a.closesAt)}.</p>}
      {state === "not-yet" ? (
        <p role="status" className="rounded-xl bg-amber-50 p-4 font-semibold text-amber-950 ring-1 ring-amber-300">
          This assignment is not open yet: it opens {when(a.opensAt!)}.
        </p>
      ) : state === "closed" ? (
        <p role="status" className="rounded-xl bg-slate-100 p-4 font-semibold ring-1 ring-slate-300">
          This assignment is closed{a.closesAt ? ` (since ${when(a.closesAt)})` : ""}: answers are no longer taken.
        </p>
      ) : null}
      {mine.length > 0 && (
        <section aria-labelledby="continue-heading" className="rounded-2xl bg-white p-5 ring-1 ring-slate-200">
          <h2 id="continue-heading" className="font-semibold">
            Started in this browser
          </h2>
          <ul className="mt-2 flex flex-col gap-2">
            {mine.map((w) => (
              <li key={w.id}>
                <Link href={`/work/${w.id}`} className="btn-primary inline-block">
                  {state === "open" && !w.finishedAt ? `Continue as ${w.label}` : `See ${w.label}'s work`}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {state === "open" && <StartWork slug={slug} asks={a.class.identify === "name" ? "name" : "nickname"} someoneElse={mine.length > 0} />}
    </main>
  );
}

import Link from "next/link";
import { currentTeacher } from "@/server/teacher";
import { JoinForm } from "./_components/JoinForm";

export default async function Home() {
  const teacher = await currentTeacher();
  return (
    <main className="mx-auto flex min-h-dvh max-w-5xl flex-col px-5 py-10 sm:py-16">
      <header className="mb-10">
        <nav aria-label="Teachers" className="mb-6 flex justify-end gap-4 text-sm font-semibold">
          {teacher ? (
            <Link href="/dashboard" className="text-descent-700 underline">
              Dashboard
            </Link>
          ) : (
            <>
              <Link href="/sign-in" className="text-descent-700 underline">
                Sign in
              </Link>
              <Link href="/sign-up" className="text-descent-700 underline">
                Create account
              </Link>
            </>
          )}
        </nav>
        <p className="font-mono text-sm font-semibold tracking-widest text-descent-700 uppercase">∇ Descent</p>
        <h1 className="mt-3 text-4xl font-bold tracking-tight text-balance sm:text-5xl">
          Descent: predict every value of a training loop, then watch PyTorch reveal it.
        </h1>
        <p className="mt-4 max-w-2xl text-lg text-slate-700">
          Your instructor steps through a real training loop — forward pass, loss, <code>backward()</code>,{" "}
          <code>zero_grad()</code>, the optimizer step. Before each value appears, everyone predicts it on their
          own device, and the class sees not only who was wrong but <em>why</em>.
        </p>
      </header>

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="join-heading" className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h2 id="join-heading" className="mb-1 text-xl font-semibold">
            Join a session
          </h2>
          <p className="mb-4 text-slate-600">Type the code on the big screen, or scan its QR code.</p>
          <JoinForm />
        </section>

        <section aria-labelledby="host-heading" className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h2 id="host-heading" className="mb-1 text-xl font-semibold">
            Host a session
          </h2>
          <p className="mb-4 text-slate-600">
            Pick a lesson, put the projector view on the big screen and step through the loop with your class. No
            account needed.
          </p>
          <Link
            href="/host"
            className="inline-block rounded-xl border-2 border-descent-700 px-4 py-3 text-lg font-semibold text-descent-700 hover:bg-descent-50"
          >
            Host a session
          </Link>
        </section>
      </div>

      <section aria-labelledby="practice-heading" className="mt-6 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h2 id="practice-heading" className="mb-1 text-xl font-semibold">
          Practise alone
        </h2>
        <p className="mb-4 text-slate-600">
          No class right now? Work through a lesson at your own pace, on numbers of your own, until you master each concept.
        </p>
        <Link href="/practice" className="inline-block rounded-xl border-2 border-descent-700 px-4 py-3 text-lg font-semibold text-descent-700 hover:bg-descent-50">
          Practise a lesson
        </Link>
      </section>

      <footer className="mt-auto pt-12 text-sm text-slate-600">
        Every number is computed by Descent&apos;s own autograd engine, which follows PyTorch 2.x semantics.
      </footer>
    </main>
  );
}

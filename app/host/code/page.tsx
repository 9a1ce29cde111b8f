import type { Metadata } from "next";
import Link from "next/link";
import { lessons } from "@descent/autograd";
import { CodeLesson } from "./CodeLesson";

export const metadata: Metadata = { title: "A lesson from PyTorch code" };

export default function CodeLessonPage() {
  return (
    <main className="mx-auto max-w-6xl px-5 py-10">
      <Link href="/host" className="text-sm font-semibold text-descent-700 underline">
        ← Lesson library
      </Link>
      <h1 className="mt-3 text-3xl font-bold">A lesson from PyTorch code</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        Paste or type a training loop. Descent runs it as Python would, line by line, on its own autograd engine (the
        same one your students&apos; devices run), and shows every value after every line. Put the cursor on a line to
        see the questions it offers: each with its true value, what every misconception predicts, and its diagnostic
        power — how many different wrong answers it can explain.
      </p>
      <CodeLesson starts={lessons.map((l) => ({ id: l.id, title: l.title, source: `${l.source.join("\n")}\n` }))} />
    </main>
  );
}
